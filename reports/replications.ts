// The statistics of `--replications N` (docs/design.md#the-command-line; cli/replications.ts runs
// the seeds): the mean and a 95 % confidence interval (Student's t) of each key metric over the N
// runs. With several variants (compare) every variant ran on the same N seeds, so each seed is a
// pair of runs on the same arrivals: the interval of the paired differences is narrower than the
// unpaired (Welch) one, and the report says by how much. Pure functions of the results.
import type { RunResult } from "../sim/metrics/result";
import { meanConfidence, tCritical95 } from "../sim/theory/queueing";
import { type MetricKind, isReplicated, keyMetrics } from "../sim/metrics/key-metrics";
import { MISSING, formatDifference, formatMetric, formatPoints, formatWholePercent } from "./format";
import { formatTable } from "./table";

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
  variants: { name: string | null; metrics: MetricInterval[] }[];
  /** Each variant after the first against the first, on the same seeds. */
  differences: { name: string | null; base: string | null; metrics: DifferenceInterval[] }[];
}

/**
 * The statistics of replicated runs: `runs[v][i]` is variant v on seed i (the same seeds for
 * every variant). Reports error rate, spillover rate, mean and p99 latency and zone shares.
 */
export function summarizeReplications(
  scenario: string,
  seed: number,
  seeds: readonly number[],
  runs: readonly { name: string | null; results: readonly RunResult[] }[],
): ReplicationSummary {
  const samples = runs.map(({ name, results }) => {
    const byKey = new Map<string, { label: string; kind: MetricKind; values: number[] }>();
    for (const result of results) {
      for (const m of keyMetrics(result).filter((k) => isReplicated(k.key))) {
        const entry = byKey.get(m.key) ?? { label: m.label, kind: m.kind, values: [] };
        entry.values.push(m.value);
        byKey.set(m.key, entry);
      }
    }
    return { name, byKey };
  });
  const variants = samples.map(({ name, byKey }) => ({
    name,
    metrics: [...byKey].map(([key, { label, kind, values }]) => ({
      key,
      label,
      kind,
      values,
      ...confidenceInterval(values),
    })),
  }));
  const first = samples[0];
  const differences = samples.slice(1).map(({ name, byKey }) => ({
    name,
    base: first.name,
    metrics: [...byKey]
      .filter(([key, s]) => first.byKey.get(key)?.values.length === s.values.length)
      .map(([key, { label, kind, values }]) => ({
        key,
        label,
        kind,
        ...pairedDifference(first.byKey.get(key)!.values, values),
      })),
  }));
  return { scenario, seed, seeds: [...seeds], variants, differences };
}

/** `value ± half-width` in the metric's unit (differences of fractions in percentage points). */
function plusMinus(kind: MetricKind, interval: Interval, difference = false): string {
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
  return out.join("\n");
}
