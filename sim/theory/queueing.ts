// Closed forms from queueing theory, used by theory tests and shown beside simulated results.
// Notation: arrival rate λ, service rate per server μ, servers c, offered load a = λ/μ,
// utilisation ρ = λ/(cμ). Unstable systems (ρ ≥ 1) have infinite means.

/** M/M/1 mean response (sojourn) time: W = 1/(μ − λ); Infinity when λ ≥ μ. */
export function mm1MeanResponse(lambda: number, mu: number): number {
  return lambda >= mu ? Infinity : 1 / (mu - lambda);
}

/** M/M/1 mean number in system: L = ρ/(1 − ρ) with ρ = λ/μ; Infinity when ρ ≥ 1. */
export function mm1MeanInSystem(lambda: number, mu: number): number {
  const rho = lambda / mu;
  return rho >= 1 ? Infinity : rho / (1 - rho);
}

/**
 * Erlang C: the probability an arrival to an M/M/c queue waits, with offered load a = λ/μ.
 *
 * C(c, a) = c·B(c, a) / (c − a·(1 − B(c, a))), where Erlang B comes from the recurrence
 * B(0, a) = 1, B(k, a) = a·B(k−1, a) / (k + a·B(k−1, a)). The recurrence avoids the factorials
 * and powers of the textbook form, which overflow for large c. Returns 1 when a ≥ c.
 */
export function erlangC(c: number, a: number): number {
  if (a >= c) return 1;
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return (c * b) / (c - a * (1 - b));
}

/** M/M/c mean wait in queue: Wq = C(c, a)/(cμ − λ); Infinity when λ ≥ cμ. */
export function mmcMeanWait(lambda: number, mu: number, c: number): number {
  if (lambda >= c * mu) return Infinity;
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

/** M/M/c mean response time: W = C(c, a)/(cμ − λ) + 1/μ; Infinity when λ ≥ cμ. */
export function mmcMeanResponse(lambda: number, mu: number, c: number): number {
  return mmcMeanWait(lambda, mu, c) + 1 / mu;
}

/** Little's law: L = λW. */
export function littleL(lambda: number, w: number): number {
  return lambda * w;
}

/** Two-sided 95 % Student's t critical values t(0.975, df) for df = 1..30. */
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** z(0.975), the standard normal two-sided 95 % critical value. */
const Z975 = 1.959963984540054;

/**
 * Student's t critical value for a two-sided 95 % interval with df degrees of freedom.
 *
 * For df ≤ 30 it reads a table (fractional df round down, which widens the interval); above that
 * it uses the Cornish–Fisher expansion of t in powers of 1/df around z = 1.95996, within
 * 1e-6 of the exact value from df = 31 on. df < 1 is a bug and throws.
 */
export function tCritical95(df: number): number {
  if (!(df >= 1)) throw new RangeError(`degrees of freedom must be >= 1, got ${df}`);
  if (df <= 30) return T95[Math.floor(df) - 1];
  const z = Z975;
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/**
 * Sample mean, sample standard deviation (n − 1 denominator) and the 95 % confidence half-width
 * t(0.975, n − 1)·sd/√n. With fewer than 2 values sd and halfWidth are NaN (and mean is NaN if
 * there are none).
 */
export function meanConfidence(values: readonly number[]): {
  mean: number;
  halfWidth: number;
  n: number;
  sd: number;
} {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n < 2) return { mean, halfWidth: NaN, n, sd: NaN };
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  return { mean, halfWidth: (tCritical95(n - 1) * sd) / Math.sqrt(n), n, sd };
}

/**
 * Erlang B: the probability that an arrival finds all c servers busy in an M/M/c/c loss system
 * with offered load a = λ/μ, by the stable recurrence B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)).
 */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * Exact mean value analysis of a closed system (the machine-repairman model): N users, each
 * thinking for a mean of Z, then queueing at one FCFS server with exponential service of mean S.
 * R(n) = S·(1 + Q(n − 1)), X(n) = n / (R(n) + Z), Q(n) = X(n)·R(n), from Q(0) = 0. Returns the mean
 * response time R(N) and the throughput X(N).
 */
export function mvaSingleServer(
  users: number,
  service: number,
  think: number,
): { response: number; throughput: number } {
  let queue = 0;
  let response = 0;
  let throughput = 0;
  for (let n = 1; n <= users; n++) {
    response = service * (1 + queue);
    throughput = n / (response + think);
    queue = throughput * response;
  }
  return { response, throughput };
}
