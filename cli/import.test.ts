// `elbsim import` as a user runs it (`node bin/elbsim.js import …`), on the fixtures of cli/fixtures/
// (written by bin/synthetic-traffic.ts, shaped like each documented format) and on files made here.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIXTURES = join(ROOT, "cli", "fixtures");
const dir = mkdtempSync(join(tmpdir(), "elbsim-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPAWNS = { timeout: 60_000 };

function elbsim(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/elbsim.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 30_000,
    maxBuffer: 1 << 24,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const ALB = readFileSync(join(FIXTURES, "alb.log"), "utf8");

describe("an access log gzipped as AWS writes it", () => {
  const log = file("shop.log.gz", gzipSync(ALB));
  const out = join(dir, "shop");
  let imported: ReturnType<typeof elbsim>;

  test(
    "imports into a scenario that replays it, and says what it read",
    () => {
      imported = elbsim("import", log, "--out", out);
      expect(imported.stderr).toBe("");
      expect(imported.code).toBe(0);
      const lines = ALB.trim().split("\n").length;
      expect(imported.stdout).toContain(
        `Read 1 file (Application Load Balancer access log): ${lines} lines, ${lines} requests`,
      );
      expect(imported.stdout).toMatch(/^Clients: \d+ addresses \(hashed as read, none kept\), \d+ connections/m);
      expect(imported.stdout).toMatch(/^Targets: 4 in 2 zones \(a: 2 in 10\.0\.1\.0\/24, b: 2 in 10\.0\.2\.0\/24\)$/m);
      expect(imported.stdout).toMatch(/by the load balancer itself: \d+ \(502: \d+\)/);
      expect(imported.stdout).toContain(`Run it:  elbsim run ${join(out, "scenario.yaml")}`);
      expect(readdirSync(out).sort()).toEqual(["arrivals.csv", "observed.csv", "scenario.yaml", "service-times.csv"]);
      // No client address, in any file written.
      for (const name of readdirSync(out))
        expect(readFileSync(join(out, name), "utf8")).not.toMatch(/192\.0\.2\.|198\.51\.100\.|203\.0\.113\./);
    },
    SPAWNS.timeout,
  );

  test(
    "the replay reproduces the log's arrivals exactly, and the summary sets observed beside simulated",
    () => {
      const run = elbsim("run", join(out, "scenario.yaml"), "--json");
      expect(run.code).toBe(0);
      const { observed } = JSON.parse(run.stdout);
      const requests = observed.rows.find(
        (r: { metric: string; dimension: string }) => r.metric === "RequestCount" && r.dimension === "lb",
      );
      expect(requests).toMatchObject({ difference: 0, perBucket: 0 });
      expect(requests.observed).toBe(ALB.trim().split("\n").length);
      const text = elbsim("run", join(out, "scenario.yaml"));
      expect(text.stdout).toMatch(/^Simulated against observed \(observed\.csv; /m);
      expect(text.stdout).toMatch(/^HTTPCode_ELB_502_Count +lb +\d+ +\d+ /m);
    },
    SPAWNS.timeout,
  );
});

describe("every format imports from its fixture", () => {
  const cases: [string, string][] = [
    ["classic.log", "Classic Load Balancer access log"],
    ["get-metric-data.json", "CloudWatch metrics export"],
    ["cloudwatch.csv", "CloudWatch metrics export"],
    ["k6.csv", "k6 results CSV"],
    ["locust_stats_history.csv", "Locust stats history"],
  ];
  test.each(cases)(
    "%s",
    (name, kind) => {
      const out = join(dir, `out-${name}`);
      const r = elbsim("import", join(FIXTURES, name), "--out", out);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Read 1 file \\(${kind}\\)`, "m"));
      expect(elbsim("validate", join(out, "scenario.yaml")).code).toBe(0);
    },
    SPAWNS.timeout,
  );
});

describe("bad input exits 2 with one line per problem, writes nothing, shows no stack", () => {
  const cases: [string, () => string[], string][] = [
    [
      "a file that is none of the formats",
      () => ["import", file("notes.txt", "shopping list\neggs\n")],
      `${join(dir, "notes.txt")}: is not an access log, a CloudWatch export, or k6 or Locust results (its first line: shopping list); name it with --format`,
    ],
    ["an empty file", () => ["import", file("empty.log", "\n\n")], `${join(dir, "empty.log")}: is empty`],
    [
      "mixed formats",
      () => ["import", join(FIXTURES, "alb.log"), join(FIXTURES, "classic.log")],
      `${join(FIXTURES, "classic.log")}: is a Classic Load Balancer access log, not an Application Load Balancer access log (mixed formats: import them apart)`,
    ],
    [
      "a log of another kind than named",
      () => ["import", join(FIXTURES, "alb.log"), "--format", "k6"],
      `${join(FIXTURES, "alb.log")}: is an Application Load Balancer access log, not a k6 results CSV (mixed formats: import them apart)`,
    ],
    [
      "a gzip file that does not decompress",
      () => ["import", file("broken.log.gz", Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4]))],
      `${join(dir, "broken.log.gz")}: is not valid gzip (it starts like gzip but does not decompress)`,
    ],
    ["a directory", () => ["import", dir], `${dir}: is a directory`],
    [
      "a log with no usable line",
      () => ["import", file("garbage.log", "https nonsense\nhttps more nonsense\n"), "--format", "alb"],
      [
        `${join(dir, "garbage.log")}: is not an Application Load Balancer access log: no line could be read`,
        `${join(dir, "garbage.log")}: line 1: has 2 fields; an application load balancer entry has at least 22`,
        `${join(dir, "garbage.log")}: line 2: has 3 fields; an application load balancer entry has at least 22`,
      ].join("\n"),
    ],
    [
      "bad flags",
      () => ["import", join(FIXTURES, "alb.log"), "--bucket", "0s", "--zone", "10.0.1.0=a", "--format", "xml"],
      [
        "--format: must be one of alb, classic, cloudwatch, k6, locust, got xml",
        "--bucket: must be a duration from 1ms to 1d, such as 1s or 1m, got 0s",
        "--zone: must be an IPv4 range and a zone name, such as 10.0.1.0/24=a, got 10.0.1.0=a",
      ].join("\n"),
    ],
  ];
  test.each(cases)(
    "%s",
    (_, args, stderr) => {
      const out = join(dir, "never");
      const r = elbsim(...args(), "--out", out);
      expect(r.stderr).toBe(`${stderr}\n`);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(existsSync(out)).toBe(false);
    },
    SPAWNS.timeout,
  );

  test(
    "a line longer than 64 KiB is skipped and counted, never held whole",
    () => {
      const lines = ALB.split("\n");
      const log = file("long.log", [lines[0], `https ${"x".repeat(200_000)}`, ...lines.slice(1)].join("\n"));
      const out = join(dir, "long");
      mkdirSync(out);
      const r = elbsim("import", log, "--out", out);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(`${log}: line 2: is longer than 64 KiB\n`);
      expect(r.stdout).toMatch(/, 1 line skipped$/m);
    },
    SPAWNS.timeout,
  );
});
