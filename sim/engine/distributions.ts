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

/**
 * A sampler for `spec` drawing from `rng`. Specs are validated where they are read; an
 * infeasible lognormal reaching here is a bug and throws.
 */
export function sampler(spec: DistributionSpec, rng: Rng): Sampler {
  switch (spec.distribution) {
    case "constant": {
      const mean = spec.mean;
      return () => mean;
    }
    case "exponential": {
      const mean = spec.mean;
      // Inversion; 1 - u lies in (0, 1], so the logarithm is finite.
      return () => -mean * Math.log(1 - rng());
    }
    case "lognormal": {
      const params = lognormalParams(spec.mean, spec.p99);
      if (params === null) {
        throw new RangeError(`infeasible lognormal: mean ${spec.mean}, p99 ${spec.p99}`);
      }
      const { mu, sigma } = params;
      const normal = standardNormal(rng);
      return () => Math.exp(mu + sigma * normal());
    }
    case "uniform": {
      const min = spec.min;
      const width = spec.max - spec.min;
      return () => min + width * rng();
    }
  }
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
  const logRatio = Math.log(p99 / mean);
  const discriminant = Z99 * Z99 - 2 * logRatio;
  if (discriminant < 0) return null;
  // z99 - sqrt(d), rewritten to avoid cancellation when p99 is close to the mean.
  const sigma = (2 * logRatio) / (Z99 + Math.sqrt(discriminant));
  return { mu: Math.log(mean) - (sigma * sigma) / 2, sigma };
}

/** Box–Muller: each pair of uniforms yields two normals; the second is kept for the next call. */
function standardNormal(rng: Rng): () => number {
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - rng()));
    const angle = 2 * Math.PI * rng();
    spare = radius * Math.sin(angle);
    hasSpare = true;
    return radius * Math.cos(angle);
  };
}
