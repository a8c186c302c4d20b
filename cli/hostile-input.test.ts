// Hostile input (issue "Hostile input", groups 1 and 3): numbers, text and files that once hung
// the command, crashed it or were silently misread. Each is spawned as a user runs it
// (`node bin/elbsim.js …`, as in main.test.ts) and must end with exit 2, nothing on stdout and one
// `path: message` line on stderr naming the setting at fault, never a stack trace.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { elbsim as run, TINY } from "./test-cli";

const dir = mkdtempSync(join(tmpdir(), "elbsim-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A defect that hangs the command must fail its test, not stall the suite.
const HANG = 20_000;
const SPAWNS = { timeout: HANG + 10_000 };

function elbsim(...args: string[]) {
  return run(args, HANG);
}

let files = 0;

/** Writes a scenario into the temporary folder and returns its path. */
function scenario(text: string, name = `s${++files}.yaml`): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** TINY with one piece of text replaced by another (which must be there). */
function tinyWith(from: string, to: string): string {
  expect(TINY).toContain(from);
  return TINY.replace(from, to);
}

/** The command fails as bad input: exit 2, stdout empty, no stack, one line `path: message`. */
function rejects(args: string[], path: string, message: RegExp = /./): string {
  const r = elbsim(...args);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toContain("    at ");
  const lines = r.stderr.replace(/\n$/, "").split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0].startsWith(`${path}: `), `${lines[0]} should start with ${path}: `).toBe(true);
  expect(lines[0].slice(path.length + 2)).toMatch(message);
  expect(r.code).toBe(2);
  return lines[0];
}

/** The path a `path: message` line names. */
function pathOf(line: string): string {
  return line.slice(0, line.indexOf(": "));
}

/** 400 nines: more digits than a double can hold, so Number() of them is Infinity. */
const NINES = "9".repeat(400);

describe("1. numbers too large to be finite are refused", () => {
  const cases: [string, string, string][] = [
    ["duration", "duration: 60s", `duration: ${NINES}d`],
    ["metricsInterval", "metricsInterval: 5s", `metricsInterval: ${NINES}s`],
    ["targets.1.serviceTime", "serviceTime: 20ms }", `serviceTime: ${NINES}ms }`],
    ["targets.0.serviceTime.mean", "mean: 20ms", `mean: ${NINES}d`],
    [
      "loadBalancer.controller.provisioningTime.max",
      "healthCheck: { interval: 10s }",
      `healthCheck: { interval: 10s }\n  controller: { provisioningTime: { min: 1m, max: ${NINES}d } }`,
    ],
  ];
  for (const [path, from, to] of cases) {
    test(`a duration of 400 digits at ${path}`, SPAWNS, () => {
      rejects(["validate", scenario(tinyWith(from, to))], path, /, got 9+…$/);
    });
  }

  test("an event at a time of 400 digits", SPAWNS, () => {
    rejects(
      ["validate", scenario(`${TINY}events:\n  - { at: ${NINES}d, fail: { target: a-1 } }\n`)],
      "events.0.at",
      /, got 9+…$/,
    );
  });
});

describe("2. values whose derived times overflow, underflow or never end are out of range", () => {
  const cases: [string, string, string, string][] = [
    [
      "an exponential mean of 1.7e308",
      "mean: 20ms",
      "mean: 1.7e308",
      "targets.0.serviceTime.mean: must be at most 3600s, got 1.7e+308",
    ],
    [
      "a node capacity of 5e-324",
      "healthCheck: { interval: 10s }",
      "healthCheck: { interval: 10s }\n  node: { capacity: 5e-324 }",
      "loadBalancer.node.capacity: must be at least 0.001 or unlimited, got 5e-324",
    ],
    ["a run of 5e-324 seconds", "duration: 60s", "duration: 5e-324", "duration: must be at least 1ms, got 5e-324"],
    [
      "a controller evaluating every nanosecond",
      "healthCheck: { interval: 10s }",
      "healthCheck: { interval: 10s }\n  controller: { evaluationInterval: 1e-9 }",
      "loadBalancer.controller.evaluationInterval: must be at least 1s, got 1e-9",
    ],
    [
      "an evaluation interval written as a string",
      "healthCheck: { interval: 10s }",
      "healthCheck: { interval: 10s }\n  controller: { evaluationInterval: 2h }",
      "loadBalancer.controller.evaluationInterval: must be at most 3600s, got 2h",
    ],
    [
      "a billion resolvers",
      "{ name: users, count: 100, rate: 50 }",
      "{ name: users, count: 100, resolvers: 1e9, rate: 50 }",
      "clients.0.resolvers: must be at most 10000000, got 1000000000",
    ],
    [
      "a rate of 1e300 requests per second",
      "rate: 50",
      "rate: 1e300",
      "clients.0.rate: must be at most 1000000000, got 1e+300",
    ],
    [
      "a trillion workers",
      "count: 2, concurrency: 4, serviceTime: 20ms",
      "count: 2, concurrency: 1e12, serviceTime: 20ms",
      "targets.1.concurrency: must be at most 100000, got 1000000000000",
    ],
    [
      "a metric bucket longer than the run",
      "metricsInterval: 5s",
      "metricsInterval: 2m",
      "metricsInterval: must be at most the duration (60s), got 120s",
    ],
  ];
  for (const [what, from, to, line] of cases) {
    test(what, SPAWNS, () => {
      expect(rejects(["validate", scenario(tinyWith(from, to))], pathOf(line))).toBe(line);
    });
  }

  test("a slow factor of 1.7e308", SPAWNS, () => {
    const text = `${TINY}events:\n  - { at: 10s, slow: { target: a-1, factor: 1.7e308 } }\n`;
    expect(rejects(["validate", scenario(text)], "events.0.slow.factor")).toBe(
      "events.0.slow.factor: must be at most 1000, got 1.7e+308",
    );
  });

  test("a million replications", SPAWNS, () => {
    expect(rejects(["run", scenario(TINY), "--replications", "1000000"], "--replications")).toBe(
      "--replications: must be at most 1000, got 1000000",
    );
  });
});

describe("3. trace cells must be finite numbers", () => {
  test("a rate of 1e400 in a trace", SPAWNS, () => {
    writeFileSync(join(dir, "infinite.csv"), "time,rps\n0,1e400\n");
    const file = scenario(tinyWith("rate: 50", "rate: { trace: infinite.csv }"));
    expect(rejects(["validate", file], "clients.0.rate.trace")).toBe(
      "clients.0.rate.trace: line 2: rps must be at most 1000000000, got 1e400",
    );
  });

  test("a time of 1e400 in a trace", SPAWNS, () => {
    writeFileSync(join(dir, "forever.csv"), "time,rps\n0,5\n1e400,5\n");
    const file = scenario(tinyWith("rate: 50", "rate: { trace: forever.csv }"));
    expect(rejects(["validate", file], "clients.0.rate.trace")).toBe(
      "clients.0.rate.trace: line 3: time must be at most 30d, got 1e400",
    );
  });
});

describe("4. --set values YAML cannot resolve", () => {
  test("an alias with no anchor", SPAWNS, () => {
    expect(rejects(["run", scenario(TINY), "--set", "title=*nope"], "--set title")).toBe(
      "--set title: cannot read *nope as YAML (Unresolved alias (the anchor must be set before the alias): nope)",
    );
  });
});

describe("5. seeds a double cannot hold exactly are refused, not rounded", () => {
  const UNSAFE = "9007199254740993"; // 2^53 + 1, which a double rounds to 2^53
  const REFUSED = `must be at most 9007199254740991, got ${UNSAFE}`;

  test("in YAML", SPAWNS, () => {
    expect(rejects(["validate", scenario(tinyWith("seed: 7", `seed: ${UNSAFE}`))], "seed")).toBe(`seed: ${REFUSED}`);
  });

  test("in JSON", SPAWNS, () => {
    const json = JSON.stringify({
      version: 1,
      name: "tiny",
      seed: 1,
      duration: 60,
      zones: ["a"],
      targets: [{ zone: "a", concurrency: 1, serviceTime: 0.01 }],
      clients: [{ name: "c", rate: 1 }],
    }).replace('"seed":1', `"seed":${UNSAFE}`);
    expect(json).toContain(UNSAFE);
    expect(rejects(["validate", scenario(json, "seed.json")], "seed")).toBe(`seed: ${REFUSED}`);
  });

  test("with --seed", SPAWNS, () => {
    expect(rejects(["run", scenario(TINY), "--seed", UNSAFE], "--seed")).toBe(`--seed: ${REFUSED}`);
  });

  test("with --set seed=", SPAWNS, () => {
    expect(rejects(["run", scenario(TINY), "--set", `seed=${UNSAFE}`], "--set seed")).toBe(`--set seed: ${REFUSED}`);
  });
});

describe("6. an event after the scenario's end is an error, not silently ignored", () => {
  test("an event at 90s in a 60s run", SPAWNS, () => {
    const events = ["10s, fail", "20s, recover", "30s, fail", "90s, recover"]
      .map((e) => `  - { at: ${e}: { target: a-1 } }\n`)
      .join("");
    expect(rejects(["validate", scenario(`${TINY}events:\n${events}`)], "events.3.at")).toBe(
      "events.3.at: must be at most the duration (60s), got 90s",
    );
  });
});

describe("7. trace files come from the scenario's folder, are regular files, and are quoted briefly", () => {
  const OUTSIDE = "(--allow-outside-traces allows others)";
  /** validate on TINY with its rate read from `trace`, plus any flags. */
  const traced = (trace: string, ...flags: string[]) => [
    "validate",
    scenario(tinyWith("rate: 50", `rate: { trace: ${JSON.stringify(trace)} }`)),
    ...flags,
  ];
  const PATH = "clients.0.rate.trace";

  for (const trace of ["/etc/passwd", "../../../../etc/passwd", "/proc/self/environ"]) {
    test(`${trace} is outside the scenario's folder`, SPAWNS, () => {
      expect(rejects(traced(trace), PATH)).toBe(
        `${PATH}: must be a file in the scenario's folder, got ${trace} ${OUTSIDE}`,
      );
    });
  }

  test("a link in the folder that leads out of it", SPAWNS, () => {
    symlinkSync("/etc/passwd", join(dir, "passwd.csv"));
    expect(rejects(traced("passwd.csv"), PATH)).toBe(
      `${PATH}: must be a file in the scenario's folder, got passwd.csv, a link out of it ${OUTSIDE}`,
    );
  });

  test("a FIFO, which would block the read forever", SPAWNS, () => {
    expect(spawnSync("mkfifo", [join(dir, "fifo.csv")]).status).toBe(0);
    expect(rejects(traced("fifo.csv"), PATH)).toBe(`${PATH}: fifo.csv is not a regular file (a FIFO)`);
  });

  test("/dev/zero, even when outside traces are allowed", SPAWNS, () => {
    expect(rejects(traced("/dev/zero", "--allow-outside-traces"), PATH)).toBe(
      `${PATH}: /dev/zero is not a regular file (a device)`,
    );
  });

  test("a /proc file, which holds more than its size says, is not read", SPAWNS, () => {
    const line = rejects(traced("/proc/self/environ", "--allow-outside-traces"), PATH);
    expect(line).toBe(
      `${PATH}: /proc/self/environ is not a regular file (it holds more than its size says, as /proc files do)`,
    );
  });

  test("a file over 64 MiB", SPAWNS, () => {
    writeFileSync(join(dir, "huge.csv"), "time,rps\n");
    truncateSync(join(dir, "huge.csv"), 65 * 1024 * 1024); // sparse: no disk is written
    expect(rejects(traced("huge.csv"), PATH)).toBe(`${PATH}: huge.csv is 65 MiB; a trace may be at most 64 MiB`);
  });

  test("a line that is not a header is quoted in at most 40 characters, escaped", SPAWNS, () => {
    writeFileSync(join(dir, "secrets.csv"), `\x1b[2J${"AWS_SECRET_ACCESS_KEY=abc ".repeat(20)}\n0,1\n`);
    const line = rejects(traced("secrets.csv"), PATH);
    expect(line).toBe(
      `${PATH}: line 1: must start with the header time,rps, got \\x1b[2JAWS_SECRET_ACCESS_KEY=abc AWS_SE…`,
    );
    expect(line.slice(line.indexOf(", got ") + 6)).toHaveLength(40);
  });
});

describe("8. control characters are escaped in every message, and refused where they would reach a terminal", () => {
  test("a newline in a key cannot forge a second error line", SPAWNS, () => {
    const file = scenario(tinyWith("type: application", 'type: application\n  "cross\\nZone": true'));
    expect(rejects(["validate", file], "loadBalancer.cross\\nZone")).toBe(
      "loadBalancer.cross\\nZone: unknown key (did you mean crossZone?)",
    );
  });

  test("an ANSI escape in a zone name", SPAWNS, () => {
    const file = scenario(tinyWith("zones: [a, b]", 'zones: ["a\\e[31m", b]').replace("zone: a,", "zone: b,"));
    expect(rejects(["validate", file], "zones.0")).toBe(
      "zones.0: must be lower-case letters and digits, got a\\x1b[31m",
    );
  });

  test("an ANSI escape in a title", SPAWNS, () => {
    const file = scenario(tinyWith("title: A tiny scenario", 'title: "\\e[2J\\e[31mA tiny scenario"'));
    expect(rejects(["validate", file], "title")).toBe(
      "title: must not contain control characters, got \\x1b[2J\\x1b[31mA tiny scenario",
    );
  });

  test("an ANSI escape in a variant's name", SPAWNS, () => {
    const file = scenario(tinyWith("  off:", '  "off\\e[1m":'));
    expect(rejects(["validate", file], "variants.off\\x1b[1m")).toBe(
      "variants.off\\x1b[1m: must not contain control characters, got off\\x1b[1m",
    );
  });

  test("control characters on the command line", SPAWNS, () => {
    const file = scenario(TINY);
    expect(rejects(["run", file, "--variant", "x\ny"], "--variant")).toBe(
      "--variant: no variant x\\ny (variants: off)",
    );
    expect(rejects(["run", file, "--set", "\x1b[31m=1"], "--set \\x1b[31m")).toBe("--set \\x1b[31m: unknown key");
    const missing = join(dir, "no\rsuch.yaml");
    expect(rejects(["run", missing], missing.replace("\r", "\\r"))).toBe(
      `${missing.replace("\r", "\\r")}: cannot read (no such file)`,
    );
  });
});
