// Thresholds (docs/design.md#thresholds): `errorRate<0.1%`, `latency.p99 < 500ms`,
// `zone.a.share>=30%`, `errorRate[5m..10m] < 1% with 95% confidence`. A threshold names a metric
// (measures.ts), a comparison and a limit in the metric's unit; it is judged on one run's value,
// or, with replications, on the mean or (with 95 % confidence) on the interval's bound on the
// failing side. Pure parsing and judging; the CLI decides the exit status.
import { formatDuration, parseDuration, parseFraction } from "../scenario/units";
import type { MetricKind } from "./key-metrics";
import { type MetricRef, measure, metricKey, parseMetric } from "./measures";
import type { RunResult, TimeSeries } from "./result";

export type Comparison = "<" | "<=" | ">" | ">=";

export interface Threshold {
  /** As written, trimmed. */
  text: string;
  metric: MetricRef;
  op: Comparison;
  /** In the metric's own unit: a fraction, seconds or a count. */
  limit: number;
  /** Judge replications on the interval's bound (the one on the failing side) instead of the mean. */
  confidence: boolean;
}

const CONFIDENCE = /\s+with\s+(\d+(?:\.\d+)?)\s*%\s+confidence\s*$/i;
const SHAPE = /^(.+?)\s*(<=|>=|<|>)\s*(\S.*?)\s*$/;

/** Parses one threshold; a message says what is wrong. */
export function parseThreshold(text: string): Threshold | { error: string } {
  let rest = text.trim();
  let confidence = false;
  const level = CONFIDENCE.exec(rest);
  if (level) {
    if (Number(level[1]) !== 95)
      return { error: `only 95 % intervals are computed: write "with 95% confidence", got ${level[1]} %` };
    confidence = true;
    rest = rest.slice(0, level.index);
  }
  const shape = SHAPE.exec(rest);
  if (!shape) return { error: `${rest || "nothing"} is not a threshold such as errorRate<0.1% or latency.p99<500ms` };
  const [, name, op, limitText] = shape;
  const metric = parseMetric(name);
  if ("error" in metric) return metric;
  const limit = parseLimit(limitText, metric.kind);
  if (limit === null) return { error: `${limitText} is not ${LIMIT_WORDS[metric.kind]}, as ${metric.name} is` };
  return { text: text.trim(), metric, op: op as Comparison, limit, confidence };
}

const LIMIT_WORDS: Record<MetricKind, string> = {
  fraction: "a percentage (0.1%) or a fraction (0.001)",
  seconds: "a duration (500ms, 2s) or seconds",
  count: "a number",
  dollars: "a dollar amount ($12.50 or 12.5)",
};

function parseLimit(text: string, kind: MetricKind): number | null {
  const t = text.trim();
  if (kind === "seconds") return parseDuration(t);
  if (kind === "dollars") {
    const digits = t.replace(/^\$/, "");
    return /^\d+(\.\d+)?(e[+-]?\d+)?$/i.test(digits) && Number.isFinite(Number(digits)) ? Number(digits) : null;
  }
  return kind === "fraction" ? parseFraction(t) : /%/.test(t) ? null : parseFraction(t);
}

/** Whether `value` satisfies `op limit`. NaN (no value) never does. */
export function satisfies(value: number, op: Comparison, limit: number): boolean {
  switch (op) {
    case "<":
      return value < limit;
    case "<=":
      return value <= limit;
    case ">":
      return value > limit;
    case ">=":
      return value >= limit;
  }
}

/** A 95 % interval of a metric over replications. */
export interface IntervalLike {
  mean: number;
  low: number;
  high: number;
  n: number;
}

/** A threshold judged: `--json` carries these. */
export interface JudgedThreshold {
  threshold: string;
  metric: string;
  /** The key its metric is reported under (measures.ts metricKey): `latencyP99` for latency.p99. */
  key: string;
  /** How the value and the limit read (key-metrics.ts). */
  kind: MetricKind;
  op: Comparison;
  limit: number;
  /** The value judged: the run's, the mean, or the interval's bound. NaN (JSON null) when there is none. */
  value: number;
  /** What `value` is: one run's, the replications' mean, or the interval's high or low bound. */
  judgedOn: "run" | "mean" | "high" | "low";
  pass: boolean;
  /** With replications: the interval. */
  mean?: number;
  low?: number;
  high?: number;
}

/**
 * Judges a threshold on one run's value, or on an interval: on its mean, or, when the threshold
 * asks for 95 % confidence, on its bound on the failing side (the high one for `<`, the low one
 * for `>`), so that it passes only when the whole interval does. An interval of one value (no
 * width) is judged as a run.
 */
export function judge(threshold: Threshold, measured: number | IntervalLike): JudgedThreshold {
  const { text, metric, op, limit } = threshold;
  const base = { threshold: text, metric: metric.name, key: metricKey(metric), kind: metric.kind, op, limit };
  if (typeof measured === "number")
    return { ...base, value: measured, judgedOn: "run", pass: satisfies(measured, threshold.op, threshold.limit) };
  const { mean, low, high } = measured;
  const upper = threshold.op === "<" || threshold.op === "<=";
  const judgedOn = !threshold.confidence || measured.n < 2 ? "mean" : upper ? "high" : "low";
  const value = judgedOn === "mean" ? mean : judgedOn === "high" ? high : low;
  return { ...base, value, judgedOn, pass: satisfies(value, threshold.op, threshold.limit), mean, low, high };
}

/** Each of a run's thresholds judged on its value. */
export function judgeRun(
  thresholds: readonly Threshold[],
  result: RunResult,
  timeseries: TimeSeries | null,
): JudgedThreshold[] {
  return thresholds.map((t) => judge(t, measure(t.metric, result, timeseries)));
}

/** Whether every threshold passed (none given passes). */
export function allPass(judged: readonly JudgedThreshold[]): boolean {
  return judged.every((j) => j.pass);
}

/**
 * What a threshold refers to must exist in the scenario: its zone or target, and a window that
 * starts before the run ends and ends by then. Null when it does.
 */
export function thresholdProblem(
  threshold: Threshold,
  scenario: { zones: readonly string[]; targetIds: readonly string[]; duration: number },
): string | null {
  const { metric } = threshold;
  if (metric.scope === "zone" && !scenario.zones.includes(metric.id!))
    return `no zone ${metric.id} (zones: ${scenario.zones.join(", ")})`;
  if (metric.scope === "target" && !scenario.targetIds.includes(metric.id!))
    return `no target ${metric.id} (targets: ${summarizeIds(scenario.targetIds)})`;
  const w = metric.window;
  if (w && w.from >= scenario.duration)
    return `the window starts at ${formatDuration(w.from)}, when the run has ended (it lasts ${formatDuration(scenario.duration)})`;
  if (w && w.to !== null && w.to > scenario.duration)
    return `the window ends at ${formatDuration(w.to)}, after the run (it lasts ${formatDuration(scenario.duration)}); [${formatDuration(w.from)}..] runs to the end`;
  return null;
}

function summarizeIds(ids: readonly string[]): string {
  return ids.length <= 6 ? ids.join(", ") : `${ids.slice(0, 3).join(", ")}, … ${ids.at(-1)}`;
}
