// `elbsim merge FILES…` (docs/design.md#shards): the JSON lines of a sweep's shards (shard.ts) put
// back together. Every run must be there exactly once: a run found twice with the same digest is a
// retried task and is kept once; with another digest it is an error, as a run is a pure function
// of its inputs. Files of another sweep (another scenario, points, seeds, thresholds or elbsim
// version) are an error, and so are missing runs. The result is the sweep's header and records,
// from which reports/sweep.ts makes the same outputs as the sweep run on one machine.
import type { RunRecord, SweepHeader } from "../reports/sweep";
import type { ScenarioError } from "../sim/scenario/defaults";
import type { Loaded } from "./compare";
import type { ShardHeader } from "./shard";

export interface ShardFile {
  path: string;
  text: string;
}

interface Seen {
  digest: string;
  path: string;
  line: number;
}

/** Missing runs listed before the rest are counted. */
const LISTED = 10;

export function mergeShards(files: readonly ShardFile[]): Loaded<{ header: SweepHeader; records: RunRecord[] }> {
  const errors: ScenarioError[] = [];
  let first: { header: ShardHeader; path: string } | null = null;
  const seen = new Map<number, Seen>();
  const records: RunRecord[] = [];
  const shards = new Set<string>();
  for (const { path, text } of files) {
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    const header = readHeader(lines[0]);
    if (typeof header === "string") {
      errors.push({ path, message: header });
      continue;
    }
    if (first === null) first = { header, path };
    else if (header.sweep !== first.header.sweep) {
      errors.push({ path, message: otherSweep(header, first.header, first.path) });
      continue;
    }
    shards.add(`${header.shard[0]}/${header.shard[1]}`);
    for (let l = 1; l < lines.length; l++) {
      const where = { path, message: "" };
      const record = readRecord(lines[l], header);
      if (typeof record === "string") {
        errors.push({ ...where, message: `line ${l + 1}: ${record}` });
        continue;
      }
      const before = seen.get(record.run);
      if (!before) {
        seen.set(record.run, { digest: record.digest, path, line: l + 1 });
        records.push(record);
      } else if (before.digest !== record.digest) {
        errors.push({
          path,
          message: `line ${l + 1}: run ${record.run} (point ${record.point + 1}, seed ${record.seed}) has digest ${record.digest.slice(0, 12)}…, but ${before.path} line ${before.line} has ${before.digest.slice(0, 12)}…: a run is a pure function of its inputs, so one of them was run differently`,
        });
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  if (first === null) return { ok: false, errors: [{ path: "merge", message: "no shard files given" }] };
  const missing: number[] = [];
  for (let run = 0; run < first.header.runs; run++) if (!seen.has(run)) missing.push(run);
  if (missing.length > 0) {
    const listed = missing.slice(0, LISTED).join(", ");
    const more = missing.length > LISTED ? `, and ${missing.length - LISTED} more` : "";
    const count = first.header.shard[1];
    const lost = Array.from({ length: count }, (_, k) => `${k + 1}/${count}`).filter((s) => !shards.has(s));
    const hint = lost.length > 0 ? `no file of shard ${lost.join(", ")}` : "was a shard cut short?";
    return {
      ok: false,
      errors: [
        {
          path: "merge",
          message: `${missing.length} of ${first.header.runs} runs are missing: ${listed}${more} (${hint})`,
        },
      ],
    };
  }
  const { type: _, shard: __, runs: ___, ...header } = first.header;
  return { ok: true, header, records };
}

function parse(line: string | undefined): unknown {
  try {
    return line === undefined ? undefined : JSON.parse(line);
  } catch {
    return undefined;
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

function readHeader(line: string | undefined): ShardHeader | string {
  const h = parse(line);
  if (!isObject(h) || h.type !== "elbsim-sweep-shard")
    return "line 1: is not the header of an elbsim sweep shard (elbsim sweep --shard K/N writes them)";
  const ok =
    typeof h.sweep === "string" &&
    Array.isArray(h.shard) &&
    Array.isArray(h.points) &&
    Array.isArray(h.seeds) &&
    Array.isArray(h.settings) &&
    Array.isArray(h.thresholds) &&
    isObject(h.scenario) &&
    Number.isInteger(h.runs) &&
    h.runs === h.points.length * h.seeds.length;
  return ok ? (h as unknown as ShardHeader) : "line 1: a shard header with missing or inconsistent fields";
}

function readRecord(line: string, header: ShardHeader): RunRecord | string {
  const r = parse(line);
  if (r === undefined) return "is not JSON (was the shard cut short?)";
  if (!isObject(r) || !Number.isInteger(r.run) || typeof r.digest !== "string" || !Array.isArray(r.metrics))
    return "is not a run (run, point, seed, digest, metrics)";
  const run = r.run as number;
  const n = header.seeds.length;
  if (run < 0 || run >= header.runs) return `run ${run} is not one of this sweep's ${header.runs}`;
  if (r.point !== Math.floor(run / n) || r.seed !== header.seeds[run % n])
    return `run ${run} must be point ${Math.floor(run / n) + 1} on seed ${header.seeds[run % n]}`;
  const metrics = r.metrics as unknown[];
  const valid = metrics.every(
    (m) =>
      isObject(m) &&
      typeof m.key === "string" &&
      typeof m.label === "string" &&
      (m.kind === "count" || m.kind === "fraction" || m.kind === "seconds") &&
      (typeof m.value === "number" || m.value === null),
  );
  if (!valid) return `run ${run}'s metrics must each have key, label, kind and value`;
  return {
    run,
    point: r.point as number,
    seed: r.seed as number,
    digest: r.digest,
    metrics: (
      metrics as { key: string; label: string; kind: "count" | "fraction" | "seconds"; value: number | null }[]
    ).map((m) => ({ key: m.key, label: m.label, kind: m.kind, value: m.value ?? Number.NaN })),
  };
}

function otherSweep(header: ShardHeader, first: ShardHeader, firstPath: string): string {
  const which = (h: ShardHeader) =>
    `${h.sweep.slice(0, 12)}… of scenario ${String(h.scenario.name)}, ${h.points.length} points × ${h.seeds.length} seeds, elbsim ${h.elbsim}`;
  return `is a shard of another sweep (${which(header)}) than ${firstPath} (${which(first)})`;
}
