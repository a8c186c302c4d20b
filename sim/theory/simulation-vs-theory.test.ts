// The simulator against queueing theory (docs/design.md#tests, after Ciw's tests): Poisson clients, one
// node of unlimited capacity (it adds no delay), exponential service. Each check runs over several
// seeds and states its formula and tolerance; the seeds are fixed, so the numbers are the same on
// every run, but the tolerances are set from the sampling error, not from one run's luck.
import { describe, expect, it } from "vitest";
import { Run, runScenario } from "../run";
import { exponential, mean, SEEDS, testScenario, type ScenarioParts } from "../model/test-scenario";
import { littleL, mm1MeanResponse, mmcMeanResponse } from "./queueing";

/** λ, μ as in the formulas: μ = 1/mean service time. */
const MU = 10;
const SERVICE = exponential(1 / MU);

/**
 * A queue to compare with theory. Health checks are requests that take a worker like any other
 * (docs/design.md#a-health-check-is-a-request), which the formulas do not include: checking at
 * the longest interval AWS allows, 300 s, adds 1/300 arrivals per second per target, under 0.05 %
 * of every λ below.
 */
function queue(parts: ScenarioParts, seed: number) {
  const loadBalancer = {
    type: "application",
    healthCheck: { interval: 300 },
    ...(parts.loadBalancer as object | undefined),
  };
  return testScenario({ ...parts, loadBalancer }, { seed });
}

/**
 * Relative error of a mean over all seeds, and of the worst single seed. A seed's mean response
 * from N requests of a queue at utilisation ρ has a relative standard error of a few percent at
 * the durations below (autocorrelation inflates it well past 1/√N as ρ → 1).
 */
function relativeErrors(measured: number[], expected: number): { ofMean: number; worst: number } {
  return {
    ofMean: Math.abs(mean(measured) / expected - 1),
    worst: Math.max(...measured.map((m) => Math.abs(m / expected - 1))),
  };
}

describe("simulation against queueing theory", () => {
  it("gives an M/M/1 queue the mean response W = 1/(μ − λ)", () => {
    // λ = 7, μ = 10: W = 1/3 s. 20 000 s per seed (≈140 000 requests, ρ = 0.7): a seed's mean is
    // within about 1.5 % (one standard error). Tolerance: the mean over 5 seeds within 2 %, every
    // seed within 5 %.
    const lambda = 7;
    const measured = SEEDS.map((seed) => {
      const scenario = queue(
        {
          duration: 20_000,
          targets: [{ zone: "a", concurrency: 1, serviceTime: SERVICE }],
          clients: [{ name: "c", rate: lambda }],
        },
        seed,
      );
      return runScenario(scenario).result.latency.mean;
    });
    const errors = relativeErrors(measured, mm1MeanResponse(lambda, MU));
    expect(errors.ofMean).toBeLessThan(0.02);
    expect(errors.worst).toBeLessThan(0.05);
  });

  it("gives an M/M/c queue the mean response W = C(c, λ/μ)/(cμ − λ) + 1/μ (Erlang C)", () => {
    // c = 8, λ = 72, μ = 10 (ρ = 0.9): W ≈ 0.188 s. One target with 8 workers and an unlimited
    // backlog is exactly M/M/8. At ρ = 0.9 a 6000 s seed's mean is within about 3 % (one standard
    // error). Tolerance: the mean over 5 seeds within 3 %, every seed within 8 %.
    const [c, lambda] = [8, 72];
    const measured = SEEDS.map((seed) => {
      const scenario = queue(
        {
          duration: 6000,
          targets: [{ zone: "a", concurrency: c, serviceTime: SERVICE }],
          clients: [{ name: "c", rate: lambda }],
        },
        seed,
      );
      return runScenario(scenario).result.latency.mean;
    });
    const errors = relativeErrors(measured, mmcMeanResponse(lambda, MU, c));
    expect(errors.ofMean).toBeLessThan(0.03);
    expect(errors.worst).toBeLessThan(0.08);
  });

  it("splits Poisson traffic at random into k M/M/1 queues, each with λ/k and W = 1/(μ − λ/k)", () => {
    // Random routing of a Poisson stream is Bernoulli splitting: each of k = 4 single-worker
    // targets sees Poisson λ/k = 7 and is an M/M/1 with W = 1/3 s, and gets a share 1/k.
    // 5000 s per seed (≈140 000 requests in all, ≈35 000 per target).
    // Tolerances: the overall mean response over 5 seeds within 2 %, every seed within 5 %; each
    // target's mean response over the seeds within 5 % (a quarter of the requests, twice the
    // error); each target's share within 0.005 of 1/k in every seed (binomial standard error
    // √(¼·¾/140 000) ≈ 0.0012).
    const [k, lambda] = [4, 28];
    const expected = mm1MeanResponse(lambda / k, MU);
    const results = SEEDS.map((seed) => {
      const scenario = queue(
        {
          duration: 5000,
          loadBalancer: { algorithm: "random" },
          targets: [{ zone: "a", count: k, concurrency: 1, serviceTime: SERVICE }],
          clients: [{ name: "c", rate: lambda }],
        },
        seed,
      );
      return runScenario(scenario).result;
    });

    const overall = relativeErrors(
      results.map((r) => r.latency.mean),
      expected,
    );
    expect(overall.ofMean).toBeLessThan(0.02);
    expect(overall.worst).toBeLessThan(0.05);
    for (let t = 0; t < k; t++) {
      const perTarget = results.map((r) => r.targets[t].latencyMean);
      expect(Math.abs(mean(perTarget) / expected - 1)).toBeLessThan(0.05);
    }
    for (const result of results) {
      expect(result.targets).toHaveLength(k);
      for (const target of result.targets) expect(Math.abs(target.share - 1 / k)).toBeLessThan(0.005);
    }
  });

  it("obeys Little's law L = λW, with L measured apart from W as the time-average number in system", () => {
    // L: the number of requests in the system (at targets, in service or backlog, and in any
    // node's surge queue; the rare health check too), sampled every 0.1 s and averaged: a time average taken without looking
    // at any latency. λW: the measured throughput (requests answered / duration) times the
    // measured mean response time. Little's law holds on every sample path up to edge effects
    // (requests still in the system at the end), so the two agree far more closely than either
    // agrees with theory. M/M/8 with λ = 72, μ = 10 (L = λW ≈ 13.5), 2000 s per seed, 3 seeds.
    // Tolerance: 1 % in every seed.
    const [c, lambda, step] = [8, 72, 0.1];
    for (const seed of SEEDS.slice(0, 3)) {
      const scenario = queue(
        {
          duration: 2000,
          targets: [{ zone: "a", concurrency: c, serviceTime: SERVICE }],
          clients: [{ name: "c", rate: lambda }],
        },
        seed,
      );
      const run = new Run(scenario);
      const { targets, nodes, requests } = run.lb;
      let area = 0;
      let samples = 0;
      for (let t = step / 2; t < scenario.duration; t += step) {
        run.advance(t);
        let inSystem = 0;
        for (let i = 0; i < targets.count; i++) inSystem += targets.inFlight(i);
        for (const node of nodes) inSystem += node.surgeQueueLength;
        // Every request counted is live; live ones not counted are checks answered already.
        expect(inSystem).toBeLessThanOrEqual(requests.live);
        area += inSystem;
        samples++;
      }
      const { result } = run.finish();
      const timeAverage = area / samples;
      const throughput = result.requests.total / scenario.duration;
      expect(Math.abs(timeAverage / littleL(throughput, result.latency.mean) - 1)).toBeLessThan(0.01);
    }
  });
});
