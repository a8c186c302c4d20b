// The AWS SDKs' adaptive retry mode's client-side rate limiter, one per client as an SDK client
// holds one (docs/aws-behaviour.md#sdk-adaptive-retries). Each client has a token bucket that an
// attempt takes one token from; while the bucket is empty the attempt waits (it is delayed, never
// dropped). The bucket is off until the first throttling answer. Its fill rate follows CUBIC:
// after a throttle at measured send rate R it drops to β·R, then grows as
//   rate(t) = C·(t − K)³ + R,  K = ∛(R·(1 − β)/C),
// t the time since that throttle — back to R at t = K, faster beyond — never above twice the
// measured rate nor below the minimum fill rate. The measured rate is the answers per second the
// client got, counted in half-second buckets and smoothed (new = s·bucket's + (1 − s)·old).
//
// An attempt that finds the bucket short waits in line for a token (held-attempts.ts).
import type { AdaptiveLimiter } from "../scenario/defaults";

export class AdaptiveRate {
  private readonly fillRate: Float64Array;
  private readonly maxCapacity: Float64Array;
  /** Tokens in the bucket. */
  private readonly level: Float64Array;
  private readonly lastRefill: Float64Array;
  /** CUBIC's R (the rate at the last throttle), K and that throttle's time. */
  private readonly lastMaxRate: Float64Array;
  private readonly timeWindow: Float64Array;
  private readonly lastThrottle: Float64Array;
  /** The measured rate, the answers counted in the current half-second and its start. */
  private readonly measured: Float64Array;
  private readonly counted: Float64Array;
  private readonly lastBucket: Float64Array;
  private readonly enabled: Uint8Array;
  /** Clients whose bucket is on, and the sum of their fill rates (kept as they change). */
  limitedClients = 0;
  private limitedRate = 0;

  constructor(
    clients: number,
    private readonly settings: AdaptiveLimiter,
  ) {
    const filled = (value: number) => new Float64Array(clients).fill(value);
    this.fillRate = filled(settings.minFillRate);
    this.maxCapacity = filled(settings.minCapacity);
    this.level = filled(0);
    this.lastRefill = filled(0);
    this.lastMaxRate = filled(0);
    this.timeWindow = filled(0);
    this.lastThrottle = filled(0);
    this.measured = filled(0);
    this.counted = filled(0);
    this.lastBucket = filled(0);
    this.enabled = new Uint8Array(clients);
  }

  /** Takes one of client c's tokens for an attempt now if it has one (always, while its bucket is off). */
  tryAcquire(c: number, now: number): boolean {
    if (!this.enabled[c]) return true;
    this.refill(c, now);
    // A token refilled to the instant it is due may fall short of 1 by a rounding error.
    if (this.level[c] < 1 - 1e-9) return false;
    this.level[c] = Math.max(0, this.level[c] - 1);
    return true;
  }

  /** Seconds until client c's bucket holds a token, at its fill rate now. */
  waitFor(c: number, now: number): number {
    this.refill(c, now);
    return Math.max(0, (1 - this.level[c]) / this.fillRate[c]);
  }

  /** One of client c's attempts ended now; `throttled`: its answer counts as throttling. */
  update(c: number, now: number, throttled: boolean): void {
    const s = this.settings;
    this.measure(c, now);
    const measured = this.measured[c];
    let rate: number;
    if (throttled) {
      const before = this.enabled[c] ? Math.min(measured, this.fillRate[c]) : measured;
      this.lastMaxRate[c] = before;
      this.timeWindow[c] = cubeRoot((before * (1 - s.beta)) / s.scaleConstant);
      this.lastThrottle[c] = now;
      rate = before * s.beta;
      if (!this.enabled[c]) {
        this.enabled[c] = 1;
        this.limitedClients++;
        this.limitedRate += this.fillRate[c];
      }
    } else {
      // t·t·t, not t ** 3: multiplication rounds the same in every engine, pow need not.
      const t = now - this.lastThrottle[c] - this.timeWindow[c];
      rate = s.scaleConstant * t * t * t + this.lastMaxRate[c];
    }
    this.setRate(c, now, Math.min(rate, 2 * measured));
  }

  /** The sum of the fill rates of the clients whose bucket is on (NaN while none is). */
  get sendRate(): number {
    return this.limitedClients === 0 ? Number.NaN : this.limitedRate;
  }

  /** Client c's fill rate (tokens a second). */
  rateOf(c: number): number {
    return this.fillRate[c];
  }

  private setRate(c: number, now: number, rate: number): void {
    // Fill at the old rate up to now before the new one applies (the bucket fills while off too).
    this.refill(c, now);
    const fill = Math.max(rate, this.settings.minFillRate);
    if (this.enabled[c]) this.limitedRate += fill - this.fillRate[c];
    this.fillRate[c] = fill;
    this.maxCapacity[c] = Math.max(rate, this.settings.minCapacity);
    this.level[c] = Math.min(this.level[c], this.maxCapacity[c]);
  }

  private refill(c: number, now: number): void {
    const level = this.level[c] + (now - this.lastRefill[c]) * this.fillRate[c];
    this.level[c] = Math.min(this.maxCapacity[c], level);
    this.lastRefill[c] = now;
  }

  private measure(c: number, now: number): void {
    const bucket = Math.floor(now * 2) / 2;
    this.counted[c]++;
    if (bucket > this.lastBucket[c]) {
      const rate = this.counted[c] / (bucket - this.lastBucket[c]);
      const s = this.settings.smoothing;
      this.measured[c] = rate * s + this.measured[c] * (1 - s);
      this.counted[c] = 0;
      this.lastBucket[c] = bucket;
    }
  }
}

/**
 * ∛x for x ≥ 0 from IEEE arithmetic alone: Math.cbrt and pow may round differently in Node and
 * in a browser, and the dashboard's run must give the CLI's digest. x = m·8^e with m in [1, 8)
 * (exact: scaling by 8 only moves the exponent), then a fixed count of Newton steps for ∛m from
 * 1.5, which is within a factor of 2 of it, so converges well before the count runs out.
 */
export function cubeRoot(x: number): number {
  if (!(x > 0)) return 0;
  if (x === Infinity) return x;
  let m = x;
  let scale = 1;
  while (m >= 8) {
    m /= 8;
    scale *= 2;
  }
  while (m < 1) {
    m *= 8;
    scale /= 2;
  }
  let g = 1.5;
  for (let k = 0; k < 8; k++) g -= (g * g * g - m) / (3 * g * g);
  return g * scale;
}
