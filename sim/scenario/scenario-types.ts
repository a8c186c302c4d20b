// The fully specified scenario the model runs (every setting present, durations in seconds), which
// `resolveScenario` (defaults.ts) makes from a validated file, and the errors it reports.
import type { DistributionSpec } from "../engine/distributions";
import type { Threshold } from "../metrics/thresholds";
import type { TimeSeries } from "../metrics/result";
import type { CapacityUnitSettings, Pricing, GroupSizes } from "./capacity-defaults";
import type { Arrivals, ParsedArrivals } from "./arrivals";
import type { EmpiricalSpec, ServiceTimeSpec } from "./service-time";
import type { ScenarioInput, TimelineEventInput } from "./schema";
import type { AutoScalingGroupSettings } from "./auto-scaling";

export type SweepBlock = NonNullable<ScenarioInput["sweep"]>;

export type LbType = "classic" | "application" | "network";
export type { CapacityUnitSettings, Pricing, ReservationRequest } from "./capacity-defaults";
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
