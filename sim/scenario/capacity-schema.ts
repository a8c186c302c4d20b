// The scenario settings for capacity units, LCU reservation, inter-zone latency and pricing
// (docs/design.md#capacity-units). schema.ts builds them with its own number and duration
// checks, passed in here so that this file imports nothing from it.
import { z } from "zod";
import { size } from "./sizes";

/** The number and duration checks of schema.ts (passed in: no import cycle). */
export interface Checks {
  // biome-ignore lint/suspicious/noExplicitAny: zod schemas of any output
  number(range: { min: number; max: number }, integer?: boolean): z.ZodType<number, any>;
  // biome-ignore lint/suspicious/noExplicitAny: zod schemas of any output
  duration(range: { min: number; max: number }): z.ZodType<number, any>;
}

const DAY = 86400;
/** At most 1e9 LCUs anywhere: a reservation of 1e308 would make a fleet no run can hold. */
const LCUS = { min: 0, max: 1e9 };

const BYTES = size(0, 1e9);
/**
 * A request or response size: bytes, or a size with a unit (`2KB`, `1MiB`), up to 1 GB; or a
 * distribution of sizes, each request drawing its own (constant, exponential, lognormal by mean
 * and p99, uniform).
 */
export const bytes = z.union([
  BYTES,
  z.strictObject({ distribution: z.literal("constant"), mean: BYTES }),
  z.strictObject({ distribution: z.literal("exponential"), mean: BYTES }),
  z.strictObject({ distribution: z.literal("lognormal"), mean: BYTES, p99: BYTES }),
  z.strictObject({ distribution: z.literal("uniform"), min: BYTES, max: BYTES }),
]);

export function capacitySchemas({ number, duration }: Checks) {
  /** One change of the LCU reservation (docs/aws-behaviour.md#lcu-reservation). */
  const reservationRequest = z.strictObject({
    /** When it is requested; it takes effect `provisioningTime` later. */
    at: duration({ min: 0, max: 30 * DAY }),
    /** The reserved minimum for the whole load balancer (0: reset the reservation). */
    // MinimumLoadBalancerCapacity.CapacityUnits is an Integer (docs/aws-behaviour.md#lcu-reservation).
    lcus: number(LCUS, true),
  });
  const capacityUnits = z.strictObject({
    /** LCUs (network: NLCUs) one node, or one unit behind a network zone's address, can carry. */
    perNode: number({ min: 0.001, max: 1e9 }).optional(),
    /** Application: listener rules evaluated per request (the first 10 are free). */
    rules: number({ min: 0, max: 1000 }, true).optional(),
    /** Application: whether a new connection's TLS handshake costs the node (HTTPS listener). */
    tls: z.boolean().optional(),
    reservation: z
      .strictObject({
        provisioningTime: duration({ min: 0, max: 30 * DAY }).optional(),
        requests: z.array(reservationRequest).min(1, { error: "needs at least one request" }),
      })
      .optional(),
  });
  /** One-way latency a hop between two zones adds, or `typical` (docs/aws-behaviour.md#inter-zone-latency). */
  const interZoneLatency = z.union([z.literal("typical"), duration({ min: 0, max: 1 })]);
  const price = number({ min: 0, max: 1e6 });
  const pricing = z.strictObject({
    /** A label for where the prices come from. */
    region: z.string().max(60).optional(),
    loadBalancerHour: price.optional(),
    lcuHour: price.optional(),
    /** Classic: per GB processed. */
    processedGb: price.optional(),
    /** Per GB crossing zones between a node and a target, each direction (network only by default). */
    crossZoneGb: price.optional(),
  });
  return { capacityUnits, interZoneLatency, pricing };
}
