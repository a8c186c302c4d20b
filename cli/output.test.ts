// Where the command writes, spawned as a user runs it: folders that cannot be written are found
// before the run; stdout closed early or on a full disk ends without a stack; long CSV is written
// in bounded memory; --out files appear all at once, and a reused folder keeps nothing stale.
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  watch,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "elbsim-output-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A run that a check made too late would wait for must fail its test, not stall the suite.
const STALL = 20_000;
const SPAWNS = { timeout: STALL + 20_000 };

function elbsim(args: string[], options: { stdout?: number; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, ["bin/elbsim.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: STALL,
    maxBuffer: 1 << 26,
    stdio: ["ignore", options.stdout ?? "pipe", "pipe"],
    env: { ...process.env, ...options.env },
  });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr };
}

function scenario(name: string, text: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** A small scenario's text; `targets` and `clients` replace its lists. */
function tinyText(name: string, parts: { targets?: string; clients?: string; duration?: string } = {}): string {
  return `version: 1
name: ${name}
seed: 7
duration: ${parts.duration ?? "60s"}
metricsInterval: 5s
zones: [a, b]
targets: ${parts.targets ?? "[{ zone: a, count: 2, concurrency: 4, serviceTime: 20ms }, { zone: b, count: 2, concurrency: 4, serviceTime: 20ms }]"}
clients: ${parts.clients ?? "[{ name: users, count: 100, rate: 50 }]"}
variants: { off: { loadBalancer.crossZone: false } }
`;
}

const tiny = (name: string) => scenario(name, tinyText(name));

/** Minutes of work, within the limits: a check made after the run is never reached in time. */
const slow = scenario(
  "slow",
  `version: 1
name: slow
duration: 2000s
zones: [a]
targets: [{ zone: a, count: 4, concurrency: 64, queue: 100, serviceTime: 1ms }]
clients: [{ name: users, count: 1000, rate: 100000 }]
`,
);

/** 100,000 metric buckets of 26 series: 2.6 million CSV rows, about 80 MB. */
const fine = scenario(
  "fine",
  `version: 1
name: fine
duration: 1000s
metricsInterval: 10ms
zones: [a]
targets: [{ zone: a, count: 2, concurrency: 4, serviceTime: 20ms }]
clients: [{ name: users, count: 100, rate: 20 }]
`,
);

/** Refused as bad input: exit 2, stdout empty, no stack, one line `path: message`. */
function refused(r: ReturnType<typeof elbsim>, line: RegExp): void {
  expect(r.stderr).not.toContain("    at ");
  expect(r.stderr.replace(/\n$/, "").split("\n"), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(line);
  expect(r.stdout).toBe("");
  expect(r.code).toBe(2);
}

describe("a place that cannot be written is found before the run", () => {
  test("--out /proc/self, or a folder in it", SPAWNS, () => {
    refused(elbsim(["run", slow, "--out", "/proc/self"]), /^--out: cannot write files in \/proc\/self \(/);
    refused(elbsim(["run", slow, "--out", "/proc/self/report"]), /^--out: cannot write files in \/proc\/self \(/);
  });

  test("--out under a regular file", SPAWNS, () => {
    const file = join(dir, "plain-file");
    writeFileSync(file, "x");
    refused(
      elbsim(["compare", tiny("t1"), "--out", join(file, "out")]),
      /^--out: cannot create .*plain-file is a file/,
    );
  });

  test("--timeseries in a folder that takes no files", SPAWNS, () => {
    refused(
      elbsim(["run", slow, "--timeseries", "/proc/self/series.csv"]),
      /^\/proc\/self\/series\.csv: cannot write in /,
    );
  });
});

describe("stdout", () => {
  test("closed early (| head -c 10) ends quietly, exit 0", SPAWNS, () => {
    // 2,000 targets: a result far larger than a pipe's buffer, so writing goes on after head left.
    const file = scenario(
      "big",
      tinyText("big", { targets: "[{ zone: a, count: 2000, concurrency: 4, serviceTime: 20ms }]" }),
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's placeholder, not JavaScript's
    const pipeline = 'node bin/elbsim.js run "$1" --json | head -c 10; echo " exit ${PIPESTATUS[0]}"';
    const r = spawnSync("bash", ["-c", pipeline, "_", file], { cwd: ROOT, encoding: "utf8", timeout: STALL });
    expect(r.stdout).toBe('{\n  "scena exit 0\n');
    expect(r.stderr).toBe("");
  });

  test("on a full disk (/dev/full) is exit 2 with a message", SPAWNS, () => {
    const full = openSync("/dev/full", "w");
    refused(
      elbsim(["run", tiny("t2"), "--json"], { stdout: full }),
      /^stdout: cannot write \(no space left on the device\)$/m,
    );
  });

  test("--timeseries /dev/full is written in place, not replaced, and its failure is exit 2", SPAWNS, () => {
    refused(
      elbsim(["run", tiny("t3"), "--timeseries", "/dev/full"]),
      /^\/dev\/full: cannot write \(no space left on the device\)$/m,
    );
    expect(statSync("/dev/full").isCharacterDevice()).toBe(true);
  });
});

describe("long CSV and reused folders", () => {
  test("100,000 buckets go to --out and --timeseries in bounded memory", SPAWNS, () => {
    // Once the whole CSV was one string: 3 GB for 500,000 buckets, and past 512 MB "Invalid string
    // length". In 128 MB of heap, the rows of 100,000 buckets never fitted.
    const out = join(dir, "fine-out");
    const csv = join(dir, "fine.csv");
    const r = elbsim(["run", fine, "--out", out, "--timeseries", csv, "--json"], {
      env: { NODE_OPTIONS: "--max-old-space-size=128" },
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const text = readFileSync(csv, "utf8");
    expect(text.startsWith("time,metric,dimension,value\n")).toBe(true);
    expect(text.endsWith("\n")).toBe(true);
    expect(readFileSync(join(out, "timeseries.csv"), "utf8")).toBe(text);
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).digest).toBe(JSON.parse(r.stdout).digest);
  });

  test("a reused --out folder keeps nothing stale, and stderr says what was replaced (not with --json)", SPAWNS, () => {
    const out = join(dir, "reused");
    const file = tiny("t4");
    expect(elbsim(["run", file, "--out", out]).stderr).toBe("");
    const r = elbsim(["compare", file, "--out", out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["report.html", "summary.json"]);
    expect(r.stderr).toBe(
      `${out}: replaced summary.json, report.html; removed timeseries.csv, which an earlier command wrote and this one does not\n`,
    );
    const quiet = elbsim(["run", file, "--out", out, "--json"]);
    expect(quiet.stderr).toBe("");
    expect(readdirSync(out).sort()).toEqual(["report.html", "summary.json", "timeseries.csv"]);
  });

  test("a command interrupted while --out writes leaves the last complete set", SPAWNS, async () => {
    const out = join(dir, "interrupted");
    const before = elbsim(["run", tiny("t5"), "--out", out]);
    expect(before.code).toBe(0);
    const files = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), "utf8")]));
    // The long CSV of `fine` takes a moment to write: Ctrl-C as soon as its files are being made.
    const child = spawn(process.execPath, ["bin/elbsim.js", "run", fine, "--out", out], { cwd: ROOT, stdio: "ignore" });
    const watcher = watch(out);
    const ended = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      watcher.on("change", (_, name) => {
        // The staging folder, made once the run is over (not the probe made before it).
        if (name === `.elbsim-${child.pid}`) {
          child.kill("SIGINT");
          resolve();
        }
      }),
    );
    watcher.close();
    await ended;
    for (const [name, text] of Object.entries(files)) expect(readFileSync(join(out, name), "utf8"), name).toBe(text);
    // The next command clears what the interrupted one left.
    expect(elbsim(["run", tiny("t6"), "--out", out]).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["report.html", "summary.json", "timeseries.csv"]);
  });
});

test("the output folder is made when the files are written, not before the run", SPAWNS, () => {
  const out = join(dir, "later", "deeper");
  mkdirSync(join(dir, "later"));
  const torrent = scenario("t7", tinyText("t7", { clients: "[{ name: users, rate: 1e9 }]", duration: "1h" }));
  refused(elbsim(["run", torrent, "--out", out]), /^clients\.0\.rate: /);
  expect(existsSync(out)).toBe(false);
});
