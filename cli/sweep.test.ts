// elbsim sweep as a user runs it: whole on one machine, and in four shards through GNU parallel
// (Debian's `parallel`, which .ci/run installs) as on a cluster, merged back byte for byte.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ROOT, SPAWNS, TINY, elbsim, tempDir, writeScenario } from "./test-cli";

const dir = tempDir("elbsim-sweep-");
const file = writeScenario(dir, "tiny.yaml", TINY.replace("duration: 60s", "duration: 10s"));
// 4 × 2 points × 2 replications: 16 runs of 10 simulated seconds.
const SWEEP = [
  "sweep",
  file,
  "--vary",
  "clients.0.rate=20,30,40,50",
  "--vary",
  "loadBalancer.crossZone=true,false",
  "--replications",
  "2",
  "--threshold",
  "requests>350",
];
const OUTPUTS = ["report.html", "sweep.csv", "sweep.json"];
const SHARDS = { timeout: 180_000 };

describe("elbsim sweep", () => {
  test("sharded four ways through GNU parallel and merged, gives the same bytes as on one machine", SHARDS, () => {
    const single = elbsim([...SWEEP, "--out", join(dir, "single")]);
    expect(single.stderr).toBe("");
    expect(single.code).toBe(0);
    expect(readdirSync(join(dir, "single")).sort()).toEqual(OUTPUTS);

    const parallel = spawnSync(
      "parallel",
      [
        "--will-cite",
        "--quote",
        "--halt",
        "now,fail=1",
        "-j",
        "2",
        process.execPath,
        "bin/elbsim.js",
        ...SWEEP,
        "--shard",
        "{}/4",
        "--out",
        join(dir, "shards"),
        ":::",
        "1",
        "2",
        "3",
        "4",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    if (parallel.error)
      throw new Error(
        `GNU parallel is needed for this test (apt-get install parallel; .ci/run installs it): ${parallel.error.message}`,
      );
    expect(parallel.status, parallel.stderr).toBe(0);
    const shards = readdirSync(join(dir, "shards")).sort();
    expect(shards).toEqual([1, 2, 3, 4].map((k) => `shard-${k}-of-4.jsonl`));
    const lines = shards.map(
      (s) =>
        readFileSync(join(dir, "shards", s), "utf8")
          .trimEnd()
          .split("\n").length - 1,
    );
    expect(lines).toEqual([4, 4, 4, 4]);

    const merged = elbsim(["merge", ...shards.map((s) => join(dir, "shards", s)), "--out", join(dir, "merged")]);
    expect(merged.stderr).toBe("");
    expect(merged.code).toBe(single.code);
    for (const name of OUTPUTS)
      expect(readFileSync(join(dir, "merged", name), "utf8"), name).toBe(
        readFileSync(join(dir, "single", name), "utf8"),
      );
    const table = (out: string) => out.slice(0, out.indexOf("\nWritten: "));
    expect(table(merged.stdout)).toBe(table(single.stdout));
    expect(single.stdout).toMatch(
      /^tiny · a grid over clients\.0\.rate × loadBalancer\.crossZone · 8 points, 16 runs · 2 replications/,
    );
    expect(single.stdout).toMatch(
      /^Smallest clients\.0\.rate that meets every threshold with loadBalancer\.crossZone = true: 40\.$/m,
    );
  });

  test("--shard-from-env reads a Kubernetes Indexed Job's index and writes JSON lines on stdout", SPAWNS, () => {
    const r = elbsim([...SWEEP, "--shard-from-env", "--shards", "4"], undefined, { JOB_COMPLETION_INDEX: "2" });
    expect(r.code).toBe(0);
    const [header, ...runs] = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(header).toMatchObject({
      type: "elbsim-sweep-shard",
      shard: [3, 4],
      runs: 16,
      settings: ["clients.0.rate", "loadBalancer.crossZone"],
    });
    expect(runs.map((x: { run: number }) => x.run)).toEqual([2, 6, 10, 14]);
    expect(runs[0].digest).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("bad sweeps and merges exit 2 with one line naming the problem, no stack", () => {
  const other = writeScenario(dir, "other.yaml", TINY.replace("duration: 60s", "duration: 5s"));
  const cases: [string, () => { args: string[]; env?: Record<string, string> }, string][] = [
    [
      "a --vary over a path that does not exist",
      () => ({ args: ["sweep", file, "--vary", "loadBalancer.nodesPerZon=1..3"] }),
      "--vary loadBalancer.nodesPerZon: no setting loadBalancer.nodesPerZon (did you mean loadBalancer.nodesPerZone?)",
    ],
    [
      "an empty range",
      () => ({ args: ["sweep", file, "--vary", "loadBalancer.nodesPerZone=3..1"] }),
      "--vary loadBalancer.nodesPerZone: 3..1 is an empty range: it ends before it starts",
    ],
    [
      "a value the setting does not take",
      () => ({ args: ["sweep", file, "--vary", "loadBalancer.nodesPerZone=0..1"] }),
      "--vary loadBalancer.nodesPerZone=0: must be at least 1, got 0",
    ],
    [
      "a shard outside 1..N",
      () => ({ args: ["sweep", file, "--vary", "clients.0.rate=1,2", "--shard", "5/4"] }),
      "--shard: must have K from 1 to 4, got 5/4",
    ],
    [
      "an index from the environment outside 1..N",
      () => ({
        args: ["sweep", file, "--vary", "clients.0.rate=1,2", "--shard-from-env"],
        env: { AWS_BATCH_JOB_ARRAY_INDEX: "4", AWS_BATCH_JOB_ARRAY_SIZE: "4" },
      }),
      "--shard-from-env: AWS_BATCH_JOB_ARRAY_INDEX=4 is shard 5, outside 1..4",
    ],
    [
      "a merge of files from different sweeps",
      () => {
        const shard = (scenario: string, name: string) => {
          const r = elbsim(["sweep", scenario, "--vary", "clients.0.rate=10,20", "--shard", "1/2"]);
          return writeScenario(dir, name, r.stdout);
        };
        return { args: ["merge", shard(file, "mine.jsonl"), shard(other, "theirs.jsonl")] };
      },
      "theirs.jsonl: is a shard of another sweep",
    ],
  ];
  for (const [what, make, line] of cases) {
    test(what, SPAWNS, () => {
      const { args, env } = make();
      const r = elbsim(args, undefined, env);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0].replace(dir, "").replace(/^\//, "")).toContain(line);
    });
  }
});
