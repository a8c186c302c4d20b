// `--replications N` (docs/design.md#the-command-line): the scenario on N seeds derived from its own, each variant on
// the same seeds, on worker threads (replication-pool.ts); reports/replications.ts computes the
// statistics and writes them out.
import { type ReplicationSummary, summarizeReplications } from "../reports/replications";
import { type Loaded, loadVariants, type VariantsOptions } from "./compare";
import { availableParallelism } from "node:os";
import { refusedWork } from "./limits";
import { type PoolOptions, runJobs } from "./replication-pool";

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
  /** N, at least 2. */
  replications: number;
  /** The variants to replicate (null: the scenario as written), or "all" of the file's; default [null]. Differences are against the first. */
  variants?: readonly (string | null)[] | "all";
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
): Promise<Loaded<{ summary: ReplicationSummary }>> {
  const { replications, variants: wanted = [null], workers, onProgress, allowLarge = false, ...load } = options;
  if (!Number.isInteger(replications) || replications < 2) {
    return {
      ok: false,
      errors: [{ path: "--replications", message: `must be a whole number from 2 up, got ${replications}` }],
    };
  }
  const loaded = loadVariants<string | null>(text, { ...load, variants: wanted === "all" ? undefined : wanted });
  if (!loaded.ok) return loaded;
  const { base, variants } = loaded;
  // Before a seed or a job is made: the runs' work adds up, and each worker holds one run.
  const tooLarge = refusedWork(
    {
      scenarios: variants.map((v) => v.scenario),
      replications,
      parallel: workers ?? availableParallelism(),
    },
    allowLarge,
  );
  if (tooLarge.length > 0) return { ok: false, errors: tooLarge };
  const seeds = replicationSeeds(base.seed, replications);
  const jobs = variants.flatMap(({ name, scenario }) =>
    seeds.map((seed) => ({ scenario: { ...scenario, seed }, variant: name })),
  );
  const results = await runJobs(jobs, { workers, onProgress });
  const runs = variants.map(({ name }, v) => ({
    name,
    results: results.slice(v * replications, (v + 1) * replications),
  }));
  return { ok: true, summary: summarizeReplications(base.name, base.seed, seeds, runs) };
}
