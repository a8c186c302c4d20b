import { describe, it, expect } from "vitest";
import { RandomStreams } from "./random";
import {
  lognormalParams,
  meanOf,
  normalQuantile,
  quantile,
  sampler,
  Z99,
  type DistributionSpec,
} from "./distributions";

const SEEDS = [1, 2, 3];
const N = 200_000;

function draw(spec: DistributionSpec, seed: number): Float64Array {
  const next = sampler(spec, new RandomStreams(seed).stream("distributions/test"));
  const values = new Float64Array(N);
  for (let i = 0; i < N; i++) values[i] = next();
  return values;
}

function average(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

describe("sampler", () => {
  it("always returns the mean of a constant", () => {
    const next = sampler({ distribution: "constant", mean: 0.3 }, () => 0.5);
    expect([next(), next()]).toEqual([0.3, 0.3]);
  });

  // The standard error of a sample mean is sd/sqrt(N); for N = 200k and the coefficients of
  // variation below (1 for the exponential, about 0.9 for lognormal p99/mean = 4, 0.58 for
  // uniform) a 1 % tolerance is more than four standard errors.
  const cases: DistributionSpec[] = [
    { distribution: "exponential", mean: 0.05 },
    { distribution: "lognormal", mean: 0.05, p99: 0.2 },
    { distribution: "uniform", min: 0, max: 2 },
  ];
  for (const spec of cases) {
    it(`draws ${spec.distribution} samples whose mean is within 1 % of meanOf`, () => {
      const mean = meanOf(spec);
      for (const seed of SEEDS) {
        expect(Math.abs(average(draw(spec, seed)) / mean - 1)).toBeLessThan(0.01);
      }
    });
  }

  it("draws lognormal samples whose 99th percentile is within 3 % of the requested p99", () => {
    // The quantile's standard error is sqrt(p(1-p)/N)/f(p99), about 0.6 % of p99 here.
    const spec: DistributionSpec = { distribution: "lognormal", mean: 0.05, p99: 0.2 };
    for (const seed of SEEDS) {
      const sorted = draw(spec, seed).sort();
      const p99 = sorted[Math.floor(0.99 * N)];
      expect(Math.abs(p99 / spec.p99 - 1)).toBeLessThan(0.03);
    }
  });

  it("keeps uniform samples within [min, max)", () => {
    const values = draw({ distribution: "uniform", min: 2, max: 5 }, 1);
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBeGreaterThanOrEqual(2);
    expect(max).toBeLessThan(5);
  });

  it("throws on an infeasible lognormal, which validation should have caught", () => {
    expect(() => sampler({ distribution: "lognormal", mean: 1, p99: 0.5 }, () => 0.5)).toThrow(RangeError);
  });
});

describe("lognormalParams", () => {
  it("reproduces the requested mean and p99", () => {
    const { mu, sigma } = lognormalParams(0.05, 0.2)!;
    expect(Math.exp(mu + (sigma * sigma) / 2)).toBeCloseTo(0.05, 12);
    expect(Math.exp(mu + Z99 * sigma)).toBeCloseTo(0.2, 12);
  });

  it("picks the smaller root, so the distribution is the least spread one", () => {
    const { sigma } = lognormalParams(1, 3)!;
    expect(sigma).toBeLessThan(Z99);
  });

  it("returns null when p99 <= mean or p99/mean > exp(z99^2/2)", () => {
    const limit = Math.exp((Z99 * Z99) / 2);
    expect(lognormalParams(1, 1)).toBeNull();
    expect(lognormalParams(1, 0.5)).toBeNull();
    expect(lognormalParams(1, limit * 1.001)).toBeNull();
    expect(lognormalParams(0, 1)).toBeNull();
    expect(lognormalParams(1, NaN)).toBeNull();
    expect(lognormalParams(1, limit * 0.999)).not.toBeNull();
  });
});

describe("normalQuantile", () => {
  it("inverts the standard normal CDF at known points (to 1e-8)", () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 8);
    expect(normalQuantile(0.99)).toBeCloseTo(Z99, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-Z99, 8);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 6);
  });

  it("is increasing and finite over [0, 1)", () => {
    let last = -Infinity;
    for (let u = 0; u < 1; u += 1 / 4096) {
      const z = normalQuantile(u);
      expect(Number.isFinite(z)).toBe(true);
      expect(z).toBeGreaterThan(last);
      last = z;
    }
  });
});

describe("quantile", () => {
  it("maps the same u to the same quantile of each distribution", () => {
    expect(quantile({ distribution: "exponential", mean: 2 })(1 - Math.exp(-1))).toBeCloseTo(2, 12);
    expect(quantile({ distribution: "uniform", min: 1, max: 3 })(0.25)).toBe(1.5);
    expect(quantile({ distribution: "constant", mean: 0.04 })(0.9)).toBe(0.04);
    expect(quantile({ distribution: "lognormal", mean: 0.04, p99: 0.3 })(0.99)).toBeCloseTo(0.3, 8);
  });
});
