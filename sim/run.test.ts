// runScenario and Run (docs/design.md#determinism, docs/design.md#results): the same scenario and
// seed give the same digest; named streams keep arrivals fixed when other parts change; the
// result's counts add up.
import { beforeAll, describe, expect, it } from "vitest";
import { RandomStreams } from "./engine/random";
import type { RunResult } from "./metrics/result";
import { RateCurve } from "./model/rate-curve";
import { exponential, seriesValues, testScenario, type ScenarioParts } from "./model/test-scenario";
import { PROGRESS_EVENTS, Run, runScenario } from "./run";

const DURATION = 300;

/** Two zones with unequal targets, so that settings such as cross-zone change the outcome. */
const TWO_ZONES: ScenarioParts = {
  duration: DURATION,
  metricsInterval: 1,
  zones: ["a", "b"],
  targets: [
    { zone: "a", count: 2, concurrency: 2, serviceTime: exponential(0.05) },
    { zone: "b", count: 4, concurrency: 2, serviceTime: exponential(0.05) },
  ],
  clients: [{ name: "c", count: 500, pick: "random", connection: { keepAlive: true, maxRequests: 5 }, rate: 60 }],
};

describe("determinism", () => {
  it("gives the same digest and result for the same scenario and seed, twice", () => {
    const first = runScenario(testScenario(TWO_ZONES, { seed: 7 }));
    const second = runScenario(testScenario(TWO_ZONES, { seed: 7 }));
    expect(first.result.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(second.result.digest).toBe(first.result.digest);
    expect(second.result).toEqual(first.result);
    expect(second.timeseries).toEqual(first.timeseries);
  });

  it("gives another digest for another seed", () => {
    const a = runScenario(testScenario(TWO_ZONES, { seed: 7 })).result;
    const b = runScenario(testScenario(TWO_ZONES, { seed: 8 })).result;
    expect(b.digest).not.toBe(a.digest);
  });

  it("gives another digest when an override changes a setting (cross-zone flipped)", () => {
    const on = runScenario(testScenario(TWO_ZONES, { seed: 7, overrides: ["loadBalancer.crossZone=true"] })).result;
    const off = runScenario(testScenario(TWO_ZONES, { seed: 7, overrides: ["loadBalancer.crossZone=false"] })).result;
    expect(off.digest).not.toBe(on.digest);
  });

  it("reports progress every few thousand events, even when one second of the run holds a million requests", () => {
    // Quiet for 99 s, then a burst: the last percent of simulated time is nearly all the work.
    const scenario = testScenario(
      {
        ...TWO_ZONES,
        duration: 100,
        loadBalancer: { type: "application", node: { capacity: "unlimited" } },
        clients: [
          {
            name: "burst",
            rate: [
              { at: 0, rps: 1 },
              { at: 99, rps: 1 },
              { at: 99.001, rps: 1e6 },
            ],
          },
        ],
      },
      { seed: 7 },
    );
    const reports: number[] = [];
    const run = new Run(scenario, { onProgress: () => reports.push(run.sim.processed) });
    const { result } = run.finish();
    expect(result.events).toBeGreaterThan(1e6);
    const gaps = reports.map((n, i) => n - (reports[i - 1] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(PROGRESS_EVENTS);
    expect(reports.at(-1)).toBe(result.events);
    // Driven so, the run is the same as in one go.
    const chunked = new Run(scenario);
    chunked.advance(100);
    expect(result.digest).toBe(chunked.finish().result.digest);
  });

  it("gives the same digest whether the run advances in one go or in uneven chunks (as the worker does)", () => {
    const scenario = testScenario(TWO_ZONES, { seed: 7 });
    const chunked = new Run(scenario);
    for (let t = 0.37; !chunked.done; t += 13.3) chunked.advance(t);
    expect(chunked.finish().result.digest).toBe(runScenario(scenario).result.digest);
  });
});

describe("named streams (common random numbers)", () => {
  // The base scenario and a variant with a second target group (two more targets in zone b).
  // What is compared: the requests each node received in every 1 s bucket (RequestCount, at lb
  // and per node) and the new connections per bucket. Those follow from the arrival times, the
  // choice of client per request, and the clients' DNS answers and address picks, so if adding
  // targets disturbed any of those streams the series would differ.
  const withMoreTargets: ScenarioParts = {
    ...TWO_ZONES,
    targets: [...TWO_ZONES.targets, { zone: "b", count: 2, concurrency: 8, serviceTime: exponential(0.2) }],
  };

  it("send the same requests to the same nodes at the same times when a target group is added", () => {
    for (const seed of [1, 2]) {
      const base = runScenario(testScenario(TWO_ZONES, { seed }));
      const more = runScenario(testScenario(withMoreTargets, { seed }));
      expect(more.result.targets.length).toBeGreaterThan(base.result.targets.length);
      expect(more.result.digest).not.toBe(base.result.digest);
      for (const dimension of ["lb", ...base.result.nodes.map((n) => `node=${n.id}`)]) {
        expect(seriesValues(more.timeseries, "RequestCount", dimension)).toEqual(
          seriesValues(base.timeseries, "RequestCount", dimension),
        );
      }
      expect(seriesValues(more.timeseries, "NewConnectionCount", "lb")).toEqual(
        seriesValues(base.timeseries, "NewConnectionCount", "lb"),
      );
    }
  });

  it("draw a group's arrivals from its own stream alone: RequestCount per bucket is what clients/<name>/arrivals gives", () => {
    // Arrivals are placed by inverting Λ with Exp(1) draws −ln(1 − u) from the stream
    // `clients/c/arrivals` (rate-curve.ts); redoing that here from the seed and the stream's name
    // alone gives the same count in every bucket.
    const seed = 3;
    const { timeseries } = runScenario(testScenario(withMoreTargets, { seed }));
    const draw = new RandomStreams(seed).stream("clients/c/arrivals");
    const curve = new RateCurve([{ at: 0, rps: 60 }]);
    const expected = new Array<number>(timeseries.buckets).fill(0);
    for (let t = curve.advance(0, -Math.log(1 - draw())); t <= DURATION; t = curve.advance(t, -Math.log(1 - draw()))) {
      expected[Math.min(timeseries.buckets - 1, Math.floor(t / timeseries.interval))]++;
    }
    expect(seriesValues(timeseries, "RequestCount", "lb")).toEqual(expected);
  });
});

describe("the result's counts", () => {
  // Errors of every kind: node capacity below the offered rate with a short surge queue
  // (spillover 503s), a target answering 30 % 5xx, and a target crashing (in-flight 502s, then
  // failed health checks).
  const troubled: ScenarioParts = {
    ...TWO_ZONES,
    loadBalancer: { type: "application", node: { capacity: 25, surgeQueue: 20 } },
    events: [
      { at: "100s", errors: { target: "a-1", rate: 0.3 } },
      { at: "150s", fail: { target: "b-1" } },
    ],
  };
  let results: RunResult[] = [];
  beforeAll(() => {
    results = [1, 2].map((seed) => runScenario(testScenario(troubled, { seed })).result);
  });

  it("has total = ok + every error, and every error counted once by status", () => {
    for (const { requests } of results) {
      const errors = Object.values(requests.byStatus).reduce((a, b) => a + b, 0);
      expect(requests.spillover).toBeGreaterThan(0);
      expect(requests.target5xx).toBeGreaterThan(0);
      expect(requests.total).toBe(requests.ok + errors);
      expect(requests.elb5xx + requests.target5xx).toBeLessThanOrEqual(errors);
      expect(requests.spillover).toBeLessThanOrEqual(requests.elb5xx);
      expect(requests.spillover).toBeLessThanOrEqual(requests.byStatus["503"] ?? 0);
    }
  });

  it("has zone, node and target shares that each sum to 1, and request counts that agree", () => {
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    for (const result of results) {
      for (const part of [result.zones, result.nodes, result.targets])
        expect(sum(part.map((x) => x.share))).toBeCloseTo(1, 12);
      expect(sum(result.targets.map((t) => t.requests))).toBe(sum(result.zones.map((z) => z.requests)));
      for (const zone of result.zones) {
        expect(sum(result.targets.filter((t) => t.zone === zone.zone).map((t) => t.requests))).toBe(zone.requests);
      }
    }
  });

  it("has latency percentiles in order, within the observed range", () => {
    for (const { latency } of results) {
      expect(latency.mean).toBeGreaterThan(0);
      expect(latency.p50).toBeLessThanOrEqual(latency.p90);
      expect(latency.p90).toBeLessThanOrEqual(latency.p99);
    }
  });
});
