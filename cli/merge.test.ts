import { describe, expect, it } from "vitest";
import { summarizeSweep, sweepCsv } from "../reports/sweep";
import { TINY } from "./test-cli";
import { mergeShards } from "./merge";
import { shardLines } from "./shard";
import { type PreparedSweep, prepareSweep, runShard, runSweep } from "./sweep";

const SHORT = TINY.replace("duration: 60s", "duration: 10s");

function prepared(vary: string[], replications = 2): PreparedSweep {
  const sweep = prepareSweep(SHORT, {
    variant: null,
    vary,
    replications,
    precision: null,
    thresholds: ["errorRate<1%"],
  });
  if (!sweep.ok) throw new Error(JSON.stringify(sweep.errors));
  return sweep.sweep;
}

const sweep = prepared(["clients.0.rate=20,40"]);
const shard = async (index: number, count: number) =>
  shardLines(sweep.header, { index, count }, await runShard(sweep, { index, count }, { workers: 0 }));
const [one, two, three] = await Promise.all([shard(1, 3), shard(2, 3), shard(3, 3)]);
const file = (path: string, text: string) => ({ path, text });

describe("merge", () => {
  it("puts the shards back together into the whole sweep's summary", async () => {
    const merged = mergeShards([file("3", three), file("1", one), file("2", two)]);
    if (!merged.ok) throw new Error(JSON.stringify(merged.errors));
    const whole = await runSweep(sweep, { workers: 0 });
    expect(summarizeSweep(merged.header, merged.records)).toEqual(whole);
    expect(sweepCsv(summarizeSweep(merged.header, merged.records))).toBe(sweepCsv(whole));
  });

  it("keeps a run found twice with the same digest once, as a retried task writes it", () => {
    const merged = mergeShards([file("1", one), file("1-retry", one), file("2", two), file("3", three)]);
    expect(merged.ok && merged.records).toHaveLength(4);
  });

  it("refuses a run found twice with different digests", () => {
    const [head, first, ...rest] = one.trimEnd().split("\n");
    const forged = [head, first.replace(/"digest":"[0-9a-f]{4}/, '"digest":"ffff'), ...rest].join("\n");
    const merged = mergeShards([file("a.jsonl", one), file("b.jsonl", forged), file("2", two), file("3", three)]);
    expect(
      merged.ok ? [] : merged.errors.map((e) => [e.path, e.message.replace(/[0-9a-f]{12}…/g, "<digest>")]),
    ).toEqual([
      [
        "b.jsonl",
        "line 2: run 0 (point 1, seed 7000022) has digest <digest>, but a.jsonl line 2 has <digest>: a run is a pure function of its inputs, so one of them was run differently",
      ],
    ]);
  });

  it("names the runs and shards that are missing", () => {
    const merged = mergeShards([file("1", one), file("3", three)]);
    expect(merged).toEqual({
      ok: false,
      errors: [{ path: "merge", message: "1 of 4 runs are missing: 1 (no file of shard 2/3)" }],
    });
  });

  it("refuses files of another sweep, files that are no shard and lines cut short", async () => {
    const other = prepared(["clients.0.rate=20,60"]);
    const foreign = shardLines(other.header, { index: 2, count: 3 }, []);
    const merged = mergeShards([
      file("1", one),
      file("other.jsonl", foreign),
      file("notes.txt", "hello\n"),
      file("cut.jsonl", `${two.slice(0, -20)}\n`),
    ]);
    expect(merged.ok ? [] : merged.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      expect.stringMatching(
        /^other\.jsonl: is a shard of another sweep \([0-9a-f]{12}… of scenario tiny, 2 points × 2 seeds, elbsim [\d.]+\) than 1 \(/,
      ),
      "notes.txt: line 1: is not the header of an elbsim sweep shard (elbsim sweep --shard K/N writes them)",
      "cut.jsonl: line 2: is not JSON (was the shard cut short?)",
    ]);
  });
});

describe("a sweep from the scenario's sweep block", () => {
  it("grids its vary: and runs its replications, and its errors are at the block's keys", async () => {
    const block = `${SHORT}sweep:\n  vary: { clients.0.rate: "20..30 step 10" }\n  replications: 2\n`;
    const planned = prepareSweep(block, { variant: null, vary: [], replications: null, precision: null });
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
    expect(planned.sweep.header.points).toEqual([{ "clients.0.rate": 20 }, { "clients.0.rate": 30 }]);
    expect(planned.sweep.header.seeds).toHaveLength(2);
    const bad = prepareSweep(block.replace('"20..30 step 10"', "[20, -5]"), {
      variant: null,
      vary: [],
      replications: null,
      precision: null,
    });
    expect(bad).toEqual({
      ok: false,
      errors: [{ path: "sweep.vary clients.0.rate=-5", message: "must be at least 0, got -5" }],
    });
  });

  it("is bounded: at most 100,000 runs", () => {
    const big = prepareSweep(SHORT, {
      variant: null,
      vary: ["clients.0.rate=1..200"],
      replications: 600,
      precision: null,
    });
    expect(big).toEqual({
      ok: false,
      errors: [
        {
          path: "--replications",
          message: "the sweep would be up to 120000 runs (200 points × 600), more than 100000",
        },
      ],
    });
  });

  it("adds replications to every point until each interval is within the precision", async () => {
    const sweep = prepared(["clients.0.rate=20,40"], 3);
    const summary = await runSweep({ ...sweep, precision: { target: 0.1, maxReplications: 12 } }, { workers: 0 });
    const n = summary.seeds.length;
    expect(summary.precision).toMatchObject({ target: 0.1 });
    expect(n).toBeGreaterThan(3);
    expect(summary.points.every((p) => p.replications === n && p.digests.length === n)).toBe(true);
    if (summary.precision!.reached)
      for (const p of summary.points)
        for (const m of p.metrics) expect(m.halfWidth).toBeLessThanOrEqual(0.1 * Math.abs(m.mean));
  });
});
