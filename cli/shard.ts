// Sharding a sweep onto a batch engine (docs/design.md#shards): shard K of N runs the runs whose
// index is K − 1 modulo N, so the shards share out the points and their replications evenly, and
// writes JSON lines — the sweep's header, then one line per run with its digest and metrics — that
// `elbsim merge` (merge.ts) turns into the sweep's outputs. K comes from --shard K/N or, with
// --shard-from-env, from the array index a batch engine sets.
import type { ScenarioError } from "../sim/scenario/defaults";
import type { RunRecord, SweepHeader } from "../reports/sweep";

/** A shard's file in an --out folder. */
export type ShardName = `shard-${number}-of-${number}.jsonl`;

export interface Shard {
  /** 1 … count. */
  index: number;
  count: number;
}

/** The most shards a sweep splits into: as many as it has runs is already one run each. */
export const MAX_SHARDS = 100_000;

/** `K/N` with 1 ≤ K ≤ N. */
export function parseShard(text: string): Shard | { error: string } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) return { error: `must be K/N, such as 1/4, got ${text}` };
  const [index, count] = [Number(match[1]), Number(match[2])];
  if (count < 1 || count > MAX_SHARDS) return { error: `must have N from 1 to ${MAX_SHARDS}, got ${text}` };
  if (index < 1 || index > count) return { error: `must have K from 1 to ${count}, got ${text}` };
  return { index, count };
}

/** The array index variables of the batch engines, in the order they are looked for; each is 0-based but Slurm's. */
export const SHARD_VARIABLES = ["JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX", "SLURM_ARRAY_TASK_ID"] as const;

/**
 * The shard a batch engine's task is: Kubernetes' Indexed Job sets JOB_COMPLETION_INDEX (0 …
 * completions − 1), AWS Batch AWS_BATCH_JOB_ARRAY_INDEX (0 … size − 1) and AWS_BATCH_JOB_ARRAY_SIZE,
 * Slurm SLURM_ARRAY_TASK_ID (from SLURM_ARRAY_TASK_MIN) and SLURM_ARRAY_TASK_COUNT. The count is
 * `shards` when given (Kubernetes sets none), else the engine's.
 */
export function shardFromEnv(env: Record<string, string | undefined>, shards: number | null): Shard | ScenarioError {
  const name = SHARD_VARIABLES.find((v) => env[v] !== undefined && env[v] !== "");
  const path = "--shard-from-env";
  if (!name) return { path, message: `none of ${SHARD_VARIABLES.join(", ")} is set` };
  const whole = (text: string | undefined) => (text !== undefined && /^\d+$/.test(text.trim()) ? Number(text) : null);
  const raw = whole(env[name]);
  if (raw === null) return { path, message: `${name} must be a whole number, got ${env[name]}` };
  const base = name === "SLURM_ARRAY_TASK_ID" ? (whole(env.SLURM_ARRAY_TASK_MIN) ?? 0) : 0;
  const countVariable =
    name === "AWS_BATCH_JOB_ARRAY_INDEX"
      ? "AWS_BATCH_JOB_ARRAY_SIZE"
      : name === "SLURM_ARRAY_TASK_ID"
        ? "SLURM_ARRAY_TASK_COUNT"
        : null;
  const count = shards ?? (countVariable ? whole(env[countVariable]) : null);
  if (count === null)
    return {
      path,
      message: countVariable
        ? `${countVariable} is not set: give the number of shards with --shards N`
        : `${name} gives the shard but not how many there are: add --shards N (the Job's completions)`,
    };
  const index = raw - base + 1;
  if (count < 1 || count > MAX_SHARDS)
    return { path, message: `the number of shards must be 1 to ${MAX_SHARDS}, got ${count}` };
  if (index < 1 || index > count) return { path, message: `${name}=${raw} is shard ${index}, outside 1..${count}` };
  return { index, count };
}

/** The run indices of shard K of N among `runs`. */
export function shardRuns(runs: number, shard: Shard): number[] {
  const mine: number[] = [];
  for (let i = shard.index - 1; i < runs; i += shard.count) mine.push(i);
  return mine;
}

/** The first line of a shard's file: which sweep, and which shard of it. */
export interface ShardHeader extends SweepHeader {
  type: "elbsim-sweep-shard";
  shard: [number, number];
  /** The sweep's runs, all shards together. */
  runs: number;
}

/** A shard's file: its header, then one line per run in run order. NaN is written null. */
export function shardLines(header: SweepHeader, shard: Shard, records: readonly RunRecord[]): string {
  const head: ShardHeader = {
    type: "elbsim-sweep-shard",
    shard: [shard.index, shard.count],
    runs: header.points.length * header.seeds.length,
    ...header,
  };
  return [JSON.stringify(head), ...records.map((r) => JSON.stringify(r))].map((line) => `${line}\n`).join("");
}

/** The file a shard writes into --out DIR. */
export function shardFileName(shard: Shard): ShardName {
  return `shard-${shard.index}-of-${shard.count}.jsonl`;
}
