// Adaptive mode's client-side rate limiter (docs/aws-behaviour.md#sdk-adaptive-retries): the
// rules as the AWS SDKs implement them, with their constants (β 0.7, C 0.4, smoothing 0.8, a
// fill rate of at least 0.5 tokens a second and a bucket of at least 1 token).
import { describe, expect, it } from "vitest";
import { Simulation } from "../engine/simulation";
import { AdaptiveRate, cubeRoot } from "./adaptive-rate";
import { HeldAttempts } from "./held-attempts";

const SDK = { beta: 0.7, scaleConstant: 0.4, smoothing: 0.8, minFillRate: 0.5, minCapacity: 1 };

/** Client 0 gets `perSecond` answers a second, none throttling, from `from` to `to` (k/perSecond). */
function answer(rate: AdaptiveRate, perSecond: number, from: number, to: number): void {
  for (let k = Math.ceil(from * perSecond); k / perSecond < to; k++) rate.update(0, k / perSecond, false);
}

describe("adaptive rate limiting", () => {
  it("holds no attempt back until the first throttling answer", () => {
    const rate = new AdaptiveRate(1, SDK);
    answer(rate, 10, 0, 30);
    for (let k = 0; k < 100; k++) expect(rate.tryAcquire(0, 30)).toBe(true);
    expect(rate.sendRate).toBeNaN();
  });

  it("measures the answers a second in half-second buckets, smoothed: 10 a second reads as 10", () => {
    const rate = new AdaptiveRate(1, SDK);
    answer(rate, 10, 0.1, 30);
    // A throttle sets the rate to β times the measured rate: 0.7 · 10.
    rate.update(0, 30.05, true);
    expect(rate.rateOf(0)).toBeCloseTo(7, 9);
    expect(rate.sendRate).toBeCloseTo(7, 9);
    expect(rate.limitedClients).toBe(1);
  });

  it("recovers along the cubic C·(t − K)³ + R, back to the rate R it had at the throttle after K = ∛(R·(1 − β)/C)", () => {
    const rate = new AdaptiveRate(1, SDK);
    answer(rate, 10, 0.1, 30);
    rate.update(0, 30.05, true);
    const R = 10;
    const K = Math.cbrt((R * (1 - 0.7)) / 0.4);
    let last = 30.1;
    const at = (t: number) => {
      // Answers go on at 10 a second, so the measured rate stays 10 and the cap of twice it (20)
      // stays out of the way until the cubic passes it.
      answer(rate, 10, last, 30.05 + t);
      last = 30.05 + t;
      rate.update(0, 30.05 + t, false);
      return rate.rateOf(0);
    };
    expect(at(0.5)).toBeCloseTo(0.4 * (0.5 - K) ** 3 + R, 6);
    expect(at(K)).toBeCloseTo(R, 6);
    expect(at(K + 2)).toBeCloseTo(0.4 * 2 ** 3 + R, 6);
  });

  it("never sets a rate above twice the measured rate", () => {
    const rate = new AdaptiveRate(1, SDK);
    answer(rate, 10, 0.1, 30);
    rate.update(0, 30.05, true);
    answer(rate, 10, 30.1, 60);
    // The cubic is at 0.4 · (30 − 1.96)³ + 10 ≈ 8,800 by now; twice the measured rate is 20.
    expect(rate.rateOf(0)).toBeCloseTo(20, 6);
  });

  it("takes β times the lesser of the measured and the fill rate at a later throttle", () => {
    const rate = new AdaptiveRate(1, SDK);
    answer(rate, 10, 0.1, 30);
    rate.update(0, 30.05, true); // fill rate 7, measured 10
    rate.update(0, 30.07, true);
    expect(rate.rateOf(0)).toBeCloseTo(0.7 * 7, 9);
  });

  it("delays attempts while the bucket is empty, one every 1/fill rate in the order they came, and drops none", () => {
    const sim = new Simulation();
    const rate = new AdaptiveRate(1, SDK);
    answer(rate, 10, 0.1, 30);
    rate.update(0, 30.05, true);
    const fill = rate.rateOf(0); // 7 tokens a second; the bucket holds at most 7
    const sentAt: number[] = [];
    const sentOrder: number[] = [];
    const held = new HeldAttempts(sim, rate, (l) => {
      sentAt.push(sim.now);
      sentOrder.push(l);
    });
    const start = sim.on("start", () => {
      for (let l = 0; l < 30; l++) held.offer(0, l);
    });
    sim.scheduleAt(30.05, start);
    sim.runUntil(100);
    expect(sentOrder).toEqual(Array.from({ length: 30 }, (_, l) => l));
    const atOnce = sentAt.filter((t) => t === 30.05).length;
    expect(atOnce).toBeLessThanOrEqual(7);
    for (let k = atOnce + 1; k < 30; k++) expect(sentAt[k] - sentAt[k - 1]).toBeCloseTo(1 / fill, 9);
  });

  it("lets waiting attempts go sooner when the rate rises while they wait", () => {
    const lastSent = (rises: boolean) => {
      const sim = new Simulation();
      const rate = new AdaptiveRate(1, SDK);
      rate.update(0, 0.6, false);
      for (let k = 1; k <= 20; k++) rate.update(0, k, true); // down to 0.5 a second
      const sentAt: number[] = [];
      const held = new HeldAttempts(sim, rate, () => sentAt.push(sim.now));
      const start = sim.on("start", () => {
        for (let l = 0; l < 3; l++) held.offer(0, l);
      });
      const faster = sim.on("faster", () => {
        // Answers at 20 a second for a second raise the measured rate, and the cubic the fill rate.
        for (let k = 1; k <= 20; k++) rate.update(0, 22 + k / 20, false);
        held.rateChanged(0);
      });
      sim.scheduleAt(20, start);
      if (rises) sim.scheduleAt(23, faster);
      sim.runUntil(100);
      expect(sentAt.length).toBe(3);
      return sentAt[2];
    };
    // At 0.5 a second the three leave 2 s apart: the last at 24 (the bucket held one token at 20).
    expect(lastSent(false)).toBeCloseTo(24, 9);
    // Once the rate rises at 23 s the bucket holds a token already: the last leaves then, a second early.
    expect(lastSent(true)).toBeCloseTo(23, 9);
  });

  it("fills the bucket at no less than 0.5 tokens a second, however low the rate falls", () => {
    const rate = new AdaptiveRate(1, SDK);
    rate.update(0, 0.6, false);
    for (let k = 1; k <= 20; k++) rate.update(0, k, true);
    expect(rate.rateOf(0)).toBe(0.5);
    // Once a token is taken, the next is due in 1/0.5 = 2 s.
    expect(rate.tryAcquire(0, 100)).toBe(true);
    expect(rate.tryAcquire(0, 100)).toBe(false);
    expect(rate.waitFor(0, 100)).toBeCloseTo(2, 9);
  });
});

describe("cube roots from arithmetic alone", () => {
  it("agree with Math.cbrt to the last bit or so, from 1e-12 to 1e12", () => {
    for (let k = -120; k <= 120; k++) {
      const x = 1.37 * 10 ** (k / 10);
      expect(Math.abs(cubeRoot(x) / Math.cbrt(x) - 1)).toBeLessThan(4e-16);
    }
    expect(cubeRoot(0)).toBe(0);
    expect(cubeRoot(27)).toBe(3);
  });
});
