import { describe, expect, test } from "vitest";
import { parseObserved } from "./observed";

describe("observed buckets", () => {
  test("rows land on the scenario's buckets; a bucket without one is NaN", () => {
    const text = "time,metric,dimension,value\n0,RequestCount,lb,12\n2,RequestCount,lb,7\n1,RequestCount,zone=a,3\n";
    const { observed, errors } = parseObserved(text, 1, 3);
    expect(errors).toEqual([]);
    expect(observed?.series).toEqual([
      { metric: "RequestCount", dimension: "lb", values: [12, Number.NaN, 7] },
      { metric: "RequestCount", dimension: "zone=a", values: [Number.NaN, 3, Number.NaN] },
    ]);
  });

  test("rows in one of the scenario's wider buckets fold into it: counts add up, percentiles take the largest, the rest average", () => {
    const text = [
      "time,metric,dimension,value",
      "0,RequestCount,lb,3",
      "1,RequestCount,lb,4",
      "0,ClientLatencyP99,lb,0.2",
      "1,ClientLatencyP99,lb,0.5",
      "0,TargetResponseTime,lb,0.1",
      "1,TargetResponseTime,lb,0.3",
    ].join("\n");
    const values = parseObserved(text, 2, 4).observed?.series.map((s) => s.values[0]);
    expect(values).toEqual([7, 0.5, 0.2]);
  });

  test("rows after the run are left out, and bad rows reported by line", () => {
    const text = [
      "time,metric,dimension,value",
      "9,RequestCount,lb,1",
      "-1,RequestCount,lb,1",
      "1,Request Count,lb,1",
      "1,RequestCount,region=x,1",
      "1,RequestCount,lb,lots",
    ].join("\n");
    expect(parseObserved(text, 1, 3).errors).toEqual([
      { line: 3, message: "time must be seconds from 0, got -1" },
      { line: 4, message: "metric must be a name such as RequestCount, got Request Count" },
      { line: 5, message: "dimension must be lb, zone=…, node=… or target=…, got region=x" },
      { line: 6, message: "value must be a finite number, got lots" },
    ]);
    expect(parseObserved("time,rps\n0,1\n", 1, 3).errors).toEqual([
      { line: 1, message: "must start with the header time,metric,dimension,value, got time,rps" },
    ]);
  });
});
