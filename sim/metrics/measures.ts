// The metrics a threshold or a sweep can name (docs/design.md#thresholds): the load balancer's
// (`errorRate`, `latency.p99`), a zone's (`zone.a.share`), a target's (`target.a-1.latency.mean`),
// each over the whole run or over a time window (`errorRate[5m..10m]`). Over the whole run a
// metric is read from the result, through key-metrics.ts where it is a key metric, so the two
// never disagree; over a window it is summed from the metric buckets.
import { closest } from "../scenario/closest";
import { parseDuration } from "../scenario/units";
import {
  type KeyMetric,
  type MetricKind,
  countsFromSeries,
  errorCount,
  errorRate,
  isReplicated,
  keyMetrics,
  spilloverRate,
} from "./key-metrics";
import type { RunResult, TimeSeries } from "./result";

export type Scope = "lb" | "zone" | "target";

/** A metric as a threshold names it. */
export interface MetricRef {
  /** As written, without spaces: `errorRate`, `zone.a.share`, `latency.p99[5m..10m]`. */
  name: string;
  scope: Scope;
  /** The zone or target (null for the load balancer). */
  id: string | null;
  /** The measure within the scope: `errorRate`, `latency.p99`, `share`. */
  measure: string;
  /** Seconds; `to` null runs to the end. */
  window: { from: number; to: number | null } | null;
  kind: MetricKind;
}

interface MeasureSpec {
  kind: MetricKind;
  label: string;
  /** The key metric it is, over the whole run (key-metrics.ts). */
  key?: string;
}

const LB: Record<string, MeasureSpec> = {
  requests: { kind: "count", label: "requests", key: "requests" },
  errors: { kind: "count", label: "errors" },
  errorRate: { kind: "fraction", label: "error rate", key: "errorRate" },
  spillover: { kind: "count", label: "spillover" },
  spilloverRate: { kind: "fraction", label: "spillover rate", key: "spilloverRate" },
  "latency.mean": { kind: "seconds", label: "latency mean", key: "latencyMean" },
  "latency.p50": { kind: "seconds", label: "latency p50", key: "latencyP50" },
  "latency.p90": { kind: "seconds", label: "latency p90", key: "latencyP90" },
  "latency.p99": { kind: "seconds", label: "latency p99", key: "latencyP99" },
};
const ZONE: Record<string, MeasureSpec> = {
  requests: { kind: "count", label: "requests" },
  share: { kind: "fraction", label: "share" },
};
const TARGET: Record<string, MeasureSpec> = {
  requests: { kind: "count", label: "requests" },
  share: { kind: "fraction", label: "share" },
  "latency.mean": { kind: "seconds", label: "latency mean" },
};
const MEASURES: Record<Scope, Record<string, MeasureSpec>> = { lb: LB, zone: ZONE, target: TARGET };

/** Every metric name a threshold may use, for help and messages. */
export const METRIC_NAMES = [
  ...Object.keys(LB),
  ...Object.keys(ZONE).map((m) => `zone.ZONE.${m}`),
  ...Object.keys(TARGET).map((m) => `target.TARGET.${m}`),
];

/**
 * Parses `errorRate`, `zone.a.share`, `target.a-1.latency.mean`, optionally with a window
 * `[5m..10m]` (`[5m..]` to the end, `[..10m]` from the start). Returns a message when it is not one.
 */
export function parseMetric(text: string): MetricRef | { error: string } {
  const written = text.replace(/\s+/g, "");
  const match = /^([^[\]]+)(?:\[([^\]]*)\])?$/.exec(written);
  if (!match) return { error: `${written || "nothing"} is not a metric such as errorRate or latency.p99[5m..10m]` };
  const [, path, windowText] = match;
  const segments = path.split(".");
  let scope: Scope = "lb";
  let id: string | null = null;
  let measure = path;
  if (segments[0] === "zone" || segments[0] === "target") {
    if (segments.length < 3 || !segments[1])
      return {
        error: `${path} must name the ${segments[0]} and a measure, such as ${segments[0]}.${segments[0] === "zone" ? "a" : "a-1"}.share`,
      };
    scope = segments[0];
    id = segments[1];
    measure = segments.slice(2).join(".");
  }
  const spec = MEASURES[scope][measure];
  if (!spec) {
    const known = Object.keys(MEASURES[scope]);
    const near = closest(measure, known);
    const what = scope === "lb" ? `no metric ${measure}` : `a ${scope} has no metric ${measure}`;
    const listed =
      scope === "lb"
        ? `metrics: ${known.join(", ")}; zone.ZONE.…, target.TARGET.…`
        : `its metrics: ${known.join(", ")}`;
    return { error: `${what}${near ? ` (did you mean ${near}?)` : ""}; ${listed}` };
  }
  let window: MetricRef["window"] = null;
  if (windowText !== undefined) {
    const parsed = parseWindow(windowText);
    if ("error" in parsed) return parsed;
    if (scope === "target" && measure === "latency.mean")
      return { error: "a target's latency is measured over the whole run only: drop the window" };
    window = parsed;
  }
  return { name: written, scope, id, measure, window, kind: spec.kind };
}

function parseWindow(text: string): { from: number; to: number | null } | { error: string } {
  const parts = text.split("..");
  const bad = { error: `[${text}] is not a time window such as [5m..10m], [5m..] or [..10m]` };
  if (parts.length !== 2) return bad;
  const from = parts[0] === "" ? 0 : parseDuration(parts[0]);
  const to = parts[1] === "" ? null : parseDuration(parts[1]);
  if (from === null || (to === null && parts[1] !== "")) return bad;
  if (to !== null && !(to > from)) return { error: `the window [${text}] must end after it starts` };
  return { from, to };
}

/** The label tables show: `error rate`, `zone a share`, `error rate, 5m–10m`. */
export function metricLabel(ref: MetricRef): string {
  const spec = MEASURES[ref.scope][ref.measure];
  const label = ref.scope === "lb" ? spec.label : `${ref.scope} ${ref.id} ${spec.label}`;
  if (!ref.window) return label;
  const { from, to } = ref.window;
  return `${label}, ${formatWindowEnd(from)}–${to === null ? "end" : formatWindowEnd(to)}`;
}

function formatWindowEnd(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round((seconds - m * 60) * 1000) / 1000;
  return m > 0 ? `${m}m${s > 0 ? `${s}s` : ""}` : `${s}s`;
}

/**
 * The key under which the metric is reported: the key metric's (`errorRate`, `latencyP99`,
 * `share:a`) when it is one, so a threshold on it and the table share one row; its name otherwise.
 */
export function metricKey(ref: MetricRef): string {
  if (ref.window) return ref.name;
  if (ref.scope === "lb") return MEASURES.lb[ref.measure].key ?? ref.name;
  if (ref.scope === "zone" && ref.measure === "share") return `share:${ref.id}`;
  return ref.name;
}

/** The metric as a key metric: its key, label, kind and value in this run. */
export function measured(ref: MetricRef, result: RunResult, timeseries: TimeSeries | null): KeyMetric {
  return { key: metricKey(ref), label: metricLabel(ref), kind: ref.kind, value: measure(ref, result, timeseries) };
}

/**
 * The metric's value in a run; NaN when there is none (latency with no request answered, a zone
 * the run does not have). A window needs the run's metric buckets.
 */
export function measure(ref: MetricRef, result: RunResult, timeseries: TimeSeries | null): number {
  if (ref.window) {
    if (!timeseries) throw new Error(`${ref.name} needs the run's time series`);
    return windowed(ref, result, new Window(timeseries, ref.window));
  }
  const key =
    ref.scope === "lb"
      ? LB[ref.measure].key
      : ref.measure === "share" && ref.scope === "zone"
        ? metricKey(ref)
        : undefined;
  if (key) return keyMetrics(result).find((m) => m.key === key)?.value ?? NaN;
  if (ref.scope === "lb") return ref.measure === "errors" ? errorCount(result.requests) : result.requests.spillover;
  if (ref.scope === "zone") return result.zones.find((z) => z.zone === ref.id)?.requests ?? NaN;
  const target = result.targets.find((t) => t.id === ref.id);
  if (!target) return NaN;
  if (ref.measure === "requests") return target.requests;
  if (ref.measure === "share") return target.share;
  return target.latencyMean;
}

/** The buckets that start in [from, to). */
class Window {
  private readonly first: number;
  private readonly end: number;

  constructor(
    private readonly ts: TimeSeries,
    { from, to }: { from: number; to: number | null },
  ) {
    const eps = 1e-9;
    this.first = Math.max(0, Math.ceil(from / ts.interval - eps));
    this.end = Math.min(ts.buckets, to === null ? ts.buckets : Math.ceil(to / ts.interval - eps));
  }

  private values(metric: string, dimension: string): readonly number[] {
    return this.ts.series.find((s) => s.metric === metric && s.dimension === dimension)?.values ?? [];
  }

  sum(metric: string, dimension = "lb"): number {
    const values = this.values(metric, dimension);
    let total = 0;
    for (let k = this.first; k < this.end; k++) if (Number.isFinite(values[k])) total += values[k];
    return total;
  }

  /** The largest bucket value (NaN when no bucket has one). */
  max(metric: string, dimension = "lb"): number {
    const values = this.values(metric, dimension);
    let largest = -Infinity;
    for (let k = this.first; k < this.end; k++) if (values[k] > largest) largest = values[k];
    return largest === -Infinity ? NaN : largest;
  }

  /** A bucket mean weighted by each bucket's count of observations. */
  weightedMean(metric: string, weights: readonly string[]): number {
    const values = this.values(metric, "lb");
    const counts = weights.map((w) => this.values(w, "lb"));
    let sum = 0;
    let n = 0;
    for (let k = this.first; k < this.end; k++) {
      const weight = counts.reduce((a, c) => a + (c[k] ?? 0), 0);
      if (weight > 0 && Number.isFinite(values[k])) [sum, n] = [sum + values[k] * weight, n + weight];
    }
    return n > 0 ? sum / n : NaN;
  }
}

function windowed(ref: MetricRef, result: RunResult, w: Window): number {
  if (ref.scope !== "lb") {
    const dims =
      ref.scope === "zone" ? result.zones.map((z) => `zone=${z.zone}`) : result.targets.map((t) => `target=${t.id}`);
    const own = w.sum("RequestCount", `${ref.scope}=${ref.id}`);
    if (ref.measure === "requests") return own;
    const all = dims.reduce((a, d) => a + w.sum("RequestCount", d), 0);
    return all > 0 ? own / all : 0;
  }
  const counts = countsFromSeries((metric) => w.sum(metric));
  switch (ref.measure) {
    case "requests":
      return counts.total;
    case "errors":
      return errorCount(counts);
    case "errorRate":
      return errorRate(counts);
    case "spillover":
      return counts.spillover;
    case "spilloverRate":
      return spilloverRate(counts);
    case "latency.mean":
      // ClientLatency is sampled once per answered request (2xx and target 5xx).
      return w.weightedMean("ClientLatency", ["HTTPCode_Target_2XX_Count", "HTTPCode_Target_5XX_Count"]);
    default:
      // No histogram spans buckets: the worst bucket's percentile bounds the window's from above
      // (if no bucket has more than 1 % of its requests above x, neither has their union).
      return w.max(`ClientLatencyP${ref.measure.slice("latency.p".length)}`);
  }
}

/** Everything a run is summarised by in replications and sweeps: its replicated key metrics, and the metrics `refs` name. */
export function runMetrics(result: RunResult, timeseries: TimeSeries | null, refs: readonly MetricRef[]): KeyMetric[] {
  const metrics = keyMetrics(result).filter((m) => isReplicated(m.key));
  for (const ref of refs) {
    const m = measured(ref, result, timeseries);
    if (!metrics.some((k) => k.key === m.key)) metrics.push(m);
  }
  return metrics;
}
