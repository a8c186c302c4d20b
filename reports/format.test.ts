import { describe, expect, test } from "vitest";
import {
  formatCount,
  formatDifference,
  formatElapsed,
  formatLatency,
  formatMetric,
  formatPercent,
  formatPoints,
  formatRate,
  formatStopwatch,
} from "./format";

describe("percentages and latencies", () => {
  test("percentages keep the digits that matter", () => {
    expect([0, 0.0625, 0.09999, 0.1, 0.25, 0.000314, 1].map(formatPercent)).toEqual([
      "0 %",
      "6.25 %",
      "10.0 %",
      "10.0 %",
      "25.0 %",
      "0.031 %",
      "100.0 %",
    ]);
  });

  test("latencies are milliseconds with the digits that matter", () => {
    expect([0.18769, 0.0123, 0.0004567, 0.09999, 1.0434, 12.34, NaN].map(formatLatency)).toEqual([
      "187.7 ms",
      "12.3 ms",
      "0.457 ms",
      "100.0 ms",
      "1043 ms",
      "12.3 s",
      "–",
    ]);
  });
});

describe("every number", () => {
  test("reads – when there is none, whatever its kind", () => {
    for (const f of [
      formatCount,
      formatRate,
      formatPercent,
      formatPoints,
      formatLatency,
      formatElapsed,
      formatStopwatch,
    ])
      expect(f(NaN), f.name).toBe("–");
    expect(formatDifference("fraction", NaN)).toBe("–");
  });

  test("counts are whole, with thousands separators, and never −0", () => {
    expect([0, 12345.4, 8973745, -0.3, Infinity].map(formatCount)).toEqual(["0", "12,345", "8,973,745", "0", "∞"]);
  });

  test("rates are whole, to three significant digits, in millions from a million", () => {
    expect([714_321, 1_071_234, 42.5].map(formatRate)).toEqual(["714,000", "1.07 M", "43"]);
  });

  test("a percentage short of 100 % never reads 100 %, and one too small to show says so", () => {
    expect(formatPercent(0.99996)).toBe("99.9 %");
    expect(formatPercent(0.000004)).toBe("< 0.001 %");
  });

  test("latencies past 10 s are seconds with a tenth", () => {
    expect([0, 1e-9, 9.9996, 1234.56].map(formatLatency)).toEqual(["0 ms", "0 ms", "10.0 s", "1,234.6 s"]);
  });

  test("differences are signed, fractions in percentage points, and zero has no sign", () => {
    expect(formatDifference("fraction", -0.0125)).toBe("−1.25 pp");
    expect(formatDifference("seconds", 0.0101)).toBe("+10.1 ms");
    expect(formatDifference("count", -21)).toBe("−21");
    expect(formatDifference("fraction", 0)).toBe("0 pp");
    expect(formatDifference("seconds", -1e-12)).toBe("0 ms");
  });

  test("a key metric reads by its kind", () => {
    expect([formatMetric("count", 1e4), formatMetric("fraction", 0.5), formatMetric("seconds", 0.02)]).toEqual([
      "10,000",
      "50.0 %",
      "20.0 ms",
    ]);
  });

  test("the stopwatch shows m:ss, or h:mm:ss from an hour, and wall time keeps three digits", () => {
    expect([0, 59.9, 312.5, 3725].map(formatStopwatch)).toEqual(["0:00", "0:59", "5:12", "1:02:05"]);
    expect([1.254, 12.34].map(formatElapsed)).toEqual(["1.25 s", "12.3 s"]);
  });
});
