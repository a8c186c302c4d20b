import { describe, expect, it } from "vitest";
import { TWO_ZONES } from "../reports/test-data";
import type { KeyMetric } from "../sim/metrics/key-metrics";
import { nextCount, widestInterval } from "./replication-rounds";
import { runReplications } from "./replications";

const metric = (key: string, value: number): KeyMetric => ({ key, label: key, kind: "seconds", value });

describe("a precision stop", () => {
  it("finds the interval furthest from the target; an all-zero metric is precise", () => {
    const runs = [
      [1, 1.1, 0.9].map((v) => ({ digest: "", metrics: [metric("latencyMean", v), metric("errorRate", 0)] })),
    ];
    expect(widestInterval([{ name: null }], runs, 0.01)).toMatchObject({ key: "latencyMean", variant: null });
    expect(widestInterval([{ name: null }], runs, 0.5)).toBeNull();
  });

  it("plans n × (half-width / target)² replications next, at least one more, at most twice as many and the cap", () => {
    expect(nextCount(5, 1.3, 100)).toBe(9);
    expect(nextCount(5, 1.01, 100)).toBe(6);
    expect(nextCount(5, 10, 100)).toBe(10);
    expect(nextCount(80, 10, 100)).toBe(100);
    expect(nextCount(5, Number.POSITIVE_INFINITY, 100)).toBe(10);
  });

  it("adds replications in rounds, on the same seeds for every variant, until every interval is within it", async () => {
    const options = { variants: "all" as const, overrides: ["duration=5s"], workers: 0 };
    const run = await runReplications(TWO_ZONES, {
      ...options,
      replications: 3,
      precision: { target: 0.05, maxReplications: 40 },
    });
    if (!run.ok) throw new Error(JSON.stringify(run.errors));
    const { summary } = run;
    expect(summary.precision).toMatchObject({ target: 0.05, reached: true, widest: null });
    const n = summary.seeds.length;
    expect(n).toBeGreaterThan(3);
    for (const v of summary.variants)
      for (const m of v.metrics) {
        expect(m.n).toBe(n);
        expect(m.halfWidth).toBeLessThanOrEqual(0.05 * Math.abs(m.mean));
      }
    // The same as asking for n replications outright.
    const fixed = await runReplications(TWO_ZONES, { ...options, replications: n });
    if (!fixed.ok) throw new Error(JSON.stringify(fixed.errors));
    expect(fixed.summary.variants).toEqual(summary.variants);
  });

  it("stops at the cap and says which interval is still too wide", async () => {
    const run = await runReplications(TWO_ZONES, {
      replications: 2,
      overrides: ["duration=5s"],
      workers: 0,
      precision: { target: 0.0001, maxReplications: 3 },
    });
    if (!run.ok) throw new Error(JSON.stringify(run.errors));
    expect(run.summary.seeds).toHaveLength(3);
    expect(run.summary.precision).toMatchObject({ reached: false, maxReplications: 3 });
    expect(run.summary.precision!.widest!.relative).toBeGreaterThan(0.0001);
  });
});
