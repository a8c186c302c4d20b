// The result of a run (docs/design.md#results, a contract: extend it, never break it).

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

export interface LogEntry {
  at: number;
  type: string;
  [field: string]: string | number | boolean | null;
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
