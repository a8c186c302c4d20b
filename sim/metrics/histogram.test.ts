import { describe, expect, it } from "vitest";
import { Histogram } from "./histogram";

/** A 32-bit LCG (Numerical Recipes constants) giving uniforms in (0, 1). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
}

/** The exact value at rank ceil(q·n) of sorted data. */
function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

const QUANTILES = [0, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1];

function expectQuantilesWithin(h: Histogram, sorted: readonly number[], relativeError: number) {
  for (const q of QUANTILES) {
    const exact = exactQuantile(sorted, q);
    if (exact < 1e-6) continue; // below the 1 µs floor the histogram makes no relative promise
    expect(Math.abs(h.quantile(q) - exact) / exact, `q=${q}`).toBeLessThanOrEqual(relativeError * (1 + 1e-9));
  }
}

describe("Histogram", () => {
  it("reports quantiles of a uniform 1..100000 ms grid within its relative error", () => {
    const h = new Histogram(0.01);
    const values: number[] = [];
    for (let ms = 1; ms <= 100_000; ms++) values.push(ms / 1000);
    for (const v of values) h.record(v);
    expectQuantilesWithin(h, values, 0.01);
  });

  it("reports quantiles of exponential latencies within the default relative error", () => {
    const h = new Histogram();
    const uniform = lcg(42);
    const values: number[] = [];
    for (let i = 0; i < 100_000; i++) values.push(-0.05 * Math.log(uniform()));
    for (const v of values) h.record(v);
    values.sort((a, b) => a - b);
    expectQuantilesWithin(h, values, 0.005);
  });

  it("keeps the exact count, sum, mean and max", () => {
    const h = new Histogram();
    for (const v of [0.1, 0.2, 0.7]) h.record(v);
    expect(h.count).toBe(3);
    expect(h.sum).toBe(0.1 + 0.2 + 0.7);
    expect(h.mean).toBe((0.1 + 0.2 + 0.7) / 3);
    expect(h.max).toBe(0.7);
    expect(h.quantile(1)).toBe(0.7);
  });

  it("puts values below 1 µs in the first bucket and answers with the recorded range", () => {
    const h = new Histogram();
    h.record(0);
    h.record(1e-9);
    expect(h.quantile(0)).toBe(1e-9);
    expect(h.quantile(1)).toBe(1e-9);
  });

  it("returns 0 for every statistic when empty", () => {
    const h = new Histogram();
    expect([h.count, h.sum, h.mean, h.max, h.quantile(0.5), h.quantile(1)]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("merging two histograms equals recording both streams into one", () => {
    const uniform = lcg(7);
    const a = new Histogram();
    const b = new Histogram();
    const both = new Histogram();
    for (let i = 0; i < 5000; i++) {
      const v = -0.2 * Math.log(uniform());
      (i % 3 === 0 ? a : b).record(v);
      both.record(v);
    }
    a.merge(b);
    expect(a.count).toBe(both.count);
    expect(a.sum).toBeCloseTo(both.sum, 9);
    expect(a.max).toBe(both.max);
    for (const q of QUANTILES) expect(a.quantile(q)).toBe(both.quantile(q));
  });

  it("answers the same whether it is read between records or only at the end", () => {
    const uniform = lcg(11);
    const read = new Histogram();
    const fresh = new Histogram();
    for (let i = 0; i < 2000; i++) {
      const v = -0.1 * Math.log(uniform());
      read.record(v);
      fresh.record(v);
      if (i % 97 === 0) read.quantile(0.5);
      if (i % 400 === 399) {
        for (const q of QUANTILES) expect(read.quantile(q)).toBe(fresh.quantile(q));
        read.reset();
        fresh.reset();
      }
    }
  });

  it("refuses to merge histograms of different resolution", () => {
    expect(() => new Histogram(0.01).merge(new Histogram(0.005))).toThrow();
  });

  it("reset forgets everything recorded", () => {
    const h = new Histogram();
    h.record(3);
    h.record(5);
    h.reset();
    expect([h.count, h.sum, h.mean, h.max, h.quantile(0.5)]).toEqual([0, 0, 0, 0, 0]);
    h.record(0.25);
    expect(Math.abs(h.quantile(0.5) - 0.25) / 0.25).toBeLessThanOrEqual(0.005);
    expect(h.max).toBe(0.25);
  });

  it("rejects a negative or NaN latency as a bug", () => {
    const h = new Histogram();
    expect(() => h.record(-1)).toThrow(RangeError);
    expect(() => h.record(NaN)).toThrow(RangeError);
  });
});
