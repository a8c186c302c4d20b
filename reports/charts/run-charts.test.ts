// The list of a run's charts: the clients chart appears only for runs whose clients time out,
// retry or are closed-loop users, and plots their requests, successes and attempts per second.
import { describe, expect, it } from "vitest";
import { runScenario } from "../../sim/run";
import { loadScenario } from "../../sim/scenario/load";
import { clientData, clientLatencyData } from "./from-run";
import { runCharts } from "./run-charts";

function run(extra: string) {
  const loaded = loadScenario(`version: 1
name: t
duration: 60s
metricsInterval: 5s
zones: [a]
targets: [{ zone: a, count: 1, concurrency: 4, serviceTime: 20ms }]
clients: [{ name: c, count: 50, rate: 20${extra} }]
events: [{ at: 0s, errors: { target: a-1, rate: 0.5 } }]
`);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return runScenario(loaded.scenario);
}

describe("the run's charts", () => {
  it("leave out the clients chart when no client group handles its own requests", () => {
    expect(runCharts(run("")).map((c) => c.id)).toEqual(["zones", "targets", "errors", "latency", "nodes", "health"]);
  });

  it("draw the clients chart for retrying clients: attempts above requests, successes below", () => {
    const output = run(", retry: { policy: fixed, attempts: 5, on: ['500'] }");
    expect(runCharts(output).map((c) => c.id)).toContain("clients");
    const [attempts, requests, succeeded] = clientData(output.timeseries).series.map((s) =>
      s.values.slice(2, -2).reduce((a, b) => a + b, 0),
    );
    // Each attempt fails with probability 1/2: about two attempts a request, nearly all succeed.
    expect(attempts / requests).toBeGreaterThan(1.7);
    expect(succeeded / requests).toBeGreaterThan(0.9);
  });

  it("draw the clients' latency with retries, longer than an attempt's: a retried request waited for its first attempt too", () => {
    const output = run(", retry: { policy: fixed, attempts: 5, on: ['500'] }");
    expect(runCharts(output).map((c) => c.id)).toContain("client-latency");
    expect(runCharts(run("")).map((c) => c.id)).not.toContain("client-latency");
    const [group] = clientLatencyData(output.timeseries).series;
    expect(group.label).toBe("c");
    // Half the requests take a second attempt: the mean over requests exceeds the mean attempt's.
    expect(output.result.clients![0].latency.mean).toBeGreaterThan(output.result.latency.mean);
    const mean = (v: readonly number[]) => v.filter(Number.isFinite).reduce((a, b) => a + b, 0) / v.length;
    expect(mean(group.values.slice(2, -2))).toBeGreaterThan(output.result.latency.mean);
  });
});
