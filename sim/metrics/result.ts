// The result of a run (docs/design.md#results, a contract: extend it, never break it).
import type { CostResult } from "./cost";

export type { CostResult } from "./cost";

/** What a load balancer sized in capacity units used (docs/design.md#capacity-units). */
export interface CapacityResult {
  /** The largest PeakLCUs of the run. */
  peakLcus: number;
  /** LCU-hours at the largest dimension per bucket (what AWS bills, reservation aside). */
  lcuHours: number;
  /** LCU-hours billed: per bucket the larger of the consumed and the reserved. */
  billedLcuHours: number;
  /** LCU-hours of each dimension, by name (`new-connections`...). */
  byDimension: Record<string, number>;
}

export interface RequestCounts {
  total: number;
  ok: number;
  /** Rejected because a node's surge queue was full (503, SpilloverCount). */
  spillover: number;
  /** Errors the load balancer generated (502, 503, 504), spillover included. */
  elb5xx: number;
  /** 5xx responses that came from targets. */
  target5xx: number;
  /** Count of every non-2xx status, as a string key ("503"). */
  byStatus: Record<string, number>;
}

export interface LatencySummary {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
}

export interface ZoneResult {
  zone: string;
  requests: number;
  share: number;
}

export interface NodeResult {
  id: string;
  zone: string;
  requests: number;
  share: number;
  launchedAt: number;
  inDnsAt: number | null;
  retiredAt: number | null;
}

export interface TargetResult {
  id: string;
  zone: string;
  requests: number;
  share: number;
  latencyMean: number;
}

export interface ScalingAction {
  at: number;
  action: "scale-out" | "scale-in";
  nodesPerZone: number;
  readyAt: number;
}

/** One EC2 Auto Scaling group over the run (only when the scenario has groups). */
export interface AutoScalingResult {
  name: string;
  /** Instances launched during the run (not those running from the start). */
  launches: number;
  terminations: number;
  /** Terminations of instances the load balancer reported unhealthy (ELB health checks). */
  replacements: number;
  peakDesired: number;
  /** Desired capacity and instances in service at the end. */
  desired: number;
  inService: number;
  /** The group's target slots, and those whose instances ran from the start. */
  targets: string[];
  initialTargets: string[];
}

export interface LogEntry {
  at: number;
  type: string;
  [field: string]: string | number | boolean | null;
}

/**
 * What one client group's clients saw of their own requests, when the group has a timeout, a
 * retry policy or a circuit breaker: logical requests, the attempts they took, and their latency
 * from the first attempt to the answer, retries and backoff included.
 */
export interface ClientResult {
  name: string;
  requests: number;
  succeeded: number;
  succeededAfterRetry: number;
  failed: number;
  attempts: number;
  /** Attempts per logical request: the load the retries add. */
  amplification: number;
  retries: Record<string, number>;
  timeouts: number;
  /** Connect timeouts, when the group has a connect timeout (docs/design.md#connect-timeout). */
  connectTimeouts?: number;
  /** Attempts adaptive mode's rate limiter held back, when the group has one. */
  rateLimited?: number;
  circuitOpen: number;
  latency: LatencySummary;
}

export interface RunResult {
  scenario: string;
  variant: string | null;
  seed: number;
  digest: string;
  simulatedSeconds: number;
  events: number;
  wallSeconds: number;
  requests: RequestCounts;
  latency: LatencySummary;
  zones: ZoneResult[];
  nodes: NodeResult[];
  targets: TargetResult[];
  scaling: ScalingAction[];
  /** Only when some client group has a timeout, a retry policy or a circuit breaker. */
  clients?: ClientResult[];
  /** Only when the load balancer is sized in capacity units (loadBalancer.capacityUnits). */
  capacity?: CapacityResult;
  /** Only when the scenario has a `pricing:` block or capacity units. */
  cost?: CostResult;
  /** Only when the scenario has Auto Scaling groups. */
  autoScaling?: AutoScalingResult[];
  log: LogEntry[];
}

/** One metric over time for one dimension (`lb`, `zone=a`, `node=a-n1`, `target=a-1`). */
export interface Series {
  metric: string;
  dimension: string;
  /** One value per bucket; buckets before the series existed are 0. */
  values: number[];
}

/** Metric buckets: bucket k covers [k·interval, (k+1)·interval). */
export interface TimeSeries {
  interval: number;
  buckets: number;
  series: Series[];
}
