// Defaults per load-balancer type (AWS documentation: docs/aws-behaviour.md#defaults-per-type) and the
// checks that depend on the type. `resolveScenario` turns a validated file into the fully
// specified Scenario the model runs: every setting present, durations in seconds.
import { exp } from "../engine/math";
import type { DistributionSpec } from "../engine/distributions";
import type { Threshold } from "../metrics/thresholds";
import { lognormalParams } from "../engine/distributions";
import type { TimeSeries } from "../metrics/result";
import {
  type CapacityUnitSettings,
  type Pricing,
  resolveCapacityUnits,
  resolveInterZoneLatency,
  resolvePricing,
  resolveSizes,
  type GroupSizes,
} from "./capacity-defaults";
import { type Arrivals, arrivalRate, largestClient, type ParsedArrivals } from "./arrivals";
import { type EmpiricalSpec, type ServiceTimeSpec, serviceCdf } from "./service-time";
import { formatDuration, formatSeconds } from "./units";
import { RETRYABLE, type ScenarioInput, type TimelineEventInput } from "./schema";
import { type AutoScalingGroupSettings, resolveAutoScalingGroups } from "./auto-scaling";

export type SweepBlock = NonNullable<ScenarioInput["sweep"]>;

export type LbType = "classic" | "application" | "network";
export type { CapacityUnitSettings, Pricing, ReservationRequest } from "./capacity-defaults";

/**
 * What the AWS SDKs retry by default: connection failures and timeouts, and HTTP 500, 502, 503 and
 * 504 (docs/design.md#client-retries): every retryable kind.
 */
const DEFAULT_RETRYABLE = RETRYABLE;

/**
 * What adaptive mode's rate limiter takes as throttling unless a group says: the load balancer's
 * 503, its answer when it has no capacity (docs/design.md#adaptive-retries).
 */
const THROTTLING = ["503"];
export type Algorithm = "round_robin" | "least_outstanding_requests" | "random" | "flow_hash" | "power_of_two";

/** A problem with a scenario, as users see it: `path: message`. */
export interface ScenarioError {
  path: string;
  message: string;
}

export interface HealthCheckSettings {
  /** `tcp`: a check passes when the target accepts the connection; `http`: when it answers 2xx in time. */
  protocol: "http" | "tcp";
  interval: number;
  timeout: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
}

/** A target group health threshold: a minimum count and/or percentage of healthy targets (null: off). */
export interface HealthThreshold {
  count: number | null;
  percentage: number | null;
}

export interface ControllerSettings {
  enabled: boolean;
  evaluationInterval: number;
  scaleOutAt: number;
  targetUtilization: number;
  scaleInAt: number;
  scaleInAfter: number;
  provisioningTime: { min: number; max: number };
  retireAfter: number;
  minNodesPerZone: number;
  maxNodesPerZone: number;
}

export interface LoadBalancerSettings {
  type: LbType;
  crossZone: boolean;
  algorithm: Algorithm;
  nodesPerZone: number;
  node: { capacity: number; surgeQueue: number };
  healthCheck: HealthCheckSettings;
  deregistrationDelay: number;
  idleTimeout: number;
  slowStart: number;
  stickiness: { type: "none" | "lb_cookie" | "app_cookie"; duration: number };
  dns: { ttl: number; maxRecords: number; propagationDelay: number };
  controller: ControllerSettings;
  /** When every target a node could use is unhealthy: route to them all (fail open) or answer 503. */
  allUnhealthy: "fail-open" | "503";
  /** Application and network: when a zone's healthy targets fall below these, it fails over. */
  targetGroupHealth: { dnsFailover: HealthThreshold; routingFailover: HealthThreshold };
  /** Application and network: capacity in LCU dimensions (docs/design.md#capacity-units), or null. */
  capacityUnits: CapacityUnitSettings | null;
  /** Seconds one hop between two zones adds, each way (docs/aws-behaviour.md#inter-zone-latency). */
  interZoneLatency: number;
}

export interface TargetGroup {
  zone: string;
  /** The targets' ids when they are not `<zone>-<n>` (an Auto Scaling group's slots). */
  ids?: readonly string[];
  count: number;
  concurrency: number;
  queue: number;
  serviceTime: ServiceTimeSpec;
  registered: boolean;
}

export interface RatePoint {
  at: number;
  rps: number;
}

/** How a client group retries (docs/design.md#client-retries); delays in seconds. */
export type RetrySettings =
  | { policy: "none" }
  | {
      policy: "fixed";
      attempts: number;
      delay: number;
      backoff: "constant" | "exponential";
      maxDelay: number;
      jitter: "none" | "full";
      on: string[];
    }
  | ({ policy: "aws-standard" } & AwsStandardRetry)
  | ({ policy: "aws-adaptive"; throttling: string[]; limiter: AdaptiveLimiter } & AwsStandardRetry);

/** The AWS SDKs' standard mode (docs/aws-behaviour.md#sdk-retries), which adaptive mode builds on. */
export interface AwsStandardRetry {
  attempts: number;
  baseDelay: number;
  maxDelay: number;
  quota: { tokens: number; cost: number; timeoutCost: number; refund: number };
  on: string[];
}

/** The constants of adaptive mode's rate limiter (docs/aws-behaviour.md#sdk-adaptive-retries). */
export interface AdaptiveLimiter {
  beta: number;
  scaleConstant: number;
  smoothing: number;
  /** Tokens a second the bucket fills at, at the least. */
  minFillRate: number;
  /** Tokens the bucket holds, at the least. */
  minCapacity: number;
}

export interface ClientGroup {
  name: string;
  count: number;
  /** Shared recursive resolvers, or null when each client asks DNS itself. */
  resolvers: number | null;
  /** How long a client keeps a DNS answer: the record's TTL, a fixed number of seconds, or forever. */
  dnsCache: "ttl" | "forever" | number;
  pick: "first" | "random";
  connection: { keepAlive: boolean; maxRequests: number };
  arrival: "poisson" | "constant";
  /**
   * Requests per second, linear between points, constant before the first and after the last. A
   * group that replays arrivals has their rate here, for display only.
   */
  rate: RatePoint[];
  /** Closed-loop users over time (linear between points), or null for an open-loop `rate`. */
  users: { at: number; users: number }[] | null;
  /** A user's think time between an answer and its next request. */
  thinkTime: DistributionSpec;
  /** Seconds after which the client gives up on an attempt, or null. */
  timeout: number | null;
  /** Seconds after which the client gives up on a new connection not yet made, or null. */
  connectTimeout: number | null;
  /** Bytes per request and per response, or null when the group does not say (no ProcessedBytes). */
  bytes: { request: number; response: number } | null;
  /** Sizes drawn per request (docs/design.md#capacity-units), or null when both are constant. */
  byteDistributions: GroupSizes["distributions"];
  /** The clients' zone (for inter-zone latency), or null when they are outside every zone. */
  zone: string | null;
  retry: RetrySettings;
  breaker: { failures: number; openFor: number } | null;
  /** Individual requests to replay instead of drawing arrivals from the rate, or null. */
  arrivals: Arrivals | null;
}

export type TimelineEvent = TimelineEventInput;

export interface Scenario {
  version: 1;
  name: string;
  title: string;
  description: string;
  seed: number;
  duration: number;
  metricsInterval: number;
  zones: string[];
  loadBalancer: LoadBalancerSettings;
  targets: TargetGroup[];
  /** EC2 Auto Scaling groups whose instances are targets too (auto-scaling.ts); usually none. */
  autoScalingGroups: AutoScalingGroupSettings[];
  clients: ClientGroup[];
  events: TimelineEvent[];
  variants: Record<string, Record<string, unknown>>;
  /** Checks on the result (sim/metrics/thresholds.ts), the file's and then --threshold's. */
  thresholds: Threshold[];
  /** What `elbsim sweep` varies when no --vary is given (sim/scenario/sweep.ts); null when the file has none. */
  sweep: SweepBlock | null;
  /** For each `set` event (by index in `events`): the load balancer's settings once it applies. */
  settingsAfter: Record<number, LoadBalancerSettings>;
  /** What was observed where the scenario comes from, on the scenario's buckets; null if nothing. */
  observed: ObservedData | null;
  /** List prices for the cost section, or null when the scenario asks for no cost. */
  pricing: Pricing | null;
}

/** Observed series on the scenario's buckets, and the file they came from. */
export interface ObservedData extends TimeSeries {
  trace: string;
}

/** What the scenario's files hold, read by the loader (load.ts) before the scenario is resolved. */
export interface ScenarioFiles {
  /** Empirical service times by the file name a target group gives. */
  serviceTimes?: ReadonlyMap<string, EmpiricalSpec>;
  /** Each replaying client group's arrivals, by the group's index. */
  arrivals?: ReadonlyMap<number, ParsedArrivals>;
  observed?: ObservedData | null;
}

interface TypeDefaults {
  crossZone: boolean;
  algorithm: Algorithm;
  healthCheck: HealthCheckSettings;
  timeoutMax: number;
  deregistrationDelayMin: number;
  idleTimeout: number;
  allUnhealthy: "fail-open" | "503";
}

/** AWS's documented defaults per type (docs/aws-behaviour.md#defaults-per-type). */
export const TYPE_DEFAULTS: Record<LbType, TypeDefaults> = {
  classic: {
    crossZone: false, // off when created through the API (docs/aws-behaviour.md#cross-zone-defaults)
    algorithm: "least_outstanding_requests", // HTTP listeners (docs/aws-behaviour.md#classic-routing)
    healthCheck: { protocol: "http", interval: 30, timeout: 5, healthyThreshold: 10, unhealthyThreshold: 2 },
    timeoutMax: 60,
    deregistrationDelayMin: 1,
    idleTimeout: 60,
    allUnhealthy: "503",
  },
  application: {
    crossZone: true,
    algorithm: "round_robin",
    healthCheck: { protocol: "http", interval: 30, timeout: 5, healthyThreshold: 5, unhealthyThreshold: 2 },
    timeoutMax: 120,
    deregistrationDelayMin: 0,
    idleTimeout: 60,
    allUnhealthy: "fail-open",
  },
  network: {
    crossZone: false,
    algorithm: "flow_hash",
    // TCP by default, with a 10 s timeout (6 s for HTTP checks): docs/aws-behaviour.md#health-check-settings.
    healthCheck: { protocol: "tcp", interval: 30, timeout: 10, healthyThreshold: 5, unhealthyThreshold: 2 },
    timeoutMax: 120,
    deregistrationDelayMin: 0,
    idleTimeout: 350,
    allUnhealthy: "fail-open",
  },
};

/** Fills in defaults and checks what depends on the type or on several settings at once. */
export function resolveScenario(
  input: ScenarioInput,
  files: ScenarioFiles = {},
): { scenario: Scenario; errors: ScenarioError[] } {
  const errors: ScenarioError[] = [];
  const fail = (path: string, message: string) => errors.push({ path, message });
  const lb = input.loadBalancer;
  const type: LbType = lb.type ?? "application";
  const td = TYPE_DEFAULTS[type];
  const healthCheck: HealthCheckSettings = { ...td.healthCheck, ...lb.healthCheck };
  if (type === "application" && healthCheck.protocol === "tcp") {
    // Application load balancers check over HTTP or HTTPS (docs/aws-behaviour.md#health-check-settings).
    fail("loadBalancer.healthCheck.protocol", "must be http for an application load balancer, got tcp");
  }
  if (type === "network" && healthCheck.protocol === "http" && lb.healthCheck?.timeout === undefined) {
    healthCheck.timeout = 6;
  }
  if (healthCheck.timeout > td.timeoutMax) {
    fail(
      "loadBalancer.healthCheck.timeout",
      `must be 2s to ${td.timeoutMax}s for a ${type} load balancer, got ${formatSeconds(healthCheck.timeout)}`,
    );
  }
  if (healthCheck.timeout >= healthCheck.interval) {
    // The timeout must be shorter than the interval: documented for classic
    // (docs/aws-behaviour.md#timeout-shorter-than-the-interval), applied to every type
    // (docs/design.md#timeout-shorter-than-the-interval-for-every-type).
    fail(
      "loadBalancer.healthCheck.timeout",
      `must be shorter than the interval (${formatSeconds(healthCheck.interval)}), got ${formatSeconds(healthCheck.timeout)}`,
    );
  }
  const deregistrationDelay = lb.deregistrationDelay ?? 300;
  if (deregistrationDelay < td.deregistrationDelayMin) {
    fail(
      "loadBalancer.deregistrationDelay",
      `must be 1s to 3600s for a classic load balancer, got ${formatSeconds(deregistrationDelay)}`,
    );
  }
  const slowStart = lb.slowStart ?? 0;
  if (slowStart !== 0 && slowStart < 30) {
    fail("loadBalancer.slowStart", `must be 0s (off) or 30s to 900s, got ${formatSeconds(slowStart)}`);
  }
  const algorithm = lb.algorithm ?? td.algorithm;
  if (slowStart > 0 && algorithm === "least_outstanding_requests") {
    // "You cannot enable both slow start mode and least outstanding requests"
    // (docs/aws-behaviour.md#slow-start).
    fail("loadBalancer.slowStart", "cannot be combined with least_outstanding_requests (as in AWS)");
  }
  if (slowStart > 0 && type !== "application") {
    fail("loadBalancer.slowStart", `is an application load balancer setting, not ${type}`);
  }

  const c = lb.controller ?? {};
  const controller: ControllerSettings = {
    enabled: c.enabled ?? false,
    evaluationInterval: c.evaluationInterval ?? 60,
    scaleOutAt: c.scaleOutAt ?? 0.7,
    targetUtilization: c.targetUtilization ?? 0.5,
    scaleInAt: c.scaleInAt ?? 0.3,
    scaleInAfter: c.scaleInAfter ?? 900,
    // "1 to 7 minutes" (docs/aws-behaviour.md#scaling-takes-1-to-7-minutes)
    provisioningTime: c.provisioningTime ?? { min: 60, max: 420 },
    retireAfter: c.retireAfter ?? 600,
    minNodesPerZone: c.minNodesPerZone ?? 1,
    maxNodesPerZone: c.maxNodesPerZone ?? 20,
  };
  if (controller.provisioningTime.min > controller.provisioningTime.max) {
    fail("loadBalancer.controller.provisioningTime", "min must not exceed max");
  }
  if (controller.minNodesPerZone > controller.maxNodesPerZone) {
    fail("loadBalancer.controller.minNodesPerZone", `must not exceed maxNodesPerZone (${controller.maxNodesPerZone})`);
  }
  if (controller.scaleInAt >= controller.scaleOutAt) {
    fail("loadBalancer.controller.scaleInAt", `must be below scaleOutAt (${controller.scaleOutAt})`);
  }
  const nodesPerZone = Math.max(lb.nodesPerZone ?? 1, controller.enabled ? controller.minNodesPerZone : 1);
  const capacity = lb.node?.capacity ?? Infinity;
  const capacityUnits = resolveCapacityUnits(lb.capacityUnits, type, fail);
  if (controller.enabled && capacity === Infinity && capacityUnits === null) {
    fail("loadBalancer.controller.enabled", "needs a finite loadBalancer.node.capacity to measure utilisation");
  }

  if (type === "network" && lb.stickiness && lb.stickiness.type !== "none") {
    // A network target group's only stickiness is by source IP (docs/aws-behaviour.md#behaviour-by-type):
    // with flow_hash a connection stays on its target already.
    fail(
      "loadBalancer.stickiness.type",
      `must be none for a network load balancer (no cookies at layer 4), got ${lb.stickiness.type}`,
    );
  }
  const targetGroupHealth = resolveTargetGroupHealth(lb.targetGroupHealth, type, fail);
  const loadBalancer: LoadBalancerSettings = {
    type,
    crossZone: lb.crossZone ?? td.crossZone,
    algorithm,
    nodesPerZone,
    node: { capacity, surgeQueue: lb.node?.surgeQueue ?? 1024 },
    healthCheck,
    deregistrationDelay,
    idleTimeout: lb.idleTimeout ?? td.idleTimeout,
    slowStart,
    stickiness: { type: lb.stickiness?.type ?? "none", duration: lb.stickiness?.duration ?? 86400 },
    dns: {
      ttl: lb.dns?.ttl ?? 60,
      maxRecords: lb.dns?.maxRecords ?? 8,
      propagationDelay: lb.dns?.propagationDelay ?? 0,
    },
    controller,
    allUnhealthy: td.allUnhealthy,
    targetGroupHealth,
    capacityUnits,
    interZoneLatency: resolveInterZoneLatency(lb.interZoneLatency),
  };

  const zones = input.zones;
  const seen = new Set<string>();
  zones.forEach((zone, i) => {
    if (seen.has(zone)) fail(`zones.${i}`, `zone ${zone} is listed twice`);
    seen.add(zone);
  });

  const targets: TargetGroup[] = input.targets.map((t, i) => {
    if (!seen.has(t.zone)) fail(`targets.${i}.zone`, `must be one of the zones (${zones.join(", ")}), got ${t.zone}`);
    let serviceTime: ServiceTimeSpec =
      typeof t.serviceTime === "number"
        ? { distribution: "constant", mean: t.serviceTime }
        : (t.serviceTime as DistributionSpec);
    if (typeof t.serviceTime === "object" && t.serviceTime.distribution === "empirical") {
      const spec = files.serviceTimes?.get(t.serviceTime.trace);
      if (!spec) fail(`targets.${i}.serviceTime.trace`, "traces must be loaded before the scenario is resolved");
      serviceTime = spec ?? { distribution: "constant", mean: 1 };
    }
    if (serviceTime.distribution === "lognormal" && !lognormalParams(serviceTime.mean, serviceTime.p99)) {
      fail(
        `targets.${i}.serviceTime.p99`,
        `must be above the mean and at most ${Math.floor(exp(2.3263478740408408 ** 2 / 2))}× it for a lognormal, got mean ${formatDuration(serviceTime.mean)} and p99 ${formatDuration(serviceTime.p99)}`,
      );
    }
    if (serviceTime.distribution === "uniform" && serviceTime.min > serviceTime.max) {
      fail(`targets.${i}.serviceTime.min`, "must not exceed max");
    }
    return {
      zone: t.zone,
      count: t.count,
      concurrency: t.concurrency,
      queue: t.queue,
      serviceTime,
      registered: t.registered,
    };
  });

  const autoScalingGroups = resolveAutoScalingGroups(input, type, fail);
  if (targets.length === 0 && autoScalingGroups.length === 0) fail("targets", "needs at least one target group");

  const names = new Set<string>();
  const clients: ClientGroup[] = input.clients.map((g, i) => {
    if (names.has(g.name)) fail(`clients.${i}.name`, `client group ${g.name} is named twice`);
    names.add(g.name);
    if (g.zone !== undefined && !zones.includes(g.zone))
      fail(`clients.${i}.zone`, `must be one of the zones (${zones.join(", ")}), got ${g.zone}`);
    let rate: RatePoint[] = [];
    let users = g.users === undefined ? null : typeof g.users === "number" ? [{ at: 0, users: g.users }] : g.users;
    if (users !== null && !Array.isArray(users)) {
      fail(`clients.${i}.users.trace`, "traces must be loaded before the scenario is resolved");
      users = [{ at: 0, users: 0 }];
    }
    const given = [
      g.rate !== undefined && "a rate",
      users !== null && "users",
      g.arrivals !== undefined && "arrivals",
    ].filter((x): x is string => x !== false);
    if (given.length === 0) fail(`clients.${i}`, "needs a rate, users or arrivals");
    if (given.length > 1) fail(`clients.${i}`, `has ${given.join(" and ")}: give one`);
    let arrivals: Arrivals | null = null;
    if (g.arrivals) {
      const parsed = files.arrivals?.get(i);
      if (!parsed) fail(`clients.${i}.arrivals.trace`, "traces must be loaded before the scenario is resolved");
      else {
        arrivals = replayed(parsed, targets, `clients.${i}`, g.count, fail);
        rate = arrivalRate(parsed.time, input.duration);
      }
    } else if (users) {
      rate = [{ at: 0, rps: 0 }];
      for (let k = 1; k < users.length; k++) {
        if (users[k].at < users[k - 1].at)
          fail(
            `clients.${i}.users.${k}.at`,
            `must not be before the previous stage (${formatDuration(users[k - 1].at)})`,
          );
      }
      const most = Math.max(...users.map((u) => u.users));
      if (g.count !== undefined && g.count < most && g.count !== 1)
        fail(`clients.${i}.count`, `must be at least the most users (${most}), got ${g.count}`);
    } else if (g.rate === undefined) {
      rate = [{ at: 0, rps: 0 }];
    } else if (typeof g.rate === "number") rate = [{ at: 0, rps: g.rate }];
    else if (Array.isArray(g.rate)) {
      rate = g.rate;
      for (let k = 1; k < rate.length; k++) {
        if (rate[k].at < rate[k - 1].at)
          fail(
            `clients.${i}.rate.${k}.at`,
            `must not be before the previous point (${formatDuration(rate[k - 1].at)})`,
          );
      }
    } else fail(`clients.${i}.rate.trace`, "traces must be loaded before the scenario is resolved");
    if (
      typeof g.thinkTime === "object" &&
      g.thinkTime.distribution === "lognormal" &&
      !lognormalParams(g.thinkTime.mean, g.thinkTime.p99)
    )
      fail(`clients.${i}.thinkTime.p99`, "must be above the mean for a lognormal distribution");
    const retry: RetrySettings =
      g.retry === undefined || g.retry.policy === "none"
        ? { policy: "none" }
        : g.retry.policy === "fixed"
          ? { ...g.retry, maxDelay: g.retry.maxDelay ?? Infinity, on: g.retry.on ?? [...DEFAULT_RETRYABLE] }
          : g.retry.policy === "aws-standard"
            ? { ...g.retry, on: g.retry.on ?? [...DEFAULT_RETRYABLE] }
            : {
                ...g.retry,
                on: g.retry.on ?? [...DEFAULT_RETRYABLE],
                throttling: g.retry.throttling ?? [...THROTTLING],
              };
    if ((retry.policy === "aws-standard" || retry.policy === "aws-adaptive") && retry.maxDelay < retry.baseDelay)
      fail(`clients.${i}.retry.maxDelay`, `must be at least baseDelay (${formatSeconds(retry.baseDelay)})`);
    if (retry.policy === "fixed" && retry.maxDelay < retry.delay)
      fail(`clients.${i}.retry.maxDelay`, `must be at least delay (${formatSeconds(retry.delay)})`);
    const { arrivals: _, ...group } = g;
    return {
      ...group,
      resolvers: g.resolvers ?? null,
      rate,
      arrivals,
      // One client per user: each has its own connection and DNS cache.
      count: users ? Math.max(...users.map((u) => u.users), 1) : g.count,
      users,
      thinkTime: thinkTime(g.thinkTime, `clients.${i}.thinkTime`, fail),
      timeout: g.timeout ?? null,
      ...sizesOf(resolveSizes(g.requestBytes, g.responseBytes, `clients.${i}`, fail)),
      zone: g.zone ?? null,
      connectTimeout: g.connectTimeout ?? null,
      retry,
      breaker: g.breaker ?? null,
    };
  });

  const scenario: Scenario = {
    version: 1,
    name: input.name,
    title: input.title ?? input.name,
    description: input.description ?? "",
    seed: input.seed,
    duration: input.duration,
    metricsInterval: input.metricsInterval,
    zones,
    loadBalancer,
    targets,
    autoScalingGroups,
    clients,
    events: input.events,
    variants: input.variants,
    thresholds: input.thresholds,
    sweep: input.sweep ?? null,
    settingsAfter: {},
    observed: files.observed ?? null,
    pricing: resolvePricing(input.pricing, type, capacityUnits !== null),
  };
  input.events.forEach((event, i) => {
    // The run ends at `duration`; an event after it would never happen.
    if (event.at > input.duration) {
      fail(
        `events.${i}.at`,
        `must be at most the duration (${formatSeconds(input.duration)}), got ${formatSeconds(event.at)}`,
      );
    }
  });
  if (input.metricsInterval > input.duration) {
    fail(
      "metricsInterval",
      `must be at most the duration (${formatSeconds(input.duration)}), got ${formatSeconds(input.metricsInterval)}`,
    );
  } else if (input.duration / input.metricsInterval > 1_000_000) {
    fail(
      "metricsInterval",
      `gives more than a million buckets over ${formatDuration(input.duration)}; use a longer interval`,
    );
  }
  return { scenario, errors };
}

/**
 * A client group's arrivals as the model replays them: clients within the group's count, and
 * service times turned into sizes by the targets' distribution, which must then be one for all
 * (a request can go to any target: docs/design.md#request-level-replay).
 */
function replayed(
  parsed: ParsedArrivals,
  targets: readonly TargetGroup[],
  path: string,
  count: number,
  fail: (path: string, message: string) => void,
): Arrivals {
  const largest = largestClient(parsed);
  if (largest >= count)
    fail(`${path}.count`, `must be more than the largest client the arrivals name (${largest}), got ${count}`);
  const { service, ...arrivals } = parsed;
  if (!service) return arrivals;
  const spec = JSON.stringify(targets[0]?.serviceTime);
  const other = targets.findIndex((t) => JSON.stringify(t.serviceTime) !== spec);
  if (other >= 0) {
    fail(
      `${path}.arrivals.trace`,
      `gives service times, which need one serviceTime for every target group (targets.${other} differs from targets.0)`,
    );
    return arrivals;
  }
  const cdf = serviceCdf(targets[0].serviceTime);
  const size = new Float64Array(service.length);
  for (let k = 0; k < service.length; k++) size[k] = Number.isNaN(service[k]) ? Number.NaN : cdf(service[k]);
  return { ...arrivals, size };
}

/** Target ids in the order of the groups: `<zone>-<n>`, n counting from 1 within each zone. */
export function targetIds(targets: readonly TargetGroup[]): string[] {
  const next = new Map<string, number>();
  const ids: string[] = [];
  for (const group of targets) {
    if (group.ids) {
      ids.push(...group.ids);
      continue;
    }
    for (let k = 0; k < group.count; k++) {
      const n = (next.get(group.zone) ?? 0) + 1;
      next.set(group.zone, n);
      ids.push(`${group.zone}-${n}`);
    }
  }
  return ids;
}

type ThresholdInput = { count?: number | "off"; percentage?: number | "off" };

/**
 * Target group health thresholds (application and network; docs/aws-behaviour.md#target-group-health-thresholds):
 * AWS's defaults are one healthy target for both actions and no percentage, and "the threshold for
 * DNS failover must be greater than or equal to the threshold for routing failover".
 */
function resolveTargetGroupHealth(
  input: { dnsFailover?: ThresholdInput; routingFailover?: ThresholdInput } | undefined,
  type: LbType,
  fail: (path: string, message: string) => void,
): LoadBalancerSettings["targetGroupHealth"] {
  const path = "loadBalancer.targetGroupHealth";
  if (input && type === "classic") fail(path, "is an application and network load balancer setting, not classic");
  const resolve = (t: ThresholdInput | undefined): HealthThreshold => {
    const count = t?.count ?? 1;
    const percentage = t?.percentage ?? "off";
    return { count: count === "off" ? null : count, percentage: percentage === "off" ? null : percentage };
  };
  const dnsFailover = resolve(input?.dnsFailover);
  const routingFailover = resolve(input?.routingFailover);
  if (routingFailover.count === null)
    fail(`${path}.routingFailover.count`, "must be 1 or more (off is for DNS failover only)");
  for (const key of ["count", "percentage"] as const) {
    const dns = dnsFailover[key];
    const routing = routingFailover[key];
    if (dns !== null && routing !== null && dns < routing) {
      fail(`${path}.dnsFailover.${key}`, `must be at least routingFailover.${key} (${routing}), got ${dns}`);
    }
  }
  return { dnsFailover, routingFailover };
}

/** A closed-loop user's think time: a duration or a distribution (not one read from a file). */
function thinkTime(
  input: number | { distribution: string } | undefined,
  path: string,
  fail: (path: string, message: string) => void,
): DistributionSpec {
  if (input === undefined) return { distribution: "constant", mean: 0 };
  if (typeof input === "number") return { distribution: "constant", mean: input };
  if (input.distribution === "empirical") {
    fail(`${path}.distribution`, "must be constant, exponential, lognormal or uniform for a think time");
    return { distribution: "constant", mean: 0 };
  }
  return input as DistributionSpec;
}

function sizesOf(sizes: GroupSizes): Pick<ClientGroup, "bytes" | "byteDistributions"> {
  return { bytes: sizes.bytes, byteDistributions: sizes.distributions };
}
