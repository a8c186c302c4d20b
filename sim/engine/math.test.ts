import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exp, log, log1p } from "./math";
import { RandomStreams } from "./random";

// docs/design.md#logarithm-and-exponential: the ports give Node's builtins bit for bit (V8's Node
// build uses the same fdlibm algorithms), and nothing in sim/ calls an engine's own.

function spread(seed: number, n: number, scale: (u: number, i: number) => number): number[] {
  const draw = new RandomStreams(seed).stream("math");
  return Array.from({ length: n }, (_, i) => scale(draw(), i));
}

describe("log", () => {
  it("equals Math.log in Node bit for bit over 300,000 arguments from 1e-300 to 1e300", () => {
    const xs = spread(1, 300_000, (u, i) => (i % 3 === 0 ? u : i % 3 === 1 ? 1 - u : 10 ** (600 * u - 300)));
    const differ = xs.filter((x) => !Object.is(log(x), Math.log(x)));
    expect(differ).toEqual([]);
  });

  it("handles the edges as Math.log does: 0, negatives, subnormals, 1, infinity and NaN", () => {
    for (const x of [0, -0, -1, 5e-324, 2.2e-308, 1, 1 + 2 ** -52, 1 - 2 ** -53, Number.MAX_VALUE, Infinity, NaN])
      expect(Object.is(log(x), Math.log(x))).toBe(true);
  });
});

describe("exp", () => {
  it("equals Math.exp in Node bit for bit over 200,000 arguments in [-745, 710]", () => {
    const xs = spread(2, 200_000, (u, i) => (i % 2 === 0 ? 1455 * u - 745 : 40 * u - 20));
    const differ = xs.filter((x) => !Object.is(exp(x), Math.exp(x)));
    expect(differ).toEqual([]);
  });

  it("handles the edges as Math.exp does", () => {
    for (const x of [0, -0, 1, -1, 1e-30, 709.78, 709.79, -745.13, -745.14, -740, Infinity, -Infinity, NaN])
      expect(Object.is(exp(x), Math.exp(x))).toBe(true);
  });
});

describe("log1p", () => {
  it("is within an ulp or two of Math.log1p, exactly so for the histogram's 0.005", () => {
    expect(log1p(0.005)).toBe(Math.log1p(0.005));
    for (const x of spread(3, 10_000, (u) => u * 0.1))
      expect(Math.abs(log1p(x) - Math.log1p(x))).toBeLessThan(3e-16 * x);
    expect(log1p(1e-20)).toBe(1e-20);
  });
});

describe("sim/", () => {
  it("calls no engine-dependent Math function (log, exp, pow, cbrt, trigonometry) and no fractional **", () => {
    const root = join(import.meta.dirname, "..");
    const banned =
      /Math\.(log|log1p|log2|log10|exp|expm1|pow|cbrt|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|hypot)\b/;
    const found: string[] = [];
    for (const name of readdirSync(root, { recursive: true }) as string[]) {
      if (!name.endsWith(".ts") || name.endsWith(".test.ts") || name === join("engine", "math.ts")) continue;
      readFileSync(join(root, name), "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (/^\s*(\/\*|\*)/.test(line)) return; // a doc comment
          const code = line.replace(/\/\/.*$/, "");
          // `2 ** n` (an integer n) and `x ** 2` are exact; a power of any other kind is not.
          const powers = code.match(/(\S+)\s*\*\*\s*(\S+)/g) ?? [];
          const inexact = powers.some((p) => !/^\(?2\s*\*\*/.test(p) && !/\*\*\s*\d+(?![.\d])/.test(p));
          if (banned.test(code) || inexact) found.push(`sim/${name}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});
