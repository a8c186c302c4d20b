// Closed-loop users (docs/design.md#closed-loop-users) against queueing theory: N users, each
// thinking for an exponential Z, in front of one target with one worker and exponential service S,
// form the machine-repairman model, whose mean response time exact mean value analysis gives
// (sim/theory/queueing.ts, mvaSingleServer). Nodes add no latency (capacity unlimited) and health
// checks are rare, so the target's worker serves the users alone.
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { formatErrors, validateScenario } from "../scenario/load";
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

  it("follow a trace of time,users as they follow the same stages written in the scenario: the same run", () => {
    const stages = [
      { at: 0, users: 0 },
      { at: 60, users: 10 },
      { at: 120, users: 10 },
      { at: 121, users: 2 },
    ];
    const trace = `time,users\n${stages.map((s) => `${s.at},${s.users}`).join("\n")}\n`;
    const scenario = (users: unknown) => {
      const loaded = validateScenario(
        {
          version: 1,
          name: "users-trace",
          duration: 600,
          zones: ["a"],
          loadBalancer: { type: "application", node: { capacity: "unlimited" } },
          targets: [{ zone: "a", count: 1, concurrency: 1, serviceTime: exponential(S) }],
          clients: [{ name: "vu", users, thinkTime: exponential(Z) }],
        },
        { readFile: (name) => (name === "users.csv" ? trace : { problem: "no such file" }) },
      );
      if (!loaded.ok) throw new Error(formatErrors(loaded.errors).join("\n"));
      return loaded.scenario;
    };
    const fromTrace = runScenario(scenario({ trace: "users.csv" })).result;
    const written = runScenario(scenario(stages)).result;
    expect(fromTrace.requests.total).toBeGreaterThan(1000);
    expect(fromTrace.digest).toBe(written.digest);
  });

  it("refuse a users trace with a bad row, at its path and line", () => {
    const loaded = validateScenario(
      {
        version: 1,
        name: "bad",
        duration: 60,
        zones: ["a"],
        loadBalancer: { type: "application" },
        targets: [{ zone: "a", count: 1, concurrency: 1, serviceTime: "10ms" }],
        clients: [{ name: "vu", users: { trace: "users.csv" } }],
      },
      { readFile: () => "time,users\n0,1\n10,-3\n" },
    );
    expect(loaded.ok).toBe(false);
    if (!loaded.ok)
      expect(formatErrors(loaded.errors)).toEqual([
        "clients.0.users.trace: line 3: users must not be negative, got -3",
      ]);
  });
});
