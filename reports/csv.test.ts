import { describe, expect, test } from "vitest";
import type { TimeSeries } from "../sim/metrics/result";
import { runScenario } from "../sim/run";
import { loadScenario } from "../sim/scenario/load";
import { CSV_HEADER, csvNumber, timeseriesCsv, timeseriesCsvChunks } from "./csv";

interface Row {
  time: number;
  metric: string;
  dimension: string;
  value: number;
}

/** The CSV read back as a reader would, checking every row has the four fields. */
function parse(csv: string): Row[] {
  const [header, ...lines] = csv.trimEnd().split("\n");
  expect(header).toBe(CSV_HEADER);
  return lines.map((line) => {
    const cells = line.split(",");
    expect(cells).toHaveLength(4);
    const [time, metric, dimension, value] = cells;
    return { time: Number(time), metric, dimension, value: Number(value) };
  });
}

describe("the time-series CSV", () => {
  const ts: TimeSeries = {
    interval: 0.1,
    buckets: 4,
    series: [
      { metric: "RequestCount", dimension: "lb", values: [3, 0, 5, 1] },
      { metric: "TargetResponseTime", dimension: "target=a-1", values: [0.1 + 0.2, NaN, 1 / 3, 2e-7] },
    ],
  };
  const csv = timeseriesCsv(ts);

  test("comes in chunks of whole rows, which join to the same text", () => {
    const chunks = [...timeseriesCsvChunks(ts, 2)];
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.endsWith("\n")).toBe(true);
    expect(chunks.join("")).toBe(csv);
  });

  test("is tidy: one row per bucket, metric and dimension, time the bucket's start in seconds", () => {
    expect(csv.split("\n").slice(0, 4)).toEqual([
      "time,metric,dimension,value",
      "0,RequestCount,lb,3",
      "0,TargetResponseTime,target=a-1,0.3",
      "0.1,RequestCount,lb,0",
    ]);
    expect(csv.endsWith("\n")).toBe(true);
  });

  test("skips buckets without an observation", () => {
    expect(
      parse(csv)
        .filter((r) => r.metric === "TargetResponseTime")
        .map((r) => r.time),
    ).toEqual([0, 0.2, 0.3]);
  });

  test("prints numbers without floating-point noise", () => {
    expect(csv).not.toMatch(/0000000|9999999/);
    expect(parse(csv).map((r) => r.time)).toContain(0.3);
    expect([0.1 * 3, 1 / 3, 42, -1.5, 2e-7, Infinity].map(csvNumber)).toEqual([
      "0.3",
      "0.333333333",
      "42",
      "-1.5",
      "2e-7",
      "inf",
    ]);
  });

  test("a run's lb RequestCount adds up to the requests its nodes received", () => {
    const loaded = loadScenario(`
version: 1
name: csv-check
seed: 3
duration: 95s
metricsInterval: 10s
zones: [a, b]
loadBalancer: { type: classic, node: { capacity: 150, surgeQueue: 20 } }
targets:
  - { zone: a, count: 2, concurrency: 2, serviceTime: { distribution: exponential, mean: 30ms } }
  - { zone: b, count: 1, concurrency: 2, serviceTime: 30ms }
clients:
  - { name: users, count: 50, rate: [{ at: 0s, rps: 50 }, { at: 60s, rps: 400 }] }
`);
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
    const { result, timeseries } = runScenario(loaded.scenario);
    const rows = parse(timeseriesCsv(timeseries));
    const total = (metric: string, dimension: string) =>
      rows.filter((r) => r.metric === metric && r.dimension === dimension).reduce((a, r) => a + r.value, 0);

    const nodeTotal = result.nodes.reduce((a, n) => a + n.requests, 0);
    expect(nodeTotal).toBeGreaterThan(1000);
    expect(total("RequestCount", "lb")).toBe(nodeTotal);
    for (const node of result.nodes) expect(total("RequestCount", `node=${node.id}`)).toBe(node.requests);
    expect(total("SpilloverCount", "lb")).toBe(result.requests.spillover);
    // 95 s in 10 s buckets: the last, shorter bucket starts at 90 s.
    expect(Math.max(...rows.map((r) => r.time))).toBe(90);
  });
});
