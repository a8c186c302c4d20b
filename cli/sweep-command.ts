// `elbsim sweep` and `elbsim merge` as commands (docs/design.md#the-command-line): read the files,
// resolve the shard, run, and write. A whole sweep and a merge of its shards print and write the
// same outputs, from reports/sweep.ts. Exit status 99 when the sweep has thresholds and no point
// meets them all; a shard judges nothing, as it holds only part of each point.
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { type SweepSummary, summarizeSweep, sweepTable } from "../reports/sweep";
import { sweepOutputFiles } from "../reports/sweep-report";
import type { Workload } from "../sim/scenario/work-estimate";
import type { CliOptions } from "./args";
import { source } from "./files";
import { reason } from "./reason";
import { finish, writeStdout } from "./finish";
import { refusedWork } from "./limits";
import { type ShardFile, mergeShards } from "./merge";
import { type OutFolder, openOutputs, replacedNote } from "./output";
import { problems } from "./problems";
import { countRuns, everyRedraw, progressBar } from "./progress";
import { type Shard, type ShardName, shardFileName, shardFromEnv, shardLines, shardRuns } from "./shard";
import { type PreparedSweep, prepareSweep, runShard, runSweep } from "./sweep";
import { THRESHOLD_BREACHED } from "./thresholds";

export async function sweep(options: CliOptions): Promise<number> {
  const read = source(options.file, options);
  if (!read.ok) return problems(read.errors);
  let shard: Shard | null = options.shard;
  if (options.shardFromEnv) {
    const fromEnv = shardFromEnv(process.env, options.shards);
    if ("path" in fromEnv) return problems([fromEnv]);
    shard = fromEnv;
  }
  const outputs = openOutputs(options);
  if (!outputs.ok) return problems(outputs.errors);
  const prepared = prepareSweep(read.text, {
    ...read.options,
    variant: options.variant,
    vary: options.vary,
    replications: options.replications,
    precision:
      options.precision === null ? null : { target: options.precision, maxReplications: options.maxReplications! },
  });
  if (!prepared.ok) return problems(prepared.errors);
  if (shard && prepared.sweep.precision)
    return problems([
      { path: "sweep.precision", message: "a precision stop cannot be sharded: give --replications N instead" },
    ]);
  const tooLarge = refusedWork(sweepWorkload(prepared.sweep, shard), options.allowLarge);
  if (tooLarge.length > 0) return problems(tooLarge);
  const progress = progressBar(options.json ? null : process.stderr, () => performance.now(), everyRedraw);
  const onProgress = countRuns(progress);
  if (shard) {
    const records = await runShard(prepared.sweep, shard, { onProgress });
    progress.done();
    const lines = shardLines(prepared.sweep.header, shard, records);
    const out = outputs.value.out;
    if (out) return writeShard(out, shardFileName(shard), lines);
    writeStdout(lines);
    return 0;
  }
  const summary = await runSweep(prepared.sweep, { onProgress });
  progress.done();
  return report(summary, options, outputs.value.out);
}

/** What this command runs, for the work limits: every run of the sweep (to a precision stop's cap), or the shard's. */
function sweepWorkload(sweep: PreparedSweep, shard: Shard | null): Workload {
  const parallel = availableParallelism();
  if (!shard) {
    const replications = sweep.precision?.maxReplications ?? sweep.header.seeds.length;
    return { scenarios: sweep.points, replications, parallel };
  }
  const n = sweep.header.seeds.length;
  const runs = shardRuns(sweep.points.length * n, shard);
  return { scenarios: runs.map((run) => sweep.points[Math.floor(run / n)]), parallel };
}

/** A shard's JSON lines in its --out folder, which the sweep's other shards may share. */
function writeShard(out: OutFolder, name: ShardName, lines: string): number {
  const written = out.write({ [name]: lines }, true);
  if (!written.ok) return problems(written.errors);
  writeStdout(`Written: ${written.value.paths.join(", ")}\n`);
  const replaced = replacedNote(out.dir, written.value);
  if (replaced) process.stderr.write(`${replaced}\n`);
  return 0;
}

export async function merge(options: CliOptions): Promise<number> {
  const files: ShardFile[] = [];
  for (const path of options.files) {
    try {
      files.push({ path, text: readFileSync(path, "utf8") });
    } catch (error) {
      return problems([{ path, message: `cannot read (${reason(error)})` }]);
    }
  }
  const outputs = openOutputs(options);
  if (!outputs.ok) return problems(outputs.errors);
  const merged = mergeShards(files);
  if (!merged.ok) return problems(merged.errors);
  return report(summarizeSweep(merged.header, merged.records), options, outputs.value.out);
}

/** Prints (or writes) a sweep's outputs and says whether its thresholds were met anywhere. */
function report(summary: SweepSummary, options: CliOptions, out: OutFolder | null): number {
  const files = sweepOutputFiles(summary);
  const code = finish(options, out, files, () => (options.json ? files["sweep.json"] : `${sweepTable(summary)}\n`));
  if (code !== 0) return code;
  const met = summary.points.some((p) => p.meets !== false);
  return met ? 0 : THRESHOLD_BREACHED;
}
