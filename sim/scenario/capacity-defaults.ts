// Defaults and checks for capacity units, LCU reservation, inter-zone latency and pricing
// (docs/design.md#capacity-units). Each documented number is cited where it is set.
import { type DistributionSpec, lognormalParams, meanOf } from "../engine/distributions";
import type { ScenarioInput } from "./schema";
import { formatDuration } from "./units";

type Type = "classic" | "application" | "network";

export interface ReservationRequest {
  at: number;
  lcus: number;
}

/** The capacity-unit model (application and network only), or null for the request-rate model. */
export interface CapacityUnitSettings {
  /** LCUs one node (network: one capacity unit behind a zone's address) can carry. */
  perNode: number;
  /** Application: rules evaluated per request. */
  rules: number;
  /** Application: new connections cost a TLS handshake; network: a TLS listener's units. */
  tls: boolean;
  reservation: { provisioningTime: number; requests: ReservationRequest[] } | null;
}

/** List prices in dollars (docs/aws-behaviour.md#pricing). */
export interface Pricing {
  region: string;
  loadBalancerHour: number;
  lcuHour: number;
  processedGb: number;
  crossZoneGb: number;
}

/** The node's default size in LCUs: AWS documents none (docs/design.md#capacity-units). */
export const DEFAULT_LCUS_PER_NODE = 100;

/**
 * "Single-digit millisecond latency" between zones (docs/aws-behaviour.md#inter-zone-latency): 1 ms
 * one way per hop, the low end, since zones in a region are at most ~100 km apart.
 */
export const TYPICAL_INTER_ZONE_LATENCY = 0.001;

/**
 * US East (N. Virginia) list prices (docs/aws-behaviour.md#pricing). Cross-zone data transfer is
 * charged by default for network load balancers only, $0.01/GB at each end of every crossing
 * (client to node, node to target); no stored page charges an application or classic load
 * balancer's hops, so theirs default to 0 (a choice, docs/design.md#capacity-units).
 */
export const DEFAULT_PRICING: Record<Type, Pricing> = {
  application: { region: "us-east-1", loadBalancerHour: 0.0225, lcuHour: 0.008, processedGb: 0, crossZoneGb: 0 },
  network: { region: "us-east-1", loadBalancerHour: 0.0225, lcuHour: 0.006, processedGb: 0, crossZoneGb: 0.01 },
  classic: { region: "us-east-1", loadBalancerHour: 0.025, lcuHour: 0, processedGb: 0.008, crossZoneGb: 0 },
};

/**
 * How long a reservation takes to be provisioned: "typically fulfilled within a few minutes"
 * (application) and "within an hour" (network) (docs/aws-behaviour.md#lcu-reservation).
 */
const RESERVATION_PROVISIONING: Record<Type, number> = { application: 300, network: 3600, classic: 0 };

/** "You can only decrease the reserved capacity two times per day" (docs/aws-behaviour.md#lcu-reservation). */
export const DECREASES_PER_DAY = 2;

type Fail = (path: string, message: string) => void;

export function resolveCapacityUnits(
  input: ScenarioInput["loadBalancer"]["capacityUnits"],
  type: Type,
  fail: Fail,
): CapacityUnitSettings | null {
  if (input === undefined) return null;
  const path = "loadBalancer.capacityUnits";
  if (type === "classic") {
    fail(path, "classic load balancers are not sized in capacity units: give loadBalancer.node.capacity instead");
    return null;
  }
  if (type === "network" && input.rules !== undefined)
    fail(`${path}.rules`, "network load balancers evaluate no listener rules (layer 4)");
  const tls = input.tls ?? false;
  let reservation: CapacityUnitSettings["reservation"] = null;
  if (input.reservation) {
    if (type === "network" && tls)
      // "LCU reservation is not supported on Network Load Balancers using TLS listeners."
      fail(`${path}.reservation`, "LCU reservation is not supported on network load balancers with TLS listeners");
    const provisioningTime = input.reservation.provisioningTime ?? RESERVATION_PROVISIONING[type];
    const requests = input.reservation.requests;
    checkReservation(requests, provisioningTime, `${path}.reservation.requests`, fail);
    reservation = { provisioningTime, requests };
  }
  return { perNode: input.perNode ?? DEFAULT_LCUS_PER_NODE, rules: input.rules ?? 0, tls, reservation };
}

/**
 * A reservation's documented limits: "to update an existing reservation, the previous request must be
 * provisioned or failed", and at most two decreases a day (docs/aws-behaviour.md#lcu-reservation).
 */
function checkReservation(requests: ReservationRequest[], provisioning: number, path: string, fail: Fail): void {
  const decreases: number[] = [];
  requests.forEach((request, i) => {
    if (i === 0) return;
    const previous = requests[i - 1];
    // A decrease applies at once (sim/model/lcu-reservation.ts provisioningDelay).
    const before = i > 1 ? requests[i - 2].lcus : 0;
    const delay = previous.lcus < before || previous.lcus === 0 ? 0 : provisioning;
    if (request.at < previous.at + delay) {
      fail(
        `${path}.${i}.at`,
        `must be at least ${formatDuration(previous.at + delay)}: the previous request (at ${formatDuration(previous.at)}) must be provisioned first, ${formatDuration(delay)} after it was made`,
      );
      return;
    }
    if (request.at <= previous.at) {
      fail(`${path}.${i}.at`, `must be after the previous request (at ${formatDuration(previous.at)})`);
      return;
    }
    if (request.lcus < previous.lcus) {
      decreases.push(request.at);
      const inADay = decreases.filter((at) => at > request.at - 86400);
      if (inADay.length > DECREASES_PER_DAY)
        fail(
          `${path}.${i}.lcus`,
          `decreases the reservation a third time within a day (AWS allows ${DECREASES_PER_DAY} decreases per day)`,
        );
    }
  });
}

export function resolveInterZoneLatency(input: "typical" | number | undefined): number {
  if (input === undefined) return 0;
  return input === "typical" ? TYPICAL_INTER_ZONE_LATENCY : input;
}

export function resolvePricing(input: ScenarioInput["pricing"], type: Type, used: boolean): Pricing | null {
  if (input === undefined && !used) return null;
  return { ...DEFAULT_PRICING[type], ...input };
}

type SizeInput = ScenarioInput["clients"][number]["requestBytes"];

/** A group's request and response sizes: their means, and the distributions drawn per request (null: constant). */
export interface GroupSizes {
  bytes: { request: number; response: number } | null;
  distributions: { request: DistributionSpec | null; response: DistributionSpec | null } | null;
}

export function resolveSizes(request: SizeInput, response: SizeInput, path: string, fail: Fail): GroupSizes {
  if (request === undefined && response === undefined) return { bytes: null, distributions: null };
  const spec = (input: SizeInput, name: string): DistributionSpec => {
    if (input === undefined) return { distribution: "constant", mean: 0 };
    if (typeof input === "number") return { distribution: "constant", mean: input };
    if (input.distribution === "lognormal" && !lognormalParams(input.mean, input.p99))
      fail(`${path}.${name}.p99`, "must be above the mean and at most 14× it for a lognormal");
    if (input.distribution === "uniform" && input.min > input.max) fail(`${path}.${name}.min`, "must not exceed max");
    return input;
  };
  const req = spec(request, "requestBytes");
  const res = spec(response, "responseBytes");
  const drawn = (d: DistributionSpec) => (d.distribution === "constant" ? null : d);
  const distributions = drawn(req) || drawn(res) ? { request: drawn(req), response: drawn(res) } : null;
  return { bytes: { request: meanOf(req), response: meanOf(res) }, distributions };
}
