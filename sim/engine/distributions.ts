import { exp, log } from "./math";
import type { Rng } from "./random";

/** A random quantity as a scenario describes it; times are in seconds. */
export type DistributionSpec =
  | { distribution: "constant"; mean: number }
  | { distribution: "exponential"; mean: number }
  /** Described by its mean and 99th percentile, the two numbers a latency SLO usually gives. */
  | { distribution: "lognormal"; mean: number; p99: number }
  | { distribution: "uniform"; min: number; max: number };

/** Draws one value per call. */
export type Sampler = () => number;

/** The 99th percentile of the standard normal distribution. */
export const Z99 = 2.3263478740408408;

/** Maps a uniform u in [0, 1) to a value of the distribution (its inverse CDF). */
export type Quantile = (u: number) => number;

/**
 * The inverse CDF of `spec`. Drawing by inversion lets a caller fix a request's quantile once
 * (its "size") and apply it on whichever target serves it, so variants of a scenario see the
 * same work as well as the same arrivals (common random numbers, synchronised). Specs are
 * validated where they are read; an infeasible lognormal reaching here is a bug and throws.
 */
export function quantile(spec: DistributionSpec): Quantile {
  switch (spec.distribution) {
    case "constant": {
      const mean = spec.mean;
      return () => mean;
    }
    case "exponential": {
      const mean = spec.mean;
      // 1 - u lies in (0, 1], so the logarithm is finite.
      return (u) => -mean * log(1 - u);
    }
    case "lognormal": {
      const params = lognormalParams(spec.mean, spec.p99);
      if (params === null) {
        throw new RangeError(`infeasible lognormal: mean ${spec.mean}, p99 ${spec.p99}`);
      }
      const { mu, sigma } = params;
      return (u) => exp(mu + sigma * normalQuantile(u));
    }
    case "uniform": {
      const min = spec.min;
      const width = spec.max - spec.min;
      return (u) => min + width * u;
    }
  }
}

/** A sampler for `spec` drawing from `rng`, by inversion. */
export function sampler(spec: DistributionSpec, rng: Rng): Sampler {
  const q = quantile(spec);
  return () => q(rng());
}

/** The expected value of `spec`. */
export function meanOf(spec: DistributionSpec): number {
  return spec.distribution === "uniform" ? (spec.min + spec.max) / 2 : spec.mean;
}

/**
 * Lognormal parameters from mean and 99th percentile: mean = exp(mu + s^2/2),
 * p99 = exp(mu + z99*s), z99 = 2.3263478740408408; s is the smaller root of
 * s^2/2 - z99*s + ln(p99/mean) = 0. Returns null when infeasible (p99 <= mean or
 * p99/mean > exp(z99^2/2)).
 */
export function lognormalParams(mean: number, p99: number): { mu: number; sigma: number } | null {
  if (!(mean > 0 && p99 > mean && p99 < Infinity)) return null;
  const logRatio = log(p99 / mean);
  const discriminant = Z99 * Z99 - 2 * logRatio;
  if (discriminant < 0) return null;
  // z99 - sqrt(d), rewritten to avoid cancellation when p99 is close to the mean.
  const sigma = (2 * logRatio) / (Z99 + Math.sqrt(discriminant));
  return { mu: log(mean) - (sigma * sigma) / 2, sigma };
}

/**
 * The standard normal's inverse CDF by Acklam's rational approximation (relative error below
 * 1.2e-9 over (0, 1)); u = 0 gives -Infinity's stand-in, the smallest double's quantile.
 */
export function normalQuantile(u: number): number {
  const p = Math.min(Math.max(u, Number.MIN_VALUE), 1 - 1e-16);
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * log(p));
    return (
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
    );
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * log(1 - p));
    return (
      -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
}

const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
