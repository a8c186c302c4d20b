// Replicates groups of runs (the variants of a compare, the points of a sweep) on common seeds,
// in rounds until a precision is reached (docs/design.md#precision): `--precision 2%` adds
// replications to every group until each interval's half-width is within 2 % of its mean, or a
// cap is reached. Every group runs on the same seeds, a prefix of the same list, so the groups
// stay paired (common random numbers). Which round runs how many is decided from the results,
// which are deterministic, so the rounds are too.
import { type PrecisionOutcome, metricIntervals } from "../reports/replications";
import type { KeyMetric } from "../sim/metrics/key-metrics";
import type { MetricRef } from "../sim/metrics/measures";
import type { Scenario } from "../sim/scenario/defaults";
import type { WorkerPool } from "./replication-pool";

export interface Group {
  name: string | null;
  scenario: Scenario;
  /** The variant's name recorded in each result. */
  variant: string | null;
}

export interface RoundsOptions {
  /** The seeds to run on, in order; a round uses the first n. */
  seeds: (n: number) => number[];
  /** Replications in the first (or only) round. */
  replications: number;
  /** Each half-width within this fraction of its mean; absent: one round. */
  precision?: { target: number; maxReplications: number };
  measure: readonly MetricRef[];
  /** Runs done, of runs planned so far. */
  onProgress?: (done: number, total: number) => void;
}

/** One run as the rounds keep it: its digest and metrics. */
export interface RoundRun {
  digest: string;
  metrics: KeyMetric[];
}

export interface Replicated {
  seeds: number[];
  /** runs[g][i]: group g on seed i. */
  runs: RoundRun[][];
  precision?: PrecisionOutcome;
}

export async function replicateInRounds(
  pool: WorkerPool,
  groups: readonly Group[],
  options: RoundsOptions,
): Promise<Replicated> {
  const { precision, measure } = options;
  const runs: RoundRun[][] = groups.map(() => []);
  let n = 0;
  let target = precision ? Math.min(options.replications, precision.maxReplications) : options.replications;
  let done = 0;
  for (;;) {
    const seeds = options.seeds(target).slice(n);
    const jobs = groups.flatMap((g) =>
      seeds.map((seed) => ({ scenario: { ...g.scenario, seed }, variant: g.variant, measure })),
    );
    const planned = done + jobs.length;
    const outputs = await pool.run(jobs, (k) => options.onProgress?.(done + k, planned));
    done = planned;
    for (let g = 0; g < groups.length; g++)
      runs[g].push(
        ...outputs
          .slice(g * seeds.length, (g + 1) * seeds.length)
          .map((o) => ({ digest: o.result.digest, metrics: o.metrics })),
      );
    n = target;
    if (!precision) return { seeds: options.seeds(n), runs };
    const widest = widestInterval(groups, runs, precision.target);
    if (widest === null || n >= precision.maxReplications)
      return {
        seeds: options.seeds(n),
        runs,
        precision: {
          target: precision.target,
          reached: widest === null,
          maxReplications: precision.maxReplications,
          widest,
        },
      };
    target = nextCount(n, widest.relative / precision.target, precision.maxReplications);
  }
}

/**
 * The interval furthest from the precision, as its half-width over its mean; null when every one
 * is within it. A mean of 0 with no spread (no errors in any run) is as precise as can be.
 */
export function widestInterval(
  groups: readonly Pick<Group, "name">[],
  runs: readonly (readonly RoundRun[])[],
  target: number,
): PrecisionOutcome["widest"] {
  let widest: PrecisionOutcome["widest"] = null;
  groups.forEach((group, g) => {
    for (const m of metricIntervals(runs[g].map((r) => r.metrics))) {
      const relative = m.halfWidth === 0 ? 0 : m.halfWidth / Math.abs(m.mean);
      const far = Number.isNaN(relative) ? Infinity : relative;
      if (far > target && (widest === null || far > widest.relative))
        widest = { variant: group.name, key: m.key, label: m.label, relative: far };
    }
  });
  return widest;
}

/**
 * Replications for the next round: a half-width shrinks as 1/√n, so n × ratio² should reach the
 * target; at least one more, at most twice as many (the estimate is rough at small n) and the cap.
 */
export function nextCount(n: number, ratio: number, max: number): number {
  const estimate = Number.isFinite(ratio) ? Math.ceil(n * ratio * ratio) : 2 * n;
  return Math.min(max, Math.max(n + 1, Math.min(2 * n, estimate)));
}
