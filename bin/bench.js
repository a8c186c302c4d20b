#!/usr/bin/env node
// `npm run bench` (docs/design.md#performance): runs the real `elbsim run FILE --json` as a user would and
// prints JSON — simulated requests and events per second inside the run (the result's
// wallSeconds) and over the whole process (start-up, loading, the run, printing), and peak
// memory — for the M/M/8 model, the same model 10× shorter (memory must not grow with
// requests), and scenarios/flash-crowd.yaml; then the flash crowd in the built dashboard in
// headless Chromium (bench/browser.ts): the worker's speed against Node's and the longest
// main-thread task while the run streams; then the budgets and whether each is met.
// Budgets are checked here and never by timed tests.
// Usage: npm run bench [-- --repeat N] [--no-browser]
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";

import { register } from "tsx/esm/api";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PEAK_MEMORY = pathToFileURL(fileURLToPath(new URL("../bench/peak-memory.js", import.meta.url))).href;
const MB = 1024 * 1024;

const repeatAt = process.argv.indexOf("--repeat");
const repeat = repeatAt >= 0 ? Number(process.argv[repeatAt + 1]) : 3;
if (!Number.isInteger(repeat) || repeat < 1) {
  process.stderr.write("--repeat: must be a whole number of at least 1\n");
  process.exit(2);
}

/** One `elbsim run FILE --json` process, timed from spawn to exit. */
function once(file, args) {
  const start = performance.now();
  const child = spawnSync(
    process.execPath,
    ["--import", PEAK_MEMORY, "bin/elbsim.js", "run", file, "--json", ...args],
    {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 256 * MB,
    },
  );
  const processSeconds = (performance.now() - start) / 1000;
  if (child.status !== 0)
    throw new Error(`elbsim run ${file} ${args.join(" ")} exited ${child.status}:\n${child.stderr}`);
  const result = JSON.parse(child.stdout);
  const memory = child.stderr
    .split("\n")
    .filter((line) => line.startsWith('{"peakMemoryBytes"'))
    .map((line) => JSON.parse(line))[0];
  return { result, processSeconds, peakMemoryBytes: memory?.peakMemoryBytes ?? NaN };
}

/** `repeat` runs; the figures are the median run's by whole-process time (the machine may be shared). */
function measure(label, file, args = []) {
  const runs = Array.from({ length: repeat }, () => once(file, args)).sort(
    (a, b) => a.processSeconds - b.processSeconds,
  );
  const { result, processSeconds } = runs[Math.floor((runs.length - 1) / 2)];
  const peak = Math.max(...runs.map((r) => r.peakMemoryBytes));
  const perSecond = (n, s) => Math.round(n / s);
  return {
    label,
    command: ["elbsim", "run", file, "--json", ...args].join(" "),
    simulatedSeconds: result.simulatedSeconds,
    requests: result.requests.total,
    events: result.events,
    digest: result.digest,
    insideRun: {
      wallSeconds: round(result.wallSeconds),
      requestsPerSecond: perSecond(result.requests.total, result.wallSeconds),
      eventsPerSecond: perSecond(result.events, result.wallSeconds),
    },
    wholeProcess: {
      wallSeconds: round(processSeconds),
      requestsPerSecond: perSecond(result.requests.total, processSeconds),
      eventsPerSecond: perSecond(result.events, processSeconds),
      allRunsSeconds: runs.map((r) => round(r.processSeconds)),
    },
    peakMemoryMB: round(peak / MB, 1),
  };
}

function round(x, digits = 3) {
  return Number(x.toFixed(digits));
}

const withBrowser = !process.argv.includes("--no-browser");

const mm8 = measure("M/M/8, 40,000 s (bench/mm8.yaml, 10 s metric buckets)", "bench/mm8.yaml");
const mm8Short = measure("M/M/8, 4,000 s (10× shorter)", "bench/mm8.yaml", ["--set", "duration=4000s"]);
const flashCrowd = measure("flash crowd (scenarios/flash-crowd.yaml)", "scenarios/flash-crowd.yaml");
const memoryRatio = round(mm8.peakMemoryMB / mm8Short.peakMemoryMB, 2);

const budgets = [
  {
    budget: "M/M/8 whole elbsim run at >= 2 million simulated requests per second (docs/design.md#performance)",
    measured: mm8.wholeProcess.requestsPerSecond,
    met: mm8.wholeProcess.requestsPerSecond >= 2e6,
  },
  {
    budget: "flash crowd whole elbsim run in under 10 s (docs/design.md#performance)",
    measured: flashCrowd.wholeProcess.wallSeconds,
    met: flashCrowd.wholeProcess.wallSeconds < 10,
  },
  {
    budget:
      "memory does not grow with requests: 10× the requests within 1.5× the peak memory (docs/design.md#performance)",
    measured: memoryRatio,
    met: memoryRatio <= 1.5,
  },
];

/**
 * The flash crowd in the dashboard, after the CLI runs so the two never share the cores. The
 * worker's speed is its median run's; the longest task is the worst of any run's.
 */
async function measureInBrowser() {
  register();
  const { measureBrowser } = await import("../bench/browser.ts");
  const figures = await measureBrowser("flash-crowd", repeat);
  if ("skipped" in figures) {
    process.stderr.write(`bench: browser figures skipped: ${figures.skipped}\n`);
    return figures;
  }
  const speeds = figures.runs.map((r) => r.requestsPerSecond).sort((a, b) => a - b);
  const worker = speeds[Math.floor((speeds.length - 1) / 2)];
  const node = flashCrowd.insideRun.requestsPerSecond;
  return {
    page: `dist/index.html${figures.query}, headless Chromium, ${repeat} run(s)`,
    siteBuilt: figures.built,
    digestMatchesNode: figures.runs.every((r) => r.digest === flashCrowd.digest),
    workerRequestsPerSecond: worker,
    nodeRequestsPerSecond: node,
    nodeSource: "elbsim run scenarios/flash-crowd.yaml --json, inside the run (above)",
    nodeOverWorker: round(node / worker, 2),
    longestTaskMs: Math.max(...figures.runs.map((r) => r.longestTaskMs)),
    runs: figures.runs,
  };
}

const browser = withBrowser ? await measureInBrowser() : { skipped: "--no-browser" };
if (!("skipped" in browser)) {
  budgets.push(
    {
      budget:
        "flash crowd in the browser worker within 1.5× of Node: Node's simulated requests per second over the worker's (docs/design.md#performance)",
      measured: browser.nodeOverWorker,
      met: browser.nodeOverWorker <= 1.5,
    },
    {
      budget:
        "no main-thread task over 50 ms while the flash crowd streams, in ms, 0 when none is over 50 (docs/design.md#performance)",
      measured: browser.longestTaskMs,
      met: browser.longestTaskMs <= 50,
    },
  );
}

const report = {
  machine: {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    loadAverage1m: round(loadavg()[0], 2),
  },
  repeat,
  runs: [mm8, mm8Short, flashCrowd],
  memoryRatioLongToShort: memoryRatio,
  browser,
  budgets,
  allMet: budgets.every((b) => b.met),
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
