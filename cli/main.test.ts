// The elbsim command as a user runs it: `node bin/elbsim.js …` from the repository root, output
// read from its pipes (so stderr is not a terminal and no progress bar is drawn). Each spawn
// costs a few tenths of a second, so the scenarios are tiny and the spawns few.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { elbsim as run, ROOT, TINY } from "./test-cli";
import { loadScenario } from "../sim/scenario/load";

const dir = mkdtempSync(join(tmpdir(), "elbsim-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPAWNS = { timeout: 60_000 };

function elbsim(...args: string[]) {
  return run(args);
}

/** Writes a scenario file into the temporary folder and returns its path. */
function scenario(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** TINY with one piece of text replaced by another (which must be there). */
function tinyWith(from: string, to: string): string {
  expect(TINY).toContain(from);
  return TINY.replace(from, to);
}

const RESULT_KEYS = [
  "scenario",
  "variant",
  "seed",
  "digest",
  "simulatedSeconds",
  "events",
  "wallSeconds",
  "requests",
  "latency",
  "zones",
  "nodes",
  "targets",
  "scaling",
  "log",
];

describe("elbsim run", () => {
  const file = scenario("tiny.yaml", TINY);

  test("--json prints one result object and nothing else; the same seed gives the same digest", SPAWNS, () => {
    const csv = join(dir, "tiny.csv");
    const first = elbsim("run", file, "--json", "--timeseries", csv);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe("");
    const result = JSON.parse(first.stdout);
    expect(Object.keys(result)).toEqual(RESULT_KEYS);
    expect(result).toMatchObject({ scenario: "tiny", variant: null, seed: 7, simulatedSeconds: 60 });
    expect(result.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(result.requests.total).toBeGreaterThan(2000);

    const again = JSON.parse(elbsim("run", file, "--json").stdout);
    expect(again.digest).toBe(result.digest);

    // --timeseries wrote tidy CSV whose lb request count is the nodes' total.
    const rows = readFileSync(csv, "utf8").trimEnd().split("\n");
    expect(rows[0]).toBe("time,metric,dimension,value");
    const lbRequests = rows
      .filter((r) => r.includes(",RequestCount,lb,"))
      .reduce((a, r) => a + Number(r.split(",")[3]), 0);
    expect(lbRequests).toBe(result.nodes.reduce((a: number, n: { requests: number }) => a + n.requests, 0));
  });

  test("another seed, a --set or a variant gives another digest", SPAWNS, () => {
    const digest = (...args: string[]) => {
      const r = elbsim("run", file, "--json", ...args);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout).digest as string;
    };
    const digests = [digest(), digest("--seed", "8"), digest("--set", "clients.0.rate=60"), digest("--variant", "off")];
    expect(new Set(digests).size).toBe(4);
  });

  test("without --json it prints a summary on stdout and, off a terminal, no progress on stderr", SPAWNS, () => {
    const r = elbsim("run", file, "--variant", "off");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("A tiny scenario  (tiny, variant off)");
    expect(r.stdout).toMatch(/seed 7 {3}digest [0-9a-f]{64}/);
    expect(r.stdout).toMatch(/^Requests +[\d,]+ total/m);
    expect(r.stdout).toMatch(/^Latency +mean /m);
    expect(r.stdout).toMatch(/^a-n1 +a +/m);
  });
});

describe("reports, comparisons and replications", () => {
  const file = scenario("tiny-reports.yaml", TINY);

  test("run --out writes summary.json, timeseries.csv and a self-contained report.html", SPAWNS, () => {
    const out = join(dir, "report-out");
    const r = elbsim("run", file, "--out", out, "--json");
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["report.html", "summary.json", "timeseries.csv"]);
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).digest).toBe(JSON.parse(r.stdout).digest);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("A tiny scenario");
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  test("compare --json prints every variant's result, run on the scenario's seed", SPAWNS, () => {
    const r = elbsim("compare", file, "--json");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const compared = JSON.parse(r.stdout);
    expect(Object.keys(compared)).toEqual(["variants"]);
    expect(compared.variants.map((v: { name: string }) => v.name)).toEqual(["off"]);
    expect(Object.keys(compared.variants[0].result)).toEqual(RESULT_KEYS);
    expect(compared.variants[0].result).toMatchObject({ variant: "off", seed: 7 });
  });

  test("--replications N reports a mean and a 95 % interval over N derived seeds", SPAWNS, () => {
    const r = elbsim("run", file, "--replications", "3", "--json");
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.seeds).toHaveLength(3);
    expect(new Set(summary.seeds).size).toBe(3);
    const latency = summary.variants[0].metrics.find((m: { key: string }) => m.key === "latencyMean");
    expect(latency.n).toBe(3);
    expect(latency.halfWidth).toBeGreaterThan(0);
  });
});

describe("elbsim validate and list", () => {
  test("validate names the scenario and counts what it holds", SPAWNS, () => {
    const file = scenario("valid.yaml", TINY);
    const r = elbsim("validate", file);
    expect(r).toEqual({
      code: 0,
      stdout: `${file}: ok (scenario tiny, 4 targets, 1 client group, 1 variant)\n`,
      stderr: "",
    });
  });

  test("list shows every bundled scenario with its title", SPAWNS, () => {
    const r = elbsim("list");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    for (const name of ["cross-zone", "queueing-theory", "flash-crowd"])
      expect(r.stdout).toMatch(new RegExp(`^${name} +\\S`, "m"));
    expect(r.stdout).toContain("Flash crowd on a cold classic load balancer");
  });

  test("every bundled scenario validates", () => {
    const folder = join(ROOT, "scenarios");
    const files = readdirSync(folder).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const path = join(folder, f);
      const loaded = loadScenario(readFileSync(path, "utf8"), {
        readFile: (name) => readFileSync(resolve(dirname(path), name), "utf8"),
      });
      expect(loaded.ok ? [] : loaded.errors, f).toEqual([]);
      if (loaded.ok) {
        expect(`${loaded.scenario.name}.yaml`).toBe(f);
        expect(loaded.scenario.description.length, `${f} needs a description`).toBeGreaterThan(100);
      }
    }
  });
});

describe("bad input exits 2 with one line per problem naming its path, nothing on stdout, no stack", () => {
  const cases: [string, () => string[], RegExp][] = [
    [
      "a YAML syntax error",
      () => ["run", scenario("syntax.yaml", tinyWith("zones: [a, b]", "zones: [a, b"))],
      /^\(yaml\): line \d+, column \d+: /m,
    ],
    [
      "an unknown key",
      () => ["run", scenario("key.yaml", tinyWith("type: application", "type: application\n  crossZones: true"))],
      /^loadBalancer\.crossZones: unknown key \(did you mean crossZone\?\)$/m,
    ],
    [
      "a health-check interval of 1s",
      () => ["validate", scenario("hc.yaml", tinyWith("interval: 10s", "interval: 1s"))],
      /^loadBalancer\.healthCheck\.interval: must be 5s to 300s, got 1s$/m,
    ],
    [
      "a duration that is not one",
      () => ["run", scenario("soon.yaml", tinyWith("duration: 60s", "duration: soon"))],
      /^duration: must be a duration .*, got soon$/m,
    ],
    [
      "a negative rate",
      () => ["run", scenario("rate.yaml", tinyWith("rate: 50", "rate: -5"))],
      /^clients\.0\.rate: .*got -5$/m,
    ],
    [
      "an event naming a target that does not exist",
      () => ["run", scenario("event.yaml", `${TINY}events:\n  - { at: 10s, fail: { target: a-99 } }\n`)],
      /^events\.0\.fail\.target: no target a-99 \(targets: a-1 … a-2, b-1 … b-2\)$/m,
    ],
    [
      "a missing file",
      () => ["run", join(dir, "nope.yaml")],
      new RegExp(
        `^${join(dir, "nope.yaml").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot read \\(no such file\\)$`,
        "m",
      ),
    ],
    ["an unknown flag", () => ["run", scenario("flag.yaml", TINY), "--frobnicate"], /^--frobnicate: unknown flag$/m],
    [
      "a bad --set value",
      () => ["run", scenario("set.yaml", TINY), "--set", "loadBalancer.crossZone=maybe"],
      /^--set loadBalancer\.crossZone: must be true or false, got maybe$/m,
    ],
    [
      "a --set without =",
      () => ["run", scenario("set2.yaml", TINY), "--set", "crossZone"],
      /^--set crossZone: must be PATH=VALUE/m,
    ],
    [
      "an unknown --variant",
      () => ["run", scenario("variant.yaml", TINY), "--variant", "nope"],
      /^--variant: no variant nope \(variants: off\)$/m,
    ],
    [
      "a single replication",
      () => ["run", scenario("reps.yaml", TINY), "--replications", "1"],
      /^--replications: must be a whole number from 2 up, got 1$/m,
    ],
    [
      "compare with no variants to compare",
      () => ["compare", scenario("novariants.yaml", TINY.slice(0, TINY.indexOf("variants:")))],
      /^variants: compare needs variants/m,
    ],
    [
      "compare with a broken variant",
      () => [
        "compare",
        scenario(
          "badvariant.yaml",
          tinyWith("off: { loadBalancer.crossZone: false }", "off: { loadBalancer.crossZone: maybe }"),
        ),
      ],
      /^variants\.off\.loadBalancer\.crossZone: must be true or false, got maybe$/m,
    ],
    [
      "--out onto a file",
      () => ["run", scenario("outfile.yaml", TINY), "--out", scenario("a-file.txt", "")],
      /^--out: .* is a file, not a folder$/m,
    ],
  ];

  for (const [what, args, line] of cases) {
    test(what, SPAWNS, () => {
      const r = elbsim(...args());
      expect(r.stderr).toMatch(line);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).not.toContain("    at ");
      // Every line is `path: message`.
      for (const l of r.stderr.trimEnd().split("\n")) expect(l).toMatch(/^\S[^:]*: \S/);
    });
  }
});
