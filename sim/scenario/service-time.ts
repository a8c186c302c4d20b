// Service-time distributions as targets draw them: the engine's families (sim/engine/distributions.ts)
// and `empirical`, the distribution of service times measured in a log (docs/design.md#empirical-service-times).
// An empirical distribution is a file of `seconds,count` rows: each service time seen and how many
// requests took it. Its quantile function is the sample's own step function, so a uniform draw
// gives the sample's distribution exactly, and `serviceCdf` finds the quantile at which a given
// service time is drawn: a replayed request carrying that quantile takes exactly its logged time.
import { exp, log } from "../engine/math";
import { type DistributionSpec, lognormalParams, type Quantile, quantile } from "../engine/distributions";
import { columns, csvFields, isNumeric, type LineError, linesOf } from "./csv-fields";
import { excerpt } from "./printable";

/** The service times of a sample: distinct values in increasing order, each with the fraction of requests at or below it. */
export interface EmpiricalSpec {
  distribution: "empirical";
  /** The file it was read from, as the scenario names it. */
  trace: string;
  values: number[];
  cumulative: number[];
  /** Requests in the sample. */
  count: number;
}

export type ServiceTimeSpec = DistributionSpec | EmpiricalSpec;

/** The smallest and largest service time a scenario allows (sim/scenario/schema.ts). */
const SERVICE_TIME = { min: 1e-6, max: 3600 };
/** Distinct service times kept: a log written to the millisecond has at most a few thousand. */
export const MAX_EMPIRICAL_POINTS = 100_000;

const HEADER = "seconds,count";

/** Reads a `seconds,count` file; rows in any order, a service time given twice counted twice. */
export function parseEmpirical(text: string, trace: string): { spec: EmpiricalSpec | null; errors: LineError[] } {
  const errors: LineError[] = [];
  const counts = new Map<number, number>();
  let header: Record<"seconds" | "count", number> | null = null;
  let lines = 0;
  for (const [content, line] of linesOf(text)) {
    lines = line;
    if (errors.length >= 100) break;
    if (content === "" || content.startsWith("#")) continue;
    const cells = csvFields(content) ?? [];
    if (!header) {
      header = columns(cells, { seconds: "seconds", count: "count" });
      if (header.seconds < 0 || header.count < 0)
        errors.push({ line, message: `must start with the header ${HEADER}, got ${excerpt(content)}` });
      if (header.seconds < 0 || header.count < 0) header = { seconds: 0, count: 1 };
      if (!cells.every(isNumeric)) continue;
    }
    const seconds = cells[header.seconds] ?? "";
    const count = cells[header.count] ?? "";
    if (!isNumeric(seconds) || !(Number(seconds) >= SERVICE_TIME.min && Number(seconds) <= SERVICE_TIME.max))
      errors.push({
        line,
        message: `seconds must be a service time from 1µs to 1h, got ${excerpt(seconds || "nothing")}`,
      });
    else if (!/^\d+$/.test(count) || Number(count) < 1 || !Number.isSafeInteger(Number(count)))
      errors.push({ line, message: `count must be a whole number from 1, got ${excerpt(count || "nothing")}` });
    else if (!counts.has(Number(seconds)) && counts.size >= MAX_EMPIRICAL_POINTS)
      errors.push({ line, message: `has more than ${MAX_EMPIRICAL_POINTS} distinct service times` });
    else counts.set(Number(seconds), (counts.get(Number(seconds)) ?? 0) + Number(count));
  }
  if (counts.size === 0 && errors.length === 0)
    errors.push({ line: Math.max(1, lines - 1), message: header ? "has no rows after the header" : "is empty" });
  if (errors.length > 0) return { spec: null, errors };
  return { spec: empirical(counts, trace), errors };
}

/** The distribution of a sample given as service time → how many requests took it. */
export function empirical(counts: ReadonlyMap<number, number>, trace: string): EmpiricalSpec {
  const values = [...counts.keys()].sort((a, b) => a - b);
  const count = values.reduce((n, v) => n + counts.get(v)!, 0);
  let seen = 0;
  const cumulative = values.map((v) => {
    seen += counts.get(v)!;
    return seen / count;
  });
  cumulative[cumulative.length - 1] = 1;
  return { distribution: "empirical", trace, values, cumulative, count };
}

/** The inverse CDF of a service-time distribution: u in [0, 1) to seconds. */
export function serviceQuantile(spec: ServiceTimeSpec): Quantile {
  if (spec.distribution !== "empirical") return quantile(spec);
  const { values, cumulative } = spec;
  // The first value whose cumulative fraction exceeds u.
  return (u) => values[firstAbove(cumulative, u)];
}

/**
 * The quantile u at which `spec` draws `seconds` (its CDF, at the middle of the step for an
 * empirical value), so `serviceQuantile(spec)(serviceCdf(spec)(s))` is s for every value of an
 * empirical sample, and s to rounding for the other families.
 */
export function serviceCdf(spec: ServiceTimeSpec): (seconds: number) => number {
  switch (spec.distribution) {
    case "empirical": {
      const { values, cumulative } = spec;
      return (s) => {
        const k = nearest(values, s);
        return ((k > 0 ? cumulative[k - 1] : 0) + cumulative[k]) / 2;
      };
    }
    case "constant":
      return () => 0.5;
    case "exponential": {
      const mean = spec.mean;
      return (s) => below1(1 - exp(-s / mean));
    }
    case "uniform": {
      const { min, max } = spec;
      return (s) => (max > min ? below1(Math.min(1, Math.max(0, (s - min) / (max - min)))) : 0.5);
    }
    case "lognormal": {
      const { mu, sigma } = lognormalParams(spec.mean, spec.p99)!;
      return (s) => below1(normalCdf((log(s) - mu) / sigma));
    }
  }
}

/** A service-time distribution in words: `empirical (service-times.csv, 12,000 requests)`. */
export function empiricalText(spec: EmpiricalSpec): string {
  return `empirical (${spec.trace}, ${spec.count.toLocaleString("en-US")} requests)`;
}

/** Index of the first element of the increasing array greater than x (the last one if none). */
function firstAbove(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the element of the increasing array nearest to x. */
function nearest(sorted: readonly number[], x: number): number {
  const k = firstAbove(sorted, x);
  return k > 0 && Math.abs(sorted[k - 1] - x) <= Math.abs(sorted[k] - x) ? k - 1 : k;
}

/** Quantiles are drawn in [0, 1): a CDF of 1 becomes the largest double below it. */
function below1(u: number): number {
  return u < 1 ? u : 1 - 2 ** -53;
}

/** The standard normal CDF, Φ(z) = erfc(−z/√2)/2, with erfc by Numerical Recipes' Chebyshev fit (error below 1.2e-7). */
function normalCdf(z: number): number {
  const x = -z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y =
    t *
    exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  const erfc = x >= 0 ? y : 2 - y;
  return erfc / 2;
}
