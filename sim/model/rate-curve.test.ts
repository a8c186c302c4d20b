// RateCurve: r(t) linear between points, Λ(t) = ∫₀ᵗ r, and `advance` inverting Λ to place arrivals.
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../engine/random";
import type { RatePoint } from "../scenario/defaults";
import { runScenario } from "../run";
import { RateCurve } from "./rate-curve";
import { exponential, SEEDS, seriesValues, testScenario } from "./test-scenario";

/** A ramp up, a plateau, a ramp down to zero, a zero-rate gap, and a ramp up from zero. */
const POINTS: RatePoint[] = [
  { at: 0, rps: 0 },
  { at: 10, rps: 100 },
  { at: 20, rps: 100 },
  { at: 30, rps: 0 },
  { at: 40, rps: 0 },
  { at: 50, rps: 50 },
];
const END = POINTS[POINTS.length - 1];

/** Λ at each point by the trapezoid rule, which is exact for a piecewise-linear rate. */
function trapezoids(points: readonly RatePoint[]): number[] {
  const areas = [0];
  for (let i = 1; i < points.length; i++) {
    areas.push(areas[i - 1] + ((points[i - 1].rps + points[i].rps) / 2) * (points[i].at - points[i - 1].at));
  }
  return areas;
}

/**
 * ∫₀ᵗ r by the midpoint rule on each linear piece between the points (and past the last), where
 * the midpoint rule is exact; a check of Λ that does not use the trapezoid areas.
 */
function integrate(curve: RateCurve, t: number): number {
  const breaks = [0, ...POINTS.map((p) => p.at).filter((at) => at > 0 && at < t), t];
  let sum = 0;
  for (let i = 1; i < breaks.length; i++) {
    const [a, b] = [breaks[i - 1], breaks[i]];
    sum += curve.rate((a + b) / 2) * (b - a);
  }
  return sum;
}

/** Evenly spaced times from `from` to `to`, inclusive. */
function grid(from: number, to: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
}

describe("RateCurve", () => {
  const curve = new RateCurve(POINTS);

  it("is linear between points and constant after the last", () => {
    expect(curve.rate(5)).toBeCloseTo(50, 12);
    expect(curve.rate(25)).toBeCloseTo(50, 12);
    expect(curve.rate(35)).toBe(0);
    expect(curve.rate(END.at + 1000)).toBe(END.rps);
  });

  it("has Λ at each point equal to the trapezoid area before it", () => {
    const areas = trapezoids(POINTS);
    POINTS.forEach((p, i) => {
      expect(curve.cumulative(p.at)).toBeCloseTo(areas[i], 9);
    });
  });

  it("has Λ(t) equal to the integral of r(t) between points and past the last one", () => {
    for (const t of grid(0, END.at + 20, 37)) expect(curve.cumulative(t)).toBeCloseTo(integrate(curve, t), 9);
  });

  it("advances to where Λ has grown by the amount: Λ(advance(t, a)) = Λ(t) + a", () => {
    for (const t of grid(0, END.at + 10, 31)) {
      for (const amount of [1e-3, 0.5, 7, 300, 1999]) {
        const later = curve.advance(t, amount);
        expect(later).toBeGreaterThanOrEqual(t);
        expect(curve.cumulative(later) - curve.cumulative(t)).toBeCloseTo(amount, 6);
      }
    }
  });

  it("inverts Λ: advance(t, Λ(t′) − Λ(t)) = t′ wherever the rate is above zero", () => {
    const positive = grid(0.1, END.at + 10, 200).filter((t) => curve.rate(t) > 0);
    for (const t of [0, 5, 15, 29, 35]) {
      for (const later of positive.filter((u) => u > t)) {
        expect(curve.advance(t, curve.cumulative(later) - curve.cumulative(t))).toBeCloseTo(later, 6);
      }
    }
  });

  it("skips a zero-rate segment: nothing arrives while the rate is 0", () => {
    const [zeroFrom, zeroTo] = [POINTS[3].at, POINTS[4].at];
    for (const t of [zeroFrom, (zeroFrom + zeroTo) / 2]) {
      for (const amount of [1e-6, 1, 10]) expect(curve.advance(t, amount)).toBeGreaterThan(zeroTo);
    }
    // From before the gap, an amount beyond what is left before it lands after the gap.
    const before = zeroFrom - 1;
    const left = curve.cumulative(zeroFrom) - curve.cumulative(before);
    expect(curve.advance(before, left * 0.5)).toBeLessThan(zeroFrom);
    expect(curve.advance(before, left + 1e-6)).toBeGreaterThan(zeroTo);
  });

  it("never arrives again once the rate stays at zero (Infinity)", () => {
    const fading = new RateCurve([
      { at: 0, rps: 10 },
      { at: 10, rps: 0 },
    ]);
    const total = fading.cumulative(10);
    expect(fading.advance(0, total * 0.99)).toBeLessThan(10);
    expect(fading.advance(0, total * 1.01)).toBe(Infinity);
    expect(fading.advance(20, 1)).toBe(Infinity);
  });

  it("is a constant rate r with one point: advance(t, a) = t + a/r", () => {
    const flat = new RateCurve([{ at: 0, rps: 4 }]);
    expect(flat.advance(3, 2)).toBeCloseTo(3 + 2 / 4, 12);
    expect(flat.cumulative(10)).toBeCloseTo(40, 12);
    expect(new RateCurve([{ at: 0, rps: 0 }]).advance(0, 1)).toBe(Infinity);
  });

  it("holds the first point's rate before it", () => {
    const late = new RateCurve([
      { at: 10, rps: 20 },
      { at: 20, rps: 40 },
    ]);
    expect(late.rate(0)).toBe(20);
    expect(late.advance(0, 100)).toBeCloseTo(100 / 20, 12);
    expect(late.cumulative(late.advance(0, 300)) - late.cumulative(0)).toBeCloseTo(300, 9);
  });

  it("places a Poisson process on a ramp: arrivals in [0, T] number Λ(T) ± 4√Λ(T), per bucket as well", () => {
    // r(t) rising 0 → 200/s over 100 s: Λ(100) = 10 000 arrivals. Advancing by Exp(1) draws is
    // an exact non-homogeneous Poisson process, so the count in any window is Poisson with mean
    // Λ over the window: tolerance 4 standard deviations (√mean) per window, in every seed.
    const ramp = new RateCurve([
      { at: 0, rps: 0 },
      { at: 100, rps: 200 },
    ]);
    const horizon = 100;
    const buckets = 10;
    for (const seed of SEEDS) {
      const draw = new RandomStreams(seed).stream("arrivals");
      const counts = new Array<number>(buckets).fill(0);
      for (let t = ramp.advance(0, -Math.log(1 - draw())); t <= horizon; t = ramp.advance(t, -Math.log(1 - draw()))) {
        counts[Math.min(buckets - 1, Math.floor((t / horizon) * buckets))]++;
      }
      const total = counts.reduce((a, b) => a + b, 0);
      const expected = ramp.cumulative(horizon);
      expect(Math.abs(total - expected)).toBeLessThan(4 * Math.sqrt(expected));
      counts.forEach((count, k) => {
        const window = ramp.cumulative(((k + 1) * horizon) / buckets) - ramp.cumulative((k * horizon) / buckets);
        expect(Math.abs(count - window)).toBeLessThan(4 * Math.sqrt(window));
      });
    }
  });

  it("drives a client group's arrivals: RequestCount per bucket follows Λ over the bucket", () => {
    // The same check through the whole request path: a ramp 0 → 200/s over 100 s, then 200/s,
    // 10 s buckets, the lb's RequestCount per bucket within 4√mean of Λ over the bucket.
    const rate: RatePoint[] = [
      { at: 0, rps: 0 },
      { at: 100, rps: 200 },
    ];
    const ramp = new RateCurve(rate);
    for (const seed of SEEDS.slice(0, 3)) {
      const scenario = testScenario(
        {
          duration: 150,
          targets: [{ zone: "a", concurrency: 100, serviceTime: exponential(0.01) }],
          clients: [{ name: "c", rate }],
        },
        { seed },
      );
      const { timeseries } = runScenario(scenario);
      const counts = seriesValues(timeseries, "RequestCount", "lb");
      expect(counts).toHaveLength(scenario.duration / scenario.metricsInterval);
      counts.forEach((count, k) => {
        const from = k * timeseries.interval;
        const window = ramp.cumulative(from + timeseries.interval) - ramp.cumulative(from);
        expect(Math.abs(count - window)).toBeLessThan(4 * Math.sqrt(window));
      });
    }
  });
});
