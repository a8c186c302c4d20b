// Closed-loop users (docs/design.md#closed-loop-users) against queueing theory: N users, each
// thinking for an exponential Z, in front of one target with one worker and exponential service S,
// form the machine-repairman model, whose mean response time exact mean value analysis gives
// (sim/theory/queueing.ts, mvaSingleServer). Nodes add no latency (capacity unlimited) and health
// checks are rare, so the target's worker serves the users alone.
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { mvaSingleServer } from "../theory/queueing";
import { exponential, seriesValues, testScenario } from "./test-scenario";

const S = 0.1;
const Z = 0.5;
const DURATION = 4000;

function closed(users: number, seed: number, stages?: { at: string; users: number }[]) {
  return runScenario(
    testScenario(
      {
        duration: DURATION,
        metricsInterval: "10s",
        loadBalancer: {
          node: { capacity: "unlimited" },
          healthCheck: { interval: "300s", timeout: "5s", healthyThreshold: 2, unhealthyThreshold: 10 },
        },
        targets: [{ zone: "a", count: 1, concurrency: 1, serviceTime: exponential(S) }],
        clients: [{ name: "vu", users: stages ?? users, thinkTime: exponential(Z), connection: { keepAlive: true } }],
      },
      { seed },
    ),
  );
}

describe("closed-loop users", () => {
  for (const users of [3, 10]) {
    const theory = mvaSingleServer(users, S, Z);
    it(`${users} users, Z = ${Z} s, S = ${S} s: mean response R(N) = ${theory.response.toFixed(4)} s and throughput X(N) = ${theory.throughput.toFixed(3)}/s by MVA, within 4 % over 3 seeds`, () => {
      for (const seed of [1, 2, 3]) {
        const { result } = closed(users, seed);
        expect(Math.abs(result.latency.mean / theory.response - 1)).toBeLessThan(0.04);
        expect(Math.abs(result.requests.total / DURATION / theory.throughput - 1)).toBeLessThan(0.04);
      }
    });
  }

  it("follow their stages: 0 → 10 users over a minute, 10 for a minute, then 2", () => {
    const { timeseries } = closed(0, 1, [
      { at: "0s", users: 0 },
      { at: "60s", users: 10 },
      { at: "120s", users: 10 },
      { at: "121s", users: 2 },
    ]);
    const perSecond = seriesValues(timeseries, "RequestCount", "lb").map((v) => v / 10);
    const mean = (from: number, to: number) =>
      perSecond.slice(from / 10, to / 10).reduce((a, b) => a + b) / ((to - from) / 10);
    expect(mean(0, 10)).toBeLessThan(mean(50, 60));
    expect(Math.abs(mean(70, 120) / mvaSingleServer(10, S, Z).throughput - 1)).toBeLessThan(0.15);
    expect(Math.abs(mean(200, 1000) / mvaSingleServer(2, S, Z).throughput - 1)).toBeLessThan(0.08);
  });
});
