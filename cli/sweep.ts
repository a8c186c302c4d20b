// `elbsim sweep` (docs/design.md#sweeps): a scenario over a grid or a list of settings, each point
// on the same seeds (common random numbers), every run on the worker pool. A sweep is a list of
// independent runs, each a pure function of (scenario, point, seed): run p × seeds + i is point p
// on seed i, so a shard (shard.ts) can run any part of it and a merge put it back together.
// reports/sweep.ts turns the runs' records into the outputs.
import { availableParallelism } from "node:os";
import { type RunRecord, type SweepHeader, type SweepSummary, plainRecord, summarizeSweep } from "../reports/sweep";
import { canonicalJson, sha256Hex } from "../sim/metrics/digest";
import type { MetricRef } from "../sim/metrics/measures";
import type { Scenario, ScenarioError } from "../sim/scenario/defaults";
import { type LoadOptions, loadScenario, validateScenario } from "../sim/scenario/load";
import { type SweepPlan, planSweep, pointLabel } from "../sim/scenario/sweep";
import { version } from "./bundled";
import type { Loaded } from "./compare";
import { type Job, WorkerPool } from "./replication-pool";
import { replicateInRounds } from "./replication-rounds";
import { replicationSeeds } from "./replications";
import { type Shard, shardRuns } from "./shard";

export interface SweepOptions extends Omit<LoadOptions, "variant"> {
  variant: string | null;
  /** --vary PATH=VALUES; when given, the scenario's sweep block is not used. */
  vary: readonly string[];
  /** Replications per point (--replications, else the block's, else one run on the scenario's seed). */
  replications: number | null;
  precision: { target: number; maxReplications: number } | null;
}

/** A sweep ready to run: its header (seeds as planned) and each point's scenario. */
export interface PreparedSweep {
  header: SweepHeader;
  base: Scenario;
  points: Scenario[];
  /** The first round's replications and, with a precision stop, its target and cap. */
  replications: number;
  precision: { target: number; maxReplications: number } | null;
  variant: string | null;
}

/** Errors beyond this many are summarised: a grid can repeat one mistake at every point. */
const MAX_ERRORS = 20;

/** The most runs a sweep may ask for (points × replications, or × the cap of a precision stop): its records stay in memory. */
export const MAX_SWEEP_RUNS = 100_000;

/** Loads the scenario and every point of the sweep, checking each as `run --set` would. */
export function prepareSweep(text: string, options: SweepOptions): Loaded<{ sweep: PreparedSweep }> {
  const { variant, vary, replications: asked, precision: askedPrecision, ...load } = options;
  // Each trace file is read once for every point.
  const traces = new Map<string, ReturnType<NonNullable<LoadOptions["readFile"]>>>();
  const readFile: LoadOptions["readFile"] =
    load.readFile &&
    ((name) => {
      if (!traces.has(name)) {
        try {
          traces.set(name, load.readFile!(name));
        } catch {
          traces.set(name, { problem: `file ${name} not found` });
        }
      }
      return traces.get(name)!;
    });
  const base = loadScenario(text, { ...load, readFile, variant });
  if (!base.ok) return base;
  const planned = planSweep(vary, base.scenario.sweep ?? undefined);
  if (!planned.ok) return planned;
  const { plan } = planned;
  const errors: ScenarioError[] = [];
  const points: Scenario[] = [];
  plan.points.forEach((point, p) => {
    const assignments = Object.entries(point).map(([path, value]) => ({
      path,
      value,
      label: pointLabel(plan, p, path, vary.length > 0),
    }));
    const loaded = validateScenario(base.raw, { ...load, readFile, variant, assignments, otherVariants: false });
    if (loaded.ok) points.push(loaded.scenario);
    else
      for (const e of loaded.errors)
        if (!errors.some((x) => x.path === e.path && x.message === e.message)) errors.push(e);
  });
  if (errors.length > 0)
    return {
      ok: false,
      errors:
        errors.length > MAX_ERRORS
          ? [
              ...errors.slice(0, MAX_ERRORS),
              { path: "sweep", message: `and ${errors.length - MAX_ERRORS} more problems` },
            ]
          : errors,
    };
  const block = base.scenario.sweep;
  const precision =
    askedPrecision ?? (block?.precision !== undefined ? { target: block.precision, maxReplications: 100 } : null);
  const replications = asked ?? block?.replications ?? (precision ? 5 : 1);
  const most = points.length * Math.max(replications, precision?.maxReplications ?? 0);
  if (most > MAX_SWEEP_RUNS)
    return {
      ok: false,
      errors: [
        {
          path: precision ? "--max-replications" : "--replications",
          message: `the sweep would be up to ${most} runs (${points.length} points × ${most / points.length}), more than ${MAX_SWEEP_RUNS}`,
        },
      ],
    };
  return {
    ok: true,
    sweep: {
      header: sweepHeader(base.scenario, plan, seedsFor(base.scenario.seed, replications)),
      base: base.scenario,
      points,
      replications,
      precision: precision && { ...precision, maxReplications: Math.max(precision.maxReplications, replications) },
      variant,
    },
  };
}

/** One run on the scenario's own seed (as `run` would), or N derived seeds (as `--replications N` would). */
export function seedsFor(seed: number, replications: number): number[] {
  return replications === 1 ? [seed] : replicationSeeds(seed, replications);
}

/**
 * The header of a sweep: what it is and its identity, a digest of the scenario as run (after
 * --variant, --set and --seed), the points, the seeds, the thresholds and the elbsim version.
 * Shards of one sweep agree on it; shards of two sweeps cannot.
 */
export function sweepHeader(base: Scenario, plan: SweepPlan, seeds: number[]): SweepHeader {
  const thresholds = base.thresholds.map((t) => t.text);
  const elbsim = version();
  const sweep = sha256Hex(canonicalJson({ elbsim, scenario: base, points: plan.points, seeds, thresholds }));
  return {
    elbsim,
    sweep,
    scenario: {
      name: base.name,
      title: base.title,
      description: base.description,
      seed: base.seed,
      duration: base.duration,
    },
    settings: plan.settings,
    grid: plan.grid,
    points: plan.points,
    seeds,
    thresholds,
  };
}

/** The jobs of runs `indices` (all of them by default): run p × seeds + i is point p on seed i. */
function jobs(sweep: PreparedSweep, indices: readonly number[]): Job[] {
  const n = sweep.header.seeds.length;
  const measure: MetricRef[] = sweep.base.thresholds.map((t) => t.metric);
  return indices.map((run) => ({
    scenario: { ...sweep.points[Math.floor(run / n)], seed: sweep.header.seeds[run % n] },
    variant: sweep.variant,
    measure,
  }));
}

export interface RunOptions {
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Runs the runs of one shard and returns their records, in run order. */
export async function runShard(sweep: PreparedSweep, shard: Shard, options: RunOptions = {}): Promise<RunRecord[]> {
  const indices = shardRuns(sweep.points.length * sweep.header.seeds.length, shard);
  const pool = new WorkerPool(options.workers ?? availableParallelism());
  try {
    const outputs = await pool.run(jobs(sweep, indices), options.onProgress);
    const n = sweep.header.seeds.length;
    return indices.map((run, k) =>
      plainRecord({
        run,
        point: Math.floor(run / n),
        seed: sweep.header.seeds[run % n],
        digest: outputs[k].result.digest,
        metrics: outputs[k].metrics,
      }),
    );
  } finally {
    await pool.close();
  }
}

/** Runs the whole sweep (in rounds with a precision stop) and summarises it. */
export async function runSweep(sweep: PreparedSweep, options: RunOptions = {}): Promise<SweepSummary> {
  if (!sweep.precision) {
    const records = await runShard(sweep, { index: 1, count: 1 }, options);
    return summarizeSweep(sweep.header, records);
  }
  const pool = new WorkerPool(options.workers ?? availableParallelism());
  try {
    const measure = sweep.base.thresholds.map((t) => t.metric);
    const replicated = await replicateInRounds(
      pool,
      sweep.points.map((scenario, p) => ({ name: `point ${p + 1}`, scenario, variant: sweep.variant })),
      {
        seeds: (n) => seedsFor(sweep.base.seed, n),
        replications: sweep.replications,
        precision: sweep.precision,
        measure,
        onProgress: options.onProgress,
      },
    );
    const seeds = replicated.seeds;
    const header = { ...sweep.header, ...sweepIdentity(sweep, seeds) };
    const records = replicated.runs.flatMap((runs, p) =>
      runs.map((r, i) =>
        plainRecord({ run: p * seeds.length + i, point: p, seed: seeds[i], digest: r.digest, metrics: r.metrics }),
      ),
    );
    return summarizeSweep(header, records, replicated.precision);
  } finally {
    await pool.close();
  }
}

/** A precision stop settles the seeds only once it has run: the header's seeds and identity follow. */
function sweepIdentity(sweep: PreparedSweep, seeds: number[]): Pick<SweepHeader, "seeds" | "sweep"> {
  const plan = { settings: sweep.header.settings, grid: sweep.header.grid, points: sweep.header.points };
  return { seeds, sweep: sweepHeader(sweep.base, plan, seeds).sweep };
}
