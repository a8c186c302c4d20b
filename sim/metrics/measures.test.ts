import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { loadScenario } from "../scenario/load";
import { keyMetrics } from "./key-metrics";
import { type MetricRef, measure, metricKey, metricLabel, parseMetric, runMetrics } from "./measures";

// Twelve 5 s buckets; a target fails at 30 s, so the second half has errors and the first none.
const loaded = loadScenario(`version: 1
name: measures
seed: 3
duration: 60s
metricsInterval: 5s
zones: [a, b]
loadBalancer: { type: application, healthCheck: { interval: 30s, unhealthyThreshold: 5 } }
targets:
  - { zone: a, count: 2, concurrency: 4, serviceTime: { distribution: exponential, mean: 20ms } }
  - { zone: b, count: 2, concurrency: 4, serviceTime: 20ms }
clients: [{ name: users, count: 100, rate: 40, connection: { keepAlive: false } }]
events: [{ at: 30s, fail: { target: a-1 } }]
`);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
const { result, timeseries } = runScenario(loaded.scenario);

function ref(text: string): MetricRef {
  const r = parseMetric(text);
  if ("error" in r) throw new Error(r.error);
  return r;
}
const value = (text: string) => measure(ref(text), result, timeseries);

describe("metrics over the whole run", () => {
  it("are the key metrics where one exists, under the key metric's key", () => {
    const key = new Map(keyMetrics(result).map((m) => [m.key, m.value]));
    expect(value("errorRate")).toBe(key.get("errorRate"));
    expect(value("latency.p99")).toBe(key.get("latencyP99"));
    expect(value("zone.b.share")).toBe(key.get("share:b"));
    expect(["errorRate", "latency.p99", "zone.b.share", "zone.b.requests"].map((t) => metricKey(ref(t)))).toEqual([
      "errorRate",
      "latencyP99",
      "share:b",
      "zone.b.requests",
    ]);
  });

  it("read counts, zones and targets from the result", () => {
    expect(value("errors")).toBe(result.requests.total - result.requests.ok);
    expect(value("errors")).toBeGreaterThan(0);
    expect(value("zone.a.requests")).toBe(result.zones[0].requests);
    expect(value("target.b-2.latency.mean")).toBe(result.targets[3].latencyMean);
  });
});

describe("metrics over a time window", () => {
  it("count the requests of the buckets that start in the window", () => {
    expect(value("requests[0s..30s]") + value("requests[30s..]")).toBe(value("requests[..]"));
    expect(value("errors[0s..30s]")).toBe(0);
    expect(value("errors[30s..]")).toBeGreaterThan(0);
    expect(value("errorRate[30s..]")).toBeGreaterThan(value("errorRate"));
  });

  it("weigh each bucket's mean latency by the requests it answered, and bound percentiles by the worst bucket's", () => {
    expect(value("latency.mean[..]")).toBeCloseTo(result.latency.mean, 9);
    const p99s = timeseries.series.find((s) => s.metric === "ClientLatencyP99" && s.dimension === "lb")!.values;
    expect(value("latency.p99[..]")).toBe(Math.max(...p99s.filter(Number.isFinite)));
    expect(value("latency.p99[..]")).toBeGreaterThanOrEqual(value("latency.p99"));
  });

  it("give a zone's share of the requests its window served", () => {
    expect(value("zone.a.share[..]") + value("zone.b.share[..]")).toBeCloseTo(1, 12);
    expect(value("zone.a.share[..]")).toBeCloseTo(value("zone.a.share"), 12);
  });
});

describe("runMetrics", () => {
  it("adds the thresholds' metrics to the replicated key metrics, once each", () => {
    const metrics = runMetrics(result, timeseries, [ref("errorRate"), ref("errorRate[30s..]"), ref("latency.p90")]);
    expect(metrics.map((m) => m.key)).toEqual([
      "errorRate",
      "spilloverRate",
      "latencyMean",
      "latencyP99",
      "share:a",
      "share:b",
      "errorRate[30s..]",
      "latencyP90",
    ]);
    expect(metricLabel(ref("errorRate[30s..]"))).toBe("error rate, 30s–end");
    expect(metricLabel(ref("target.a-1.requests[1m30s..2m]"))).toBe("target a-1 requests, 1m30s–2m");
  });
});
