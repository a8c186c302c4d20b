// ProcessedBytes (docs/aws-behaviour.md#metric-names): the bytes the load balancer carried, requests
// and responses, counted when client groups give their sizes.
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { seriesValues, testScenario } from "./test-scenario";

describe("ProcessedBytes", () => {
  for (const type of ["network", "application"] as const) {
    it(`${type}: every request's bytes as it reaches a node, every response's as it leaves`, () => {
      const { result, timeseries } = runScenario(
        testScenario({
          duration: 60,
          metricsInterval: "10s",
          loadBalancer: { type },
          targets: [{ zone: "a", count: 2, concurrency: 8, serviceTime: "10ms" }],
          clients: [{ name: "c", count: 100, rate: 20, requestBytes: 500, responseBytes: 20000 }],
        }),
      );
      const bytes = seriesValues(timeseries, "ProcessedBytes", "lb").reduce((a, b) => a + b);
      const requests = seriesValues(timeseries, "RequestCount", "lb").reduce((a, b) => a + b);
      const answered = result.requests.ok + result.requests.target5xx;
      expect(bytes).toBe(requests * 500 + answered * 20000);
      expect(bytes).toBeGreaterThan(0);
    });
  }

  it("is not reported when no client group gives its sizes", () => {
    const { timeseries } = runScenario(
      testScenario({
        duration: 20,
        targets: [{ zone: "a", count: 1, concurrency: 8, serviceTime: "10ms" }],
        clients: [{ name: "c", rate: 5 }],
      }),
    );
    expect(timeseries.series.some((s) => s.metric === "ProcessedBytes")).toBe(false);
  });
});
