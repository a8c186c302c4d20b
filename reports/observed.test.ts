import { describe, expect, test } from "vitest";
import type { TimeSeries } from "../sim/metrics/result";
import { compareObserved, observedCharts, observedTable } from "./observed";

const series = (metric: string, values: number[], dimension = "lb") => ({ metric, dimension, values });

const simulated: TimeSeries = {
  interval: 1,
  buckets: 3,
  series: [
    series("RequestCount", [10, 12, 8]),
    series("HTTPCode_ELB_5XX_Count", [0, 2, 0]),
    series("HTTPCode_Target_5XX_Count", [1, 0, 0]),
    series("ConnectionErrorCount", [0, 0, 1]),
    series("ClientLatencyP99", [0.2, Number.NaN, 0.3]),
  ],
};
const observed: TimeSeries = {
  interval: 1,
  buckets: 3,
  series: [
    series("ClientLatencyP99", [0.25, 0.5, Number.NaN]),
    series("RequestCount", [10, 15, 5]),
    series("ErrorCount", [0, 1, 0]),
    series("ProcessedBytes", [100, 100, 100]),
  ],
};

describe("simulated against observed", () => {
  const c = compareObserved(observed, simulated);

  test("pairs series by metric and dimension, counts by their totals", () => {
    expect(c.rows[0]).toEqual({
      metric: "RequestCount",
      dimension: "lb",
      kind: "count",
      observed: 30,
      simulated: 30,
      difference: 0,
      perBucket: 2,
      buckets: 3,
    });
  });

  test("compares a load generator's errors with every error simulated", () => {
    expect(c.rows[1]).toMatchObject({ metric: "ErrorCount", observed: 1, simulated: 4, difference: 3 });
  });

  test("compares latency over the buckets both have, and leaves out what was not simulated", () => {
    expect(c.rows[2]).toMatchObject({ metric: "ClientLatencyP99", kind: "seconds", buckets: 1 });
    expect(c.rows[2].difference).toBeCloseTo(-0.05, 12);
    expect(c.rows.map((r) => r.metric)).not.toContain("ProcessedBytes");
  });

  test("reads as a table", () => {
    expect(observedTable(c, "observed.csv")).toBe(
      [
        "Simulated against observed (observed.csv; per bucket: the mean |simulated − observed| over buckets of 1s)",
        "metric                   dimension  observed  simulated  difference  per bucket",
        "───────────────────────  ─────────  ────────  ─────────  ──────────  ──────────",
        "RequestCount             lb               30         30           0         2.0",
        "ErrorCount               lb                1          4          +3         1.0",
        "ClientLatencyP99 (mean)  lb         250.0 ms   200.0 ms    −50.0 ms     50.0 ms",
        "",
      ].join("\n"),
    );
  });

  test("draws the overlays it has data for", () => {
    expect(observedCharts(observed, simulated).map((chart) => chart.id)).toEqual([
      "observed-requests",
      "observed-errors",
      "observed-latency",
    ]);
  });
});
