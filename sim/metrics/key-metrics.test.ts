import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { loadScenario } from "../scenario/load";
import {
  ERROR_METRICS,
  countsFromSeries,
  errorCount,
  errorRate,
  keyMetrics,
  share,
  spilloverRate,
} from "./key-metrics";

// Two zones, a target answering 5xx, a target crashing and a zone going out: every kind of error.
const TROUBLE = `
version: 1
name: trouble
seed: 5
duration: 60s
metricsInterval: 5s
zones: [a, b]
loadBalancer: { type: TYPE, node: { capacity: 300, surgeQueue: 20 } }
targets:
  - { zone: a, count: 2, concurrency: 4, queue: 4, serviceTime: { distribution: exponential, mean: 30ms } }
  - { zone: b, count: 2, concurrency: 4, queue: 4, serviceTime: { distribution: exponential, mean: 30ms } }
clients:
  - { name: web, count: 300, rate: [{ at: 0s, rps: 150 }, { at: 20s, rps: 450 }] }
events:
  - { at: 10s, errors: { target: a-1, rate: 0.3 } }
  - { at: 15s, fail: { target: a-2 } }
  - { at: 30s, outage: { zone: b } }
`;

function run(type = "application") {
  const loaded = loadScenario(TROUBLE.replace("TYPE", type));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return runScenario(loaded.scenario);
}

describe("the key metrics", () => {
  const { result } = run();

  it("count as errors every request that did not end ok, over all requests", () => {
    const r = result.requests;
    expect(errorCount(r)).toBeGreaterThan(0);
    expect(errorCount(r)).toBe(r.elb5xx + r.target5xx + (r.byStatus.connection_error ?? 0));
    expect(errorRate(r)).toBe(errorCount(r) / r.total);
    expect(spilloverRate(r)).toBe(r.spillover / r.total);
  });

  const HTTP = ["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "ConnectionErrorCount"];
  const LAYER4 = ["TCP_ELB_Reset_Count", "TCP_Target_Reset_Count", "HTTPCode_Target_5XX_Count", "ConnectionErrorCount"];
  for (const [type, family] of [
    ["application", HTTP],
    ["network", LAYER4],
  ] as const) {
    it(`${type}: read the same errors from the time series as from the result; requests in flight at the end count as ok`, () => {
      const { result, timeseries } = run(type);
      const total = (metric: string) =>
        timeseries.series.find((s) => s.metric === metric && s.dimension === "lb")?.values.reduce((a, b) => a + b, 0) ??
        0;
      // Each run has its own family of error metrics, every one of them counting something here.
      expect(ERROR_METRICS.filter((m) => total(m) > 0)).toEqual(ERROR_METRICS.filter((m) => family.includes(m)));
      const r = result.requests;
      const streamed = countsFromSeries(total);
      expect(errorCount(streamed)).toBe(errorCount(r));
      expect(streamed.spillover).toBe(r.spillover);
      const inFlight = streamed.total - r.total;
      expect(inFlight).toBeGreaterThanOrEqual(0);
      expect(inFlight).toBeLessThan(0.01 * r.total);
    });
  }

  it("network: a layer-4 load balancer names its errors as resets, not HTTP statuses", () => {
    const { result } = run("network");
    const keys = Object.keys(result.requests.byStatus).sort();
    expect(keys.every((k) => ["500", "connection_error", "tcp_elb_reset", "tcp_target_reset"].includes(k))).toBe(true);
    expect(keys).toContain("tcp_target_reset");
  });

  it("are 0 when there were no requests, not NaN", () => {
    expect(share(0, 0)).toBe(0);
    expect(errorRate({ total: 0, ok: 0 })).toBe(0);
  });

  it("list requests, rates, latencies and zone shares under stable keys", () => {
    expect(keyMetrics(result).map((m) => m.key)).toEqual([
      "requests",
      "errorRate",
      "spilloverRate",
      "latencyMean",
      "latencyP50",
      "latencyP90",
      "latencyP99",
      "share:a",
      "share:b",
    ]);
  });
});
