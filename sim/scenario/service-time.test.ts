import { describe, expect, test } from "vitest";
import { empirical, parseEmpirical, serviceCdf, serviceQuantile } from "./service-time";

describe("empirical service times", () => {
  const spec = empirical(
    new Map([
      [0.04, 6],
      [0.01, 2],
      [0.3, 2],
    ]),
    "service-times.csv",
  );

  test("a uniform draw gives each service time as often as the sample has it", () => {
    const q = serviceQuantile(spec);
    const draws = Array.from({ length: 1000 }, (_, i) => q((i + 0.5) / 1000));
    expect(draws.filter((s) => s === 0.01)).toHaveLength(200);
    expect(draws.filter((s) => s === 0.04)).toHaveLength(600);
    expect(draws.filter((s) => s === 0.3)).toHaveLength(200);
  });

  test("the CDF finds the quantile that draws each sampled time exactly", () => {
    const q = serviceQuantile(spec);
    const cdf = serviceCdf(spec);
    for (const s of [0.01, 0.04, 0.3]) expect(q(cdf(s))).toBe(s);
    // A time between two sampled ones takes the nearer.
    expect(q(cdf(0.2))).toBe(0.3);
  });

  test("the CDF of the parametric families inverts their quantile", () => {
    for (const family of [
      { distribution: "exponential", mean: 0.05 },
      { distribution: "uniform", min: 0.01, max: 0.09 },
      { distribution: "lognormal", mean: 0.04, p99: 0.3 },
    ] as const) {
      const q = serviceQuantile(family);
      const cdf = serviceCdf(family);
      for (const s of [0.02, 0.05, 0.08]) expect(q(cdf(s))).toBeCloseTo(s, 5);
    }
  });

  test("a seconds,count file is read in any order, each bad row with its line", () => {
    const read = parseEmpirical("count,seconds\n3,0.05\n1,0.01\n", "t.csv");
    expect(read.spec).toMatchObject({ values: [0.01, 0.05], cumulative: [0.25, 1], count: 4 });
    expect(parseEmpirical("seconds,count\n0,1\n0.1,x\n7200,1\n", "t.csv").errors).toEqual([
      { line: 2, message: "seconds must be a service time from 1µs to 1h, got 0" },
      { line: 3, message: "count must be a whole number from 1, got x" },
      { line: 4, message: "seconds must be a service time from 1µs to 1h, got 7200" },
    ]);
    expect(parseEmpirical("seconds,count\n", "t.csv").errors).toEqual([
      { line: 1, message: "has no rows after the header" },
    ]);
  });
});
