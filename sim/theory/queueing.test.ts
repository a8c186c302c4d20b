import { describe, expect, it } from "vitest";
import {
  erlangC,
  littleL,
  meanConfidence,
  mm1MeanInSystem,
  mm1MeanResponse,
  mmcMeanResponse,
  mmcMeanWait,
  tCritical95,
} from "./queueing";

function factorial(n: number): number {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return f;
}

/** Textbook Erlang C: (aᶜ/c!)·c/(c−a) / (Σ_{k<c} aᵏ/k! + (aᶜ/c!)·c/(c−a)). */
function erlangCDirect(c: number, a: number): number {
  const top = (a ** c / factorial(c)) * (c / (c - a));
  let sum = 0;
  for (let k = 0; k < c; k++) sum += a ** k / factorial(k);
  return top / (sum + top);
}

describe("M/M/1", () => {
  it("has mean response W = 1/(μ − λ)", () => {
    expect(mm1MeanResponse(8, 10)).toBeCloseTo(0.5, 12);
    expect(mm1MeanResponse(10, 10)).toBe(Infinity);
  });

  it("has mean number in system L = ρ/(1 − ρ), which is λW by Little's law", () => {
    expect(mm1MeanInSystem(8, 10)).toBeCloseTo(4, 12);
    expect(mm1MeanInSystem(8, 10)).toBeCloseTo(littleL(8, mm1MeanResponse(8, 10)), 12);
    expect(mm1MeanInSystem(12, 10)).toBe(Infinity);
  });
});

describe("Erlang C and M/M/c", () => {
  it("gives C(2, 1) = 1/3", () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 14);
  });

  it("matches the factorial formula for M/M/8 with λ = 72, μ = 10", () => {
    const c = erlangCDirect(8, 7.2);
    expect(erlangC(8, 7.2)).toBeCloseTo(c, 12);
    expect(mmcMeanWait(72, 10, 8)).toBeCloseTo(c / (80 - 72), 12);
    expect(mmcMeanResponse(72, 10, 8)).toBeCloseTo(c / (80 - 72) + 1 / 10, 12);
  });

  it("reduces to M/M/1 when c = 1 (C = ρ)", () => {
    expect(erlangC(1, 0.8)).toBeCloseTo(0.8, 14);
    expect(mmcMeanResponse(8, 10, 1)).toBeCloseTo(mm1MeanResponse(8, 10), 12);
  });

  it("stays finite for many servers, where factorials overflow", () => {
    const p = erlangC(500, 480);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });

  it("is certain to wait, with infinite response, when λ ≥ cμ", () => {
    expect(erlangC(4, 4)).toBe(1);
    expect(mmcMeanResponse(40, 10, 4)).toBe(Infinity);
  });
});

describe("Student's t", () => {
  it("reads the 95 % table for small df", () => {
    expect(tCritical95(1)).toBe(12.706);
    expect(tCritical95(10)).toBe(2.228);
    expect(tCritical95(30)).toBe(2.042);
  });

  it("approximates larger df to within 1e-3, tending to z = 1.96", () => {
    // Reference values of t(0.975, df) from R's qt().
    expect(tCritical95(31)).toBeCloseTo(2.039513, 3);
    expect(tCritical95(40)).toBeCloseTo(2.021075, 3);
    expect(tCritical95(60)).toBeCloseTo(2.000298, 3);
    expect(tCritical95(120)).toBeCloseTo(1.97993, 3);
    expect(tCritical95(1e6)).toBeCloseTo(1.959964, 4);
  });

  it("gives mean ± t·sd/√n for a sample", () => {
    const r = meanConfidence([1, 2, 3, 4, 5]);
    expect(r.n).toBe(5);
    expect(r.mean).toBe(3);
    expect(r.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(r.halfWidth).toBeCloseTo((2.776 * Math.sqrt(2.5)) / Math.sqrt(5), 12);
  });

  it("has no half-width for fewer than two values", () => {
    expect(meanConfidence([7])).toEqual({ mean: 7, halfWidth: NaN, n: 1, sd: NaN });
    expect(meanConfidence([]).halfWidth).toBeNaN();
  });
});
