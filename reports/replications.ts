// The statistics of `--replications N` (docs/design.md#the-command-line; cli/replications.ts runs
// the seeds): the mean and a 95 % confidence interval (Student's t) of each key metric over the N
// runs. With several variants (compare) every variant ran on the same N seeds, so each seed is a
// pair of runs on the same arrivals: the interval of the paired differences is narrower than the
// unpaired (Welch) one, and the report says by how much. Pure functions of the results.
import type { KeyMetric, MetricKind } from "../sim/metrics/key-metrics";
import { metricKey } from "../sim/metrics/measures";
import { type JudgedThreshold, type Threshold, judge } from "../sim/metrics/thresholds";
import { meanConfidence, tCritical95 } from "../sim/theory/queueing";
import { MISSING, formatDifference, formatMetric, formatPoints, formatWholePercent } from "./format";
import { formatTable } from "./table";
import { thresholdLines } from "./thresholds";

/** A 95 % confidence interval for a mean. */
export interface Interval {
  mean: number;
  /** t(0.975, df) × standard error; NaN with fewer than two values. */
  halfWidth: number;
  low: number;
  high: number;
  n: number;
}

/** The interval mean ± t(0.975, n − 1)·s/√n of `values`. */
export function confidenceInterval(values: readonly number[]): Interval {
  const { mean, halfWidth, n } = meanConfidence(values);
  return { mean, halfWidth, low: mean - halfWidth, high: mean + halfWidth, n };
}

/**
 * The difference of means other − base, two ways. Paired: the interval of the per-seed
 * differences (each seed ran both), which common random numbers make narrow. Unpaired: Welch's
 * interval, as if the runs were independent, with Welch–Satterthwaite degrees of freedom.
 * widthRatio = paired / unpaired half-width (below 1: pairing helped).
 */
export function pairedDifference(
  base: readonly number[],
  other: readonly number[],
): { paired: Interval; unpaired: Interval; widthRatio: number } {
  if (base.length !== other.length)
    throw new RangeError(`paired samples differ in size: ${base.length} and ${other.length}`);
  const paired = confidenceInterval(other.map((x, i) => x - base[i]));
  const a = meanConfidence(base);
  const b = meanConfidence(other);
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const se = Math.sqrt(va + vb);
  const df = se > 0 ? (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1)) : a.n + b.n - 2;
  const halfWidth = se > 0 ? tCritical95(df) * se : a.n >= 2 ? 0 : NaN;
  const mean = b.mean - a.mean;
  const unpaired = { mean, halfWidth, low: mean - halfWidth, high: mean + halfWidth, n: a.n };
  return { paired, unpaired, widthRatio: unpaired.halfWidth > 0 ? paired.halfWidth / unpaired.halfWidth : NaN };
}

export interface MetricInterval extends Interval {
  key: string;
  label: string;
  kind: MetricKind;
  /** One value per replication, in seed order. */
  values: number[];
}

export interface DifferenceInterval {
  key: string;
  label: string;
  kind: MetricKind;
  paired: Interval;
  unpaired: Interval;
  widthRatio: number;
}

export interface ReplicationSummary {
  scenario: string;
  /** The seed the replication seeds derive from. */
  seed: number;
  seeds: number[];
  /** With --precision: the relative half-width asked for, and whether every interval reached it. */
  precision?: PrecisionOutcome;
  variants: { name: string | null; metrics: MetricInterval[]; thresholds: JudgedThreshold[] }[];
  /** Each variant after the first against the first, on the same seeds. */
  differences: { name: string | null; base: string | null; metrics: DifferenceInterval[] }[];
}

export interface PrecisionOutcome {
  /** Each interval's half-width asked to be within this fraction of its mean. */
  target: number;
  reached: boolean;
  /** The replications stop here if the target is not reached first. */
  maxReplications: number;
  /** The metric furthest from the target, by half-width over mean (where it was not reached). */
  widest: { variant: string | null; key: string; label: string; relative: number } | null;
}

/** One variant's (or sweep point's) runs: each run's metrics, one run per seed, in seed order. */
export interface ReplicatedRuns {
  name: string | null;
  runs: readonly (readonly KeyMetric[])[];
  /** The variant's thresholds, judged on its intervals. */
  thresholds?: readonly Threshold[];
}

/** Each metric's values over the runs, by key in the order they first appear, with its interval. */
export function metricIntervals(runs: readonly (readonly KeyMetric[])[]): MetricInterval[] {
  const byKey = new Map<string, { label: string; kind: MetricKind; values: number[] }>();
  for (const metrics of runs) {
    for (const m of metrics) {
      const entry = byKey.get(m.key) ?? { label: m.label, kind: m.kind, values: [] };
      entry.values.push(m.value);
      byKey.set(m.key, entry);
    }
  }
  return [...byKey].map(([key, { label, kind, values }]) => ({
    key,
    label,
    kind,
    values,
    ...confidenceInterval(values),
  }));
}

/** The thresholds judged on the intervals of their metrics (sim/metrics/thresholds.ts). */
export function judgeIntervals(
  thresholds: readonly Threshold[],
  metrics: readonly MetricInterval[],
): JudgedThreshold[] {
  return thresholds.map((t) => {
    const m = metrics.find((x) => x.key === metricKey(t.metric));
    return judge(t, m ?? { mean: NaN, low: NaN, high: NaN, n: 0 });
  });
}

/**
 * The statistics of replicated runs: `variants[v].runs[i]` is variant v on seed i (the same seeds
 * for every variant), each run's metrics as run-job.ts measured them.
 */
export function summarizeReplications(
  scenario: string,
  seed: number,
  seeds: readonly number[],
  variants: readonly ReplicatedRuns[],
  precision?: PrecisionOutcome,
): ReplicationSummary {
  const summarized = variants.map(({ name, runs, thresholds = [] }) => {
    const metrics = metricIntervals(runs);
    return { name, metrics, thresholds: judgeIntervals(thresholds, metrics) };
  });
  const [first, ...others] = summarized;
  const differences = others.map(({ name, metrics }) => ({
    name,
    base: first.name,
    metrics: metrics
      .filter((m) => first.metrics.find((f) => f.key === m.key)?.values.length === m.values.length)
      .map(({ key, label, kind, values }) => ({
        key,
        label,
        kind,
        ...pairedDifference(first.metrics.find((f) => f.key === key)!.values, values),
      })),
  }));
  return { scenario, seed, seeds: [...seeds], ...(precision ? { precision } : {}), variants: summarized, differences };
}

/** `value ± half-width` in the metric's unit (differences of fractions in percentage points). */
export function plusMinus(kind: MetricKind, interval: Interval, difference = false): string {
  const mean = difference ? formatDifference(kind, interval.mean) : formatMetric(kind, interval.mean);
  const half = kind === "fraction" ? formatPoints(interval.halfWidth) : formatMetric(kind, interval.halfWidth);
  return `${mean} ± ${half}`;
}

/** The human summary: each variant's means with 95 % intervals, then the paired differences. */
export function replicationsTable(summary: ReplicationSummary): string {
  const n = summary.seeds.length;
  const label = (name: string | null) => name ?? summary.scenario;
  const out = [
    `${summary.scenario} · ${n} replications, seeds derived from ${summary.seed} · mean ± 95 % confidence half-width (Student's t, ${n - 1} df)`,
  ];
  if (summary.precision) out.push(precisionLine(summary.precision));
  const keys = summary.variants[0]?.metrics.map((m) => m.key) ?? [];
  const rows = keys.map((key) => {
    const first = summary.variants[0].metrics.find((m) => m.key === key)!;
    return [
      first.label,
      ...summary.variants.map((v) => {
        const m = v.metrics.find((x) => x.key === key);
        return m ? plusMinus(m.kind, m) : MISSING;
      }),
    ];
  });
  out.push(formatTable(rows, { header: ["metric", ...summary.variants.map((v) => label(v.name))] }));
  for (const d of summary.differences) {
    out.push(
      "",
      `${label(d.name)} − ${label(d.base)}, paired on the same seeds (common random numbers) and, for contrast, unpaired (Welch):`,
    );
    out.push(
      formatTable(
        d.metrics.map((m) => [
          m.label,
          plusMinus(m.kind, m.paired, true),
          plusMinus(m.kind, m.unpaired, true),
          formatWholePercent(m.widthRatio),
        ]),
        { header: ["metric", "paired difference", "unpaired difference", "paired width / unpaired"] },
      ),
    );
  }
  for (const v of summary.variants.filter((x) => x.thresholds.length > 0))
    out.push("", ...thresholdLines(v.thresholds, `Thresholds of ${label(v.name)}, on the intervals`));
  return out.join("\n");
}

/** What a precision stop did: `until every half-width was within 2 % of its mean`, or what it did not reach. */
export function precisionLine(p: PrecisionOutcome): string {
  const target = `${Number((p.target * 100).toPrecision(3))} %`;
  if (p.reached) return `Replicated until every half-width was within ${target} of its mean.`;
  const w = p.widest!;
  const relative = Number.isFinite(w.relative) ? `±${Number((w.relative * 100).toPrecision(2))} %` : "no interval";
  return `Stopped at the cap of ${p.maxReplications} replications short of ${target}: ${w.label}${w.variant ? ` of ${w.variant}` : ""} is still ${relative} of its mean.`;
}
