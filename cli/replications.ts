// `--replications N` (docs/design.md#the-command-line): the scenario on N seeds derived from its own, each variant on
// the same seeds, on worker threads (replication-pool.ts), in rounds with --precision
// (replication-rounds.ts); reports/replications.ts computes the statistics and writes them out.
import { type ReplicationSummary, summarizeReplications } from "../reports/replications";
import type { MetricRef } from "../sim/metrics/measures";
import type { Scenario } from "../sim/scenario/defaults";
import { type Loaded, loadVariants, type VariantsOptions } from "./compare";
import { type PoolOptions, WorkerPool } from "./replication-pool";
import { replicateInRounds } from "./replication-rounds";
import { availableParallelism } from "node:os";
import { refusedWork } from "./limits";

/** The multiplier of the derived seeds: a prime, so consecutive base seeds give disjoint seed sets for N below it. */
export const SEED_MULTIPLIER = 1_000_003;

/**
 * The seeds of N replications: seed_i = (seed × 1,000,003 + i) mod 2^53 for i = 1 … N, computed
 * exactly (BigInt), so any seed the schema accepts gives the same list everywhere.
 */
export function replicationSeeds(seed: number, n: number): number[] {
  const base = BigInt(seed) * BigInt(SEED_MULTIPLIER);
  return Array.from({ length: n }, (_, i) => Number((base + BigInt(i + 1)) % 2n ** 53n));
}

export interface ReplicationOptions extends Omit<VariantsOptions, "variants">, PoolOptions {
  /** N, at least 2; with `precision`, the first round's. */
  replications: number;
  /** The variants to replicate (null: the scenario as written), or "all" of the file's; default [null]. Differences are against the first. */
  variants?: readonly (string | null)[] | "all";
  /** Add replications until every half-width is within this fraction of its mean, up to maxReplications. */
  precision?: { target: number; maxReplications: number };
  /** Run the replications even when together they ask more than the work limits allow. */
  allowLarge?: boolean;
}

/**
 * Loads the scenario once per variant and runs it on each derived seed (the seed is the only
 * thing that changes between replications), on worker threads; then the statistics.
 */
export async function runReplications(
  text: string,
  options: ReplicationOptions,
): Promise<Loaded<{ summary: ReplicationSummary; base: Scenario }>> {
  const {
    replications,
    variants: wanted = [null],
    workers,
    onProgress,
    precision,
    allowLarge = false,
    ...load
  } = options;
  if (!Number.isInteger(replications) || replications < 2) {
    return {
      ok: false,
      errors: [{ path: "--replications", message: `must be a whole number from 2 up, got ${replications}` }],
    };
  }
  const loaded = loadVariants(text, { ...load, variants: wanted === "all" ? undefined : wanted });
  if (!loaded.ok) return loaded;
  const { base, variants } = loaded;
  // Before a seed or a job is made: the runs' work adds up (to a precision stop's cap), and each
  // worker holds one run.
  const tooLarge = refusedWork(
    {
      scenarios: variants.map((v) => v.scenario),
      replications: precision?.maxReplications ?? replications,
      parallel: workers ?? availableParallelism(),
    },
    allowLarge,
  );
  if (tooLarge.length > 0) return { ok: false, errors: tooLarge };
  const measure: MetricRef[] = variants.flatMap((v) => v.scenario.thresholds.map((t) => t.metric));
  const pool = new WorkerPool(workers ?? availableParallelism());
  try {
    const replicated = await replicateInRounds(
      pool,
      variants.map(({ name, scenario }) => ({ name, scenario, variant: name })),
      { seeds: (n) => replicationSeeds(base.seed, n), replications, precision, measure, onProgress },
    );
    const runs = variants.map(({ name, scenario }, v) => ({
      name,
      runs: replicated.runs[v].map((r) => r.metrics),
      thresholds: scenario.thresholds,
    }));
    return {
      ok: true,
      summary: summarizeReplications(base.name, base.seed, replicated.seeds, runs, replicated.precision),
      base,
    };
  } finally {
    await pool.close();
  }
}
