// Slow start (docs/aws-behaviour.md#slow-start). AWS: "The load balancer linearly increases the
// number of requests that it can send to a target in slow start mode", and "Newly registered
// targets enter slow start mode only when there is at least one healthy target that is not in
// slow start mode." A target f of the way through its ramp takes f/n of a node's requests (its
// fair share 1/n, scaled linearly), whatever the algorithm.
//
// Three targets serve from the start; a fourth registers at REGISTER, passes its check at some
// time h (read from the log), and ramps over [h, h + 60 s] with f(t) = (t − h)/60: its share is
// f/n (n = 4 targets) under round robin and random alike, the linear ramp itself, reaching the
// fair share 1/n at the end.
import { describe, expect, it } from "vitest";
import { Run, runScenario } from "../run";
import { seriesValues, testScenario } from "./test-scenario";

const N = 4;
const SLOW_START = 60;
const REGISTER = 100;
const BUCKET = 5;
const DURATION = 260;
/** 400 requests/s: a 5 s bucket has 2000, so a share's standard error is under 0.01. */
const RATE = 400;
/**
 * Per bucket: the ramp's share is a binomial proportion of 2000 requests (standard error up to
 * 0.0097 at a share of 1/4: 3σ).
 */
const BUCKET_TOLERANCE = { random: 0.03, round_robin: 0.03 };

function slowStart(algorithm: "round_robin" | "random", seed: number) {
  const { result, timeseries } = runScenario(
    testScenario(
      {
        duration: DURATION,
        metricsInterval: `${BUCKET}s`,
        loadBalancer: {
          type: "application",
          algorithm,
          slowStart: `${SLOW_START}s`,
          healthCheck: { interval: "5s", timeout: "2s", healthyThreshold: 2, unhealthyThreshold: 2 },
        },
        targets: [
          { zone: "a", count: N - 1, concurrency: 16, serviceTime: 0.01 },
          { zone: "a", count: 1, concurrency: 16, serviceTime: 0.01, registered: false },
        ],
        clients: [{ name: "c", count: 1000, pick: "random", connection: { keepAlive: false }, rate: RATE }],
        events: [{ at: REGISTER, register: { target: "a-4" } }],
      },
      { seed },
    ),
  );
  const healthyAt = result.log.find((e) => e.type === "health" && e.target === "a-4" && e.state === "healthy")!.at;
  const all = seriesValues(timeseries, "RequestCount", "lb");
  const shareOf = (target: string) =>
    seriesValues(timeseries, "RequestCount", `target=${target}`).map((v, i) => v / all[i]);
  return { healthyAt, shareOf };
}

/** The expected share over the bucket starting at `start`: share(w(t)) averaged over the bucket. */
function expectedShare(share: (w: number) => number, start: number, healthyAt: number): number {
  const steps = 100;
  let total = 0;
  for (let k = 0; k < steps; k++) {
    const t = start + ((k + 0.5) / steps) * BUCKET;
    total += share(Math.min(1, Math.max(0, (t - healthyAt) / SLOW_START)));
  }
  return total / steps;
}

const SHARES = {
  random: (w: number) => w / N,
  round_robin: (w: number) => w / N,
};

describe("slow start", () => {
  for (const algorithm of ["random", "round_robin"] as const) {
    it(`${algorithm}: a late target's share rises linearly to its fair share over the ${SLOW_START} s ramp, bucket by bucket, within ${BUCKET_TOLERANCE[algorithm]}`, () => {
      for (const seed of [1, 2]) {
        const { healthyAt, shareOf } = slowStart(algorithm, seed);
        const shares = shareOf("a-4");
        const ramp: number[] = [];
        for (let i = 0; (i + 1) * BUCKET <= DURATION; i++) {
          const start = i * BUCKET;
          if (start + BUCKET <= healthyAt) expect(shares[i]).toBe(0);
          if (start < healthyAt || start + BUCKET > healthyAt + SLOW_START) continue;
          expect(Math.abs(shares[i] - expectedShare(SHARES[algorithm], start, healthyAt))).toBeLessThan(
            BUCKET_TOLERANCE[algorithm],
          );
          ramp.push(shares[i]);
        }
        // Roughly linear: the ramp's buckets climb, the last ones well above the first.
        expect(ramp.length).toBeGreaterThanOrEqual(SLOW_START / BUCKET - 2);
        const third = Math.floor(ramp.length / 3);
        const early = ramp.slice(0, third).reduce((a, b) => a + b) / third;
        const late = ramp.slice(-third).reduce((a, b) => a + b) / third;
        expect(late).toBeGreaterThan(3 * early);
      }
    });
  }

  it("a late target reaches its fair share 1/n once the ramp is over (±0.01 over 90 s)", () => {
    for (const algorithm of ["random", "round_robin"] as const) {
      const { healthyAt, shareOf } = slowStart(algorithm, 1);
      const shares = shareOf("a-4");
      const from = Math.ceil((healthyAt + SLOW_START) / BUCKET);
      const after = shares.slice(from);
      const mean = after.reduce((a, b) => a + b) / after.length;
      expect(after.length).toBeGreaterThan(80 / BUCKET);
      expect(Math.abs(mean - 1 / N)).toBeLessThan(0.01);
    }
  });

  it("targets present at the start never ramp: each has 1/(n − 1) from the first bucket", () => {
    const { shareOf } = slowStart("round_robin", 1);
    for (const target of ["a-1", "a-2", "a-3"]) expect(Math.abs(shareOf(target)[0] - 1 / (N - 1))).toBeLessThan(0.01);
  });

  it("random: what the ramping target does not take spreads evenly over the others, not onto one neighbour", () => {
    const { healthyAt, shareOf } = slowStart("random", 1);
    const first = Math.ceil(healthyAt / BUCKET);
    const last = Math.floor((healthyAt + SLOW_START) / BUCKET);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b) / xs.length;
    const others = ["a-1", "a-2", "a-3"].map((id) => mean(shareOf(id).slice(first, last)));
    // Each other target: (1 − 1/(2n))/(n − 1) of the ramp's requests, 0.2917 (±0.01, ~12,000 requests each).
    for (const share of others) expect(Math.abs(share - (1 - 1 / (2 * N)) / (N - 1))).toBeLessThan(0.01);
  });

  it("round robin: over the whole ramp the new target averages half its fair share, 1/(2n) ± 0.006 (w/(n − 1 + w) would give 0.137)", () => {
    for (const seed of [1, 2, 3]) {
      const { healthyAt, shareOf } = slowStart("round_robin", seed);
      const shares = shareOf("a-4");
      const first = Math.ceil(healthyAt / BUCKET);
      const last = Math.floor((healthyAt + SLOW_START) / BUCKET);
      const ramp = shares.slice(first, last);
      const mean = ramp.reduce((a, b) => a + b) / ramp.length;
      const expected = ramp.map((_, k) => expectedShare(SHARES.round_robin, (first + k) * BUCKET, healthyAt));
      const expectedMean = expected.reduce((a, b) => a + b) / expected.length;
      expect(Math.abs(mean - expectedMean)).toBeLessThan(0.006);
    }
  });
});

/** An application load balancer with slow start, its targets, and a timeline; runs to `until`. */
function runUntil(
  targets: { count: number; registered?: boolean }[],
  events: Record<string, unknown>[],
  until: number,
  duration = 300,
) {
  const run = new Run(
    testScenario({
      duration,
      metricsInterval: "5s",
      loadBalancer: {
        type: "application",
        slowStart: `${SLOW_START}s`,
        healthCheck: { interval: "5s", timeout: "2s", healthyThreshold: 2, unhealthyThreshold: 2 },
      },
      targets: targets.map((t) => ({ zone: "a", concurrency: 16, serviceTime: 0.01, ...t })),
      clients: [{ name: "c", count: 1000, pick: "random", connection: { keepAlive: false }, rate: 200 }],
      events,
    }),
  );
  run.advance(until);
  return run;
}

describe("slow start's entry and exit rules", () => {
  it('targets registered together into an empty group do not enter it ("these targets do not enter slow start mode"), and nothing spills', () => {
    const run = runUntil(
      [{ count: 3, registered: false }],
      ["a-1", "a-2", "a-3"].map((target) => ({ at: 10, register: { target } })),
      40,
    );
    for (let t = 0; t < 3; t++) expect(run.lb.slowStart.inSlowStart(t)).toBe(false);
    const { result } = run.finish();
    expect(result.requests.spillover).toBe(0);
  });

  it('a lone target that recovers does not enter it: it needs "at least one healthy target that is not in slow start mode"', () => {
    const run = runUntil(
      [{ count: 1 }],
      [
        { at: 20, errors: { target: "a-1", rate: 1 } },
        { at: 60, errors: { target: "a-1", rate: 0 } },
      ],
      100,
    );
    const log = run.log.filter((e) => e.type === "health" && e.target === "a-1").map((e) => e.state);
    expect(log).toEqual(["unhealthy", "healthy"]);
    expect(run.lb.slowStart.inSlowStart(0)).toBe(false);
  });

  it('a target that becomes unhealthy leaves it and "when the target becomes healthy, it enters slow start mode again"', () => {
    const again = runUntil(
      [{ count: 2 }, { count: 1, registered: false }],
      [
        { at: 10, register: { target: "a-3" } },
        { at: 30, errors: { target: "a-3", rate: 1 } },
        { at: 60, errors: { target: "a-3", rate: 0 } },
      ],
      55,
    );
    // Healthy at its first check after 10 s, ramping; unhealthy after two failed checks.
    expect(again.log.some((e) => e.type === "health" && e.target === "a-3" && e.state === "unhealthy")).toBe(true);
    expect(again.lb.slowStart.inSlowStart(2)).toBe(false);
    again.advance(100);
    const states = again.log.filter((e) => e.type === "health" && e.target === "a-3").map((e) => e.state);
    expect(states).toEqual(["healthy", "unhealthy", "healthy"]);
    expect(again.lb.slowStart.inSlowStart(2)).toBe(true);
  });

  it("the period's end and deregistration each end it", () => {
    const ended = runUntil(
      [{ count: 2 }, { count: 1, registered: false }],
      [{ at: 10, register: { target: "a-3" } }],
      10 + 5 + SLOW_START + 10,
    );
    expect(ended.lb.slowStart.inSlowStart(2)).toBe(false);
    const deregistered = runUntil(
      [{ count: 2 }, { count: 1, registered: false }],
      [
        { at: 10, register: { target: "a-3" } },
        { at: 40, deregister: { target: "a-3" } },
      ],
      45,
    );
    expect(deregistered.lb.slowStart.inSlowStart(2)).toBe(false);
  });
});
