import { describe, expect, it } from "vitest";
import { runMetrics } from "../sim/metrics/measures";
import type { RunResult } from "../sim/metrics/result";
import { confidenceInterval, pairedDifference, replicationsTable, summarizeReplications } from "./replications";

describe("confidenceInterval", () => {
  it("is mean ± t(0.975, n − 1)·s/√n", () => {
    // 1…5: mean 3, s = √2.5, t(0.975, 4) = 2.776.
    const ci = confidenceInterval([1, 2, 3, 4, 5]);
    expect(ci.mean).toBe(3);
    expect(ci.halfWidth).toBeCloseTo((2.776 * Math.sqrt(2.5)) / Math.sqrt(5), 10);
    expect([ci.low, ci.high]).toEqual([3 - ci.halfWidth, 3 + ci.halfWidth]);
  });
});

describe("pairedDifference", () => {
  it("gives a narrower paired interval when the pairs move together, and Welch's interval unpaired", () => {
    const base = [10, 12, 9, 14, 11];
    const other = [11.1, 12.9, 10.2, 15.0, 11.8];
    const { paired, unpaired, widthRatio } = pairedDifference(base, other);
    expect(paired.mean).toBeCloseTo(1, 10);
    expect(unpaired.mean).toBeCloseTo(1, 10);
    // Welch: s² = 3.7 and 3.6 (n = 5), se = √((3.7 + 3.6)/5), df = 7.99…, t(0.975, 7) = 2.365 (df rounds down).
    const a = base.map((x) => x - 11.2);
    const b = other.map((x) => x - 12.2);
    const va = a.reduce((s, x) => s + x * x, 0) / 4 / 5;
    const vb = b.reduce((s, x) => s + x * x, 0) / 4 / 5;
    expect(unpaired.halfWidth).toBeCloseTo(2.365 * Math.sqrt(va + vb), 10);
    expect(widthRatio).toBeLessThan(0.2);
  });
});

describe("summarizeReplications", () => {
  const run = (latencyMean: number, ok: number): RunResult => ({
    scenario: "s",
    variant: null,
    seed: 1,
    digest: "",
    simulatedSeconds: 60,
    events: 0,
    wallSeconds: 0,
    requests: { total: 100, ok, spillover: 0, elb5xx: 100 - ok, target5xx: 0, byStatus: { "503": 100 - ok } },
    latency: { mean: latencyMean, p50: latencyMean, p90: latencyMean, p99: latencyMean },
    zones: [{ zone: "a", requests: 100, share: 1 }],
    nodes: [],
    targets: [],
    scaling: [],
    log: [],
  });
  const summary = summarizeReplications(
    "s",
    1,
    [11, 12, 13],
    [
      { name: "on", runs: [run(0.01, 100), run(0.02, 99), run(0.03, 98)].map((r) => runMetrics(r, null, [])) },
      { name: "off", runs: [run(0.02, 100), run(0.03, 99), run(0.04, 98)].map((r) => runMetrics(r, null, [])) },
    ],
  );

  it("gives each variant's interval per key metric and the paired differences against the first", () => {
    const latency = summary.variants[0].metrics.find((m) => m.key === "latencyMean")!;
    expect(latency.values).toEqual([0.01, 0.02, 0.03]);
    expect(latency.mean).toBeCloseTo(0.02, 12);
    const [difference] = summary.differences;
    expect([difference.name, difference.base]).toEqual(["off", "on"]);
    const paired = difference.metrics.find((m) => m.key === "latencyMean")!.paired;
    expect(paired.mean).toBeCloseTo(0.01, 12);
    expect(paired.halfWidth).toBeCloseTo(0, 12);
  });

  it("reads as a table of means ± half-widths, then the differences", () => {
    const text = replicationsTable(summary);
    expect(text.split("\n")[0]).toBe(
      "s · 3 replications, seeds derived from 1 · mean ± 95 % confidence half-width (Student's t, 2 df)",
    );
    expect(text).toMatch(/latency mean\s+[\d.]+ ms ± [\d.]+ ms\s+[\d.]+ ms ± [\d.]+ ms/);
    expect(text).toContain("off − on, paired on the same seeds");
  });
});
