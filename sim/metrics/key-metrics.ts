// The key metrics of a run, each defined once: the CLI's summary, report.html, the comparison
// table, the replication statistics and the dashboard's cards all read them from here, so none
// of them disagrees with another on what an error rate is.
import type { RequestCounts, RunResult } from "./result";

/**
 * How a metric reads: a count of requests, a fraction (shown in percent), seconds (shown in ms or
 * s) or US dollars.
 */
export type MetricKind = "count" | "fraction" | "seconds" | "dollars";

export interface KeyMetric {
  /** Stable id ("errorRate", "share:a"). */
  key: string;
  label: string;
  kind: MetricKind;
  value: number;
}

/** part / whole, or 0 when there is no whole (no requests, no error rate to speak of). */
export function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/** Requests that did not succeed: every status from 500 up and every connection error (docs/design.md#results: total = ok + every error). */
export function errorCount(requests: Pick<RequestCounts, "total" | "ok">): number {
  return requests.total - requests.ok;
}

/** The errors' share of all requests. */
export function errorRate(requests: Pick<RequestCounts, "total" | "ok">): number {
  return share(errorCount(requests), requests.total);
}

/** Spillover (503s from a full surge queue) as a share of all requests. */
export function spilloverRate(requests: Pick<RequestCounts, "total" | "spillover">): number {
  return share(requests.spillover, requests.total);
}

/**
 * The load balancer's metrics that count every error between them, each error once: a run has
 * either the HTTP family (classic, application) or the layer-4 resets (network).
 */
export const ERROR_METRICS = [
  "HTTPCode_ELB_5XX_Count",
  "TCP_ELB_Reset_Count",
  "TCP_Target_Reset_Count",
  "HTTPCode_Target_5XX_Count",
  "ConnectionErrorCount",
] as const;

/**
 * The request counts from a run's time series (so far, while it streams): `total(metric)` sums
 * one metric over its buckets at the load balancer. RequestCount counts a request when a node
 * receives it, so one still in flight counts as ok until it ends; a connection error never
 * reached a node, so the total adds them.
 */
export function countsFromSeries(total: (metric: string) => number): Pick<RequestCounts, "total" | "ok" | "spillover"> {
  const requests = total("RequestCount") + total("ConnectionErrorCount");
  const errors = ERROR_METRICS.reduce((sum, metric) => sum + total(metric), 0);
  return { total: requests, ok: requests - errors, spillover: total("SpilloverCount") };
}

/**
 * Requests; error rate; spillover rate; client latency mean, p50, p90, p99; and each zone's share
 * of the requests the targets served.
 */
export function keyMetrics(result: RunResult): KeyMetric[] {
  const { requests, latency } = result;
  return [
    { key: "requests", label: "requests", kind: "count", value: requests.total },
    { key: "errorRate", label: "error rate", kind: "fraction", value: errorRate(requests) },
    { key: "spilloverRate", label: "spillover rate", kind: "fraction", value: spilloverRate(requests) },
    { key: "latencyMean", label: "latency mean", kind: "seconds", value: latency.mean },
    { key: "latencyP50", label: "latency p50", kind: "seconds", value: latency.p50 },
    { key: "latencyP90", label: "latency p90", kind: "seconds", value: latency.p90 },
    { key: "latencyP99", label: "latency p99", kind: "seconds", value: latency.p99 },
    ...result.zones.map(
      (z): KeyMetric => ({ key: `share:${z.zone}`, label: `zone ${z.zone} share`, kind: "fraction", value: z.share }),
    ),
    ...costMetrics(result),
  ];
}

/** Peak LCUs and the cost, when the run has them (docs/design.md#capacity-units). */
function costMetrics({ capacity, cost }: RunResult): KeyMetric[] {
  const metrics: KeyMetric[] = [];
  if (capacity) metrics.push({ key: "peakLcus", label: "peak LCUs", kind: "count", value: capacity.peakLcus });
  if (cost)
    metrics.push(
      { key: "cost", label: "cost of the run", kind: "dollars", value: cost.total },
      { key: "costLcu", label: "LCU cost", kind: "dollars", value: cost.lcu },
      { key: "costCrossZone", label: "cross-zone cost", kind: "dollars", value: cost.crossZone },
      { key: "costPerMonth", label: "cost per month", kind: "dollars", value: cost.perMonth },
    );
  return metrics;
}

/** The key metrics the replications report on: error rate, spillover, mean and p99 latency, zone shares. */
export function isReplicated(key: string): boolean {
  return (
    key === "errorRate" ||
    key === "spilloverRate" ||
    key === "latencyMean" ||
    key === "latencyP99" ||
    key.startsWith("share:")
  );
}
