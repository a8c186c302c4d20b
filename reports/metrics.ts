// The key metrics of a run, named once: the report's headline, the comparison table and the
// replication statistics all read them from here, so the three never disagree on a definition.
import { format } from "d3-format";
import type { RunResult } from "../sim/metrics/result";

/** How a metric reads: a count of requests, a fraction (shown in percent) or seconds (shown in ms or s). */
export type MetricKind = "count" | "fraction" | "seconds";

export interface KeyMetric {
  /** Stable id ("errorRate", "share:a"). */
  key: string;
  label: string;
  kind: MetricKind;
  value: number;
}

/**
 * Requests; error rate (every request that did not end 2xx-4xx, over all requests); spillover rate
 * (503s from a full surge queue, over all requests); client latency mean, p50, p90, p99; and each
 * zone's share of the requests the targets served.
 */
export function keyMetrics(result: RunResult): KeyMetric[] {
  const { total, ok, spillover } = result.requests;
  const rate = (x: number) => (total > 0 ? x / total : 0);
  return [
    { key: "requests", label: "requests", kind: "count", value: total },
    { key: "errorRate", label: "error rate", kind: "fraction", value: rate(total - ok) },
    { key: "spilloverRate", label: "spillover rate", kind: "fraction", value: rate(spillover) },
    { key: "latencyMean", label: "latency mean", kind: "seconds", value: result.latency.mean },
    { key: "latencyP50", label: "latency p50", kind: "seconds", value: result.latency.p50 },
    { key: "latencyP90", label: "latency p90", kind: "seconds", value: result.latency.p90 },
    { key: "latencyP99", label: "latency p99", kind: "seconds", value: result.latency.p99 },
    ...result.zones.map(
      (z): KeyMetric => ({ key: `share:${z.zone}`, label: `zone ${z.zone} share`, kind: "fraction", value: z.share }),
    ),
  ];
}

/** The metrics the replications report on (issue: error rate, spillover, mean and p99 latency, zone shares). */
export const REPLICATED_KEYS = (key: string): boolean =>
  key === "errorRate" ||
  key === "spilloverRate" ||
  key === "latencyMean" ||
  key === "latencyP99" ||
  key.startsWith("share:");

const grouped = format(",.0f");
const fixed = (digits: number) => format(`,.${digits}f`);

/** A value as people read it: `12,345`, `1.23 %`, `85.2 ms`, `1.50 s`; NaN as "–". */
export function formatMetric(kind: MetricKind, value: number): string {
  if (!Number.isFinite(value)) return value === Infinity ? "∞" : "–";
  switch (kind) {
    case "count":
      return grouped(value);
    case "fraction":
      return `${percent(value * 100)} %`;
    case "seconds":
      // Below a microsecond is floating-point noise, not latency.
      if (Math.abs(value) < 1e-6) return "0 ms";
      return Math.abs(value) < 1 ? `${significant(value * 1000)} ms` : `${fixed(2)(value)} s`;
  }
}

/** A signed difference: counts as counts, fractions in percentage points, seconds in ms or s. */
export function formatDifference(kind: MetricKind, diff: number): string {
  if (!Number.isFinite(diff)) return "–";
  const sign = diff > 0 ? "+" : diff < 0 ? "−" : "";
  const size = Math.abs(diff);
  const text = kind === "fraction" ? `${percent(size * 100)} pp` : formatMetric(kind, size);
  // A difference that rounds to zero gets no sign ("0.00 pp", not "−0.00 pp").
  return /^[0.,]+(\s|$)/.test(text) ? text : `${sign}${text}`;
}

/** Three significant digits, without trailing zeros past the point (`85.2`, `0.0123`, `1,230`). */
function significant(x: number): string {
  if (x === 0) return "0";
  return Math.abs(x) >= 1000 ? grouped(x) : format(".3~r")(x);
}

/** Percent with two decimals below 10, one below 100: `0.12`, `12.3`, `100`. */
function percent(x: number): string {
  const a = Math.abs(x);
  return a === 0 ? "0" : a < 10 ? fixed(2)(x) : a < 100 ? fixed(1)(x) : grouped(x);
}
