import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { exponential, testScenario, type ScenarioParts } from "../model/test-scenario";
import { runScenario } from "../run";
import type { Scenario } from "./defaults";
import { loadScenario } from "./load";
import {
  LIMITS,
  type WorkLimits,
  estimateWork,
  scenarioSizeProblem,
  variantCheckProblem,
  workDone,
  workProblems,
} from "./work-estimate";

const SMALL: ScenarioParts = {
  duration: 60,
  metricsInterval: 1,
  zones: ["a", "b"],
  loadBalancer: { type: "application", healthCheck: { interval: 10 } },
  targets: [
    { zone: "a", count: 2, concurrency: 4, serviceTime: exponential(0.02) },
    { zone: "b", count: 3, concurrency: 4, serviceTime: 0.02 },
  ],
  clients: [{ name: "c", count: 100, rate: 50 }],
};

const small = (parts: Partial<ScenarioParts> = {}) => testScenario({ ...SMALL, ...parts });

const lines = (errors: { path: string; message: string }[]) => errors.map((e) => `${e.path}: ${e.message}`);

describe("estimateWork", () => {
  it("counts the requests of every client group as the integral of its rate curve", () => {
    const e = estimateWork(
      small({
        clients: [
          { name: "flat", rate: 100 },
          {
            name: "ramp",
            rate: [
              { at: 0, rps: 0 },
              { at: 60, rps: 120 },
            ],
          },
        ],
      }),
    );
    expect(e.requestsByGroup).toEqual([6000, 3600]);
    expect(e.requests).toBe(9600);
  });

  it("integrates a trace as the rate it becomes", () => {
    const text = `version: 1
name: traced
duration: 60s
zones: [a]
targets: [{ zone: a, concurrency: 4, serviceTime: 20ms }]
clients: [{ name: c, rate: { trace: ramp.csv } }]
`;
    const loaded = loadScenario(text, { readFile: () => "time,rps\n0,10\n30,70\n" });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    // From 10 to 70 requests a second over 30 s, then 70 a second: 1,200 + 2,100.
    expect(estimateWork(loaded.scenario).requests).toBeCloseTo(3300, 6);
  });

  it("counts a health check per node, target and interval, with the controller's most nodes when it scales", () => {
    expect(estimateWork(small()).healthChecks).toBe(2 * 5 * 6);
    const scaling = small({
      loadBalancer: {
        type: "application",
        healthCheck: { interval: 10 },
        node: { capacity: 1000 },
        controller: { enabled: true, maxNodesPerZone: 4 },
      },
    });
    expect(estimateWork(scaling).healthChecks).toBe(2 * 4 * 5 * 6);
  });

  it("gives the series and events a run has", () => {
    const scenario = small();
    const e = estimateWork(scenario);
    const { result, timeseries } = runScenario(scenario);
    expect(e.series).toBe(timeseries.series.length);
    expect(e.buckets).toBe(timeseries.buckets);
    expect(e.metricValues).toBe(timeseries.buckets * timeseries.series.length);
    expect(e.events / result.events).toBeGreaterThan(0.8);
    expect(e.events / result.events).toBeLessThan(1.25);
  });

  it("holds requests in flight within what the queues allow, or all of them with an unlimited queue", () => {
    expect(estimateWork(small()).inFlightBound).toBe(Infinity);
    const bounded = small({
      targets: [{ zone: "a", count: 2, concurrency: 4, queue: 10, serviceTime: 0.02 }],
    });
    // Two targets with 4 workers and 10 places each, a surge queue of 1,024 per node, a check per node and target.
    expect(estimateWork(bounded).inFlightBound).toBe(2 * 14 + 2 * 1024 + 2 * 2);
  });
});

describe("workProblems", () => {
  it("refuses 10⁹ requests a second for an hour at the client group's rate, quoting the estimate", () => {
    const scenario = small({ duration: "1h", clients: [{ name: "c", rate: 1e9 }] });
    expect(lines(workProblems({ scenarios: [scenario] }, "; pass --allow-large to run it"))).toEqual([
      "clients.0.rate: about 3.6e12 requests, more than the 1e9 limit; pass --allow-large to run it",
    ]);
  });

  it("names the client group that sends most when there are several", () => {
    const scenario = small({
      duration: "1h",
      clients: [
        { name: "few", rate: 10 },
        { name: "many", rate: 1e6 },
      ],
    });
    expect(lines(workProblems({ scenarios: [scenario] }))).toEqual([
      "clients.1.rate: about 3.6e9 requests (3.6e9 from this group), more than the 1e9 limit",
    ]);
  });

  it("refuses 100 target groups of 10,000 targets once, at targets", () => {
    const scenario = small({
      duration: "30m",
      targets: Array.from({ length: 100 }, () => ({ zone: "a", count: 10_000, concurrency: 4, serviceTime: 0.02 })),
    });
    // Also 3.6e9 metric values and 55 GiB of memory, all at targets: the first limit says it.
    expect(lines(workProblems({ scenarios: [scenario] }))).toEqual([
      "targets: about 3.6e8 health checks (2 nodes × 1,000,000 targets every 10s for 30m), more than the 2e8 limit",
    ]);
  });

  it("refuses 20 client groups of 10 million clients for their memory", () => {
    const scenario = small({
      clients: Array.from({ length: 20 }, (_, i) => ({ name: `c${i}`, count: 10_000_000, rate: 1 })),
    });
    expect(lines(workProblems({ scenarios: [scenario] }))).toEqual([
      "clients.0.count: about 11 GiB of memory, mostly for 2.0e8 clients and resolvers, more than the 4 GiB limit",
    ]);
  });

  it("refuses 10,000 targets with 1 ms buckets at metricsInterval", () => {
    const scenario = small({
      metricsInterval: "1ms",
      targets: [{ zone: "a", count: 10_000, concurrency: 4, serviceTime: 0.02 }],
    });
    expect(lines(workProblems({ scenarios: [scenario] }))).toEqual([
      "metricsInterval: about 1.2e9 metric values (60,000 buckets × 20,034 series), more than the 5e7 limit",
    ]);
  });

  it("refuses the waiting room of unlimited queues at the queue", () => {
    const scenario = small({ duration: "1h", clients: [{ name: "c", rate: 1e5 }] });
    expect(lines(workProblems({ scenarios: [scenario] }))).toEqual([
      "targets.0.queue: about 34 GiB of memory, mostly for up to 3.6e8 requests waiting at once in unlimited target queues, more than the 4 GiB limit",
    ]);
  });

  it("adds up the runs of replications, and names --replications when each run alone fits", () => {
    const scenario = small({
      duration: "1h",
      clients: [{ name: "c", rate: 1e4 }],
      targets: [{ zone: "a", count: 2, concurrency: 4, queue: 10, serviceTime: 0.02 }],
    });
    expect(workProblems({ scenarios: [scenario], replications: 20 })).toEqual([]);
    expect(lines(workProblems({ scenarios: [scenario], replications: 1000 }))).toEqual([
      "--replications: about 3.6e10 requests in 1,000 runs, more than the 1e9 limit",
    ]);
  });

  it("adds up the variants compare runs, and names variants when each alone fits", () => {
    const scenario = small({
      duration: "1h",
      clients: [{ name: "c", rate: 1e5 }],
      targets: [{ zone: "a", count: 2, concurrency: 4, queue: 10, serviceTime: 0.02 }],
    });
    const variants = Array.from({ length: 4 }, () => scenario);
    expect(lines(workProblems({ scenarios: variants, keepsSeries: true }))).toEqual([
      "variants: about 1.4e9 requests in 4 runs, more than the 1e9 limit",
    ]);
  });

  it("finds every bundled scenario, each variant and bench/mm8.yaml ten times inside every limit", () => {
    const tenth: WorkLimits = { ...LIMITS };
    for (const key of Object.keys(tenth) as (keyof WorkLimits)[]) tenth[key] /= 10;
    const folders = ["../../scenarios/", "../../bench/"];
    const files = folders.flatMap((folder) =>
      readdirSync(new URL(folder, import.meta.url))
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => new URL(`${folder}${f}`, import.meta.url)),
    );
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect(scenarioSizeProblem(file.pathname, text.length, "", tenth)).toBeNull();
      const readFile = (name: string) => readFileSync(new URL(name, file), "utf8");
      const base = loadScenario(text, { readFile });
      if (!base.ok) throw new Error(JSON.stringify(base.errors));
      const scenarios: Scenario[] = [base.scenario];
      for (const variant of Object.keys(base.scenario.variants)) {
        const loaded = loadScenario(text, { readFile, variant });
        if (loaded.ok) scenarios.push(loaded.scenario);
      }
      expect(lines(workProblems({ scenarios, keepsSeries: true }, "", tenth)), file.pathname).toEqual([]);
      expect(variantCheckProblem(base.raw as { variants?: unknown }, tenth)).toBeNull();
    }
  });
});

describe("variantCheckProblem", () => {
  it("refuses more variants than can be checked in seconds, each with the whole scenario", () => {
    const variants = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`v${i}`, { seed: i }]));
    expect(variantCheckProblem({ variants: variants(100), events: new Array(5000).fill({ at: 1 }) })).toBeNull();
    expect(variantCheckProblem({ variants: variants(20_000) })).toEqual({
      path: "variants",
      message:
        "20,000 variants, each checked with the whole scenario (0 events, 0 of them set), take about 4.0e8 steps to check, more than the 1e6 limit",
    });
    // A set event checks the scenario again.
    const sets = new Array(1000).fill({ at: 1, set: { "loadBalancer.crossZone": false } });
    expect(variantCheckProblem({ variants: variants(100), events: sets })?.message).toMatch(/about 2\.1e6 steps/);
  });
});

describe("scenarioSizeProblem", () => {
  it("refuses a text over the limit, quoting its size", () => {
    expect(scenarioSizeProblem("big.yaml", LIMITS.scenarioBytes)).toBeNull();
    expect(scenarioSizeProblem("big.yaml", 47 * 2 ** 20, "; pass --allow-large to run it")).toEqual({
      path: "big.yaml",
      message: "is 47 MiB, more than the 1 MiB limit for a scenario; pass --allow-large to run it",
    });
  });
});

describe("workDone", () => {
  it("goes from 0 to 1, following the requests: a crowd late in the run makes its first half cheap", () => {
    const scenario = small({
      duration: 600,
      clients: [
        {
          name: "crowd",
          rate: [
            { at: 0, rps: 10 },
            { at: 300, rps: 10 },
            { at: 301, rps: 1000 },
          ],
        },
      ],
    });
    const done = workDone(scenario);
    expect(done(0)).toBe(0);
    expect(done(600)).toBe(1);
    expect(done(300)).toBeLessThan(0.05);
    for (let t = 0; t < 600; t += 7) expect(done(t + 7)).toBeGreaterThanOrEqual(done(t));
  });
});
