// When a client retries, and after how long (docs/design.md#client-retries):
// - `fixed`: up to `attempts` in all, after `delay` (constant) or delay·2^(k−1) (exponential),
//   capped at `maxDelay`, optionally with full jitter (a uniform draw in [0, delay]).
// - `aws-standard`: the AWS SDKs' standard mode (docs/aws-behaviour.md#sdk-retries): three
//   attempts, a backoff of b·2^k·baseDelay with b uniform in [0, 1) capped at 20 s, and a retry
//   quota per client — a bucket of 500 tokens; a retry costs 5 (10 after a timeout); a success
//   returns what its last retry cost, or 1 when it needed none.
// - `aws-adaptive`: standard mode and a client-side rate limiter (adaptive-rate.ts,
//   docs/aws-behaviour.md#sdk-adaptive-retries) that every attempt passes.
import type { Rng } from "../engine/random";
import type { RetrySettings } from "../scenario/defaults";
import { AdaptiveRate } from "./adaptive-rate";

/** A connect timeout is retried and throttles as a connection error (docs/design.md#connect-timeout). */
function kind(outcome: string): string {
  return outcome === "connect_timeout" ? "connection_error" : outcome;
}

export class RetryPolicy {
  /** Per client: retry-quota tokens left (aws-standard only), allocated on first use. */
  private tokens = new Float64Array(0);
  /** Tokens left over every client, kept as they change (a gauge reads it each bucket). */
  private total = Number.NaN;
  private readonly retryable: Set<string>;
  private readonly throttling: Set<string>;
  private readonly quotaTokens: number;
  /** The clients' rate limiters (aws-adaptive only). */
  readonly rate: AdaptiveRate | null;

  constructor(
    private readonly settings: RetrySettings,
    private readonly clients: number,
    private readonly jitter: Rng,
  ) {
    this.retryable = new Set(settings.policy === "none" ? [] : settings.on);
    this.throttling = new Set(settings.policy === "aws-adaptive" ? settings.throttling : []);
    this.quotaTokens =
      settings.policy === "aws-standard" || settings.policy === "aws-adaptive" ? settings.quota.tokens : 0;
    this.rate = settings.policy === "aws-adaptive" ? new AdaptiveRate(clients, settings.limiter) : null;
  }

  get maxAttempts(): number {
    return this.settings.policy === "none" ? 1 : this.settings.attempts;
  }

  /**
   * Whether client c retries after attempt `attempt` (1 = the first) failed with `reason`, and if
   * so the quota it spends now; -1 when it does not.
   */
  spend(c: number, attempt: number, reason: string): number {
    const s = this.settings;
    if (s.policy === "none" || attempt >= s.attempts || !this.retryable.has(kind(reason))) return -1;
    if (s.policy === "fixed") return 0;
    const tokens = this.quota();
    const cost = reason === "timeout" || reason === "connect_timeout" ? s.quota.timeoutCost : s.quota.cost;
    if (tokens[c] < cost) return -1;
    tokens[c] -= cost;
    this.total -= cost;
    return cost;
  }

  /** A request of client c succeeded; `spent` is what its last retry cost (0: it needed none). */
  succeeded(c: number, spent: number): void {
    const s = this.settings;
    if (s.policy !== "aws-standard" && s.policy !== "aws-adaptive") return;
    const tokens = this.quota();
    const after = Math.min(s.quota.tokens, tokens[c] + (spent > 0 ? spent : s.quota.refund));
    this.total += after - tokens[c];
    tokens[c] = after;
  }

  /** Seconds to wait before attempt `attempt` + 1. */
  delay(attempt: number): number {
    const s = this.settings;
    if (s.policy === "none") return 0;
    if (s.policy !== "fixed") return Math.min(this.jitter() * 2 ** (attempt - 1) * s.baseDelay, s.maxDelay);
    const base = s.backoff === "exponential" ? s.delay * 2 ** (attempt - 1) : s.delay;
    const capped = Math.min(base, s.maxDelay);
    return s.jitter === "full" ? this.jitter() * capped : capped;
  }

  /** One of client c's attempts ended now with `outcome` (adaptive mode's limiter learns from it). */
  ended(c: number, now: number, outcome: string): void {
    this.rate?.update(c, now, this.throttling.has(kind(outcome)));
  }

  /** The mean of the clients' quota tokens (the bucket's level), or NaN without a quota. */
  get meanTokens(): number {
    if (!this.hasQuota) return Number.NaN;
    return this.tokens.length === 0 ? this.quotaTokens : this.total / this.clients;
  }

  private get hasQuota(): boolean {
    return this.settings.policy === "aws-standard" || this.settings.policy === "aws-adaptive";
  }

  private quota(): Float64Array {
    if (this.tokens.length === 0 && this.hasQuota) {
      this.tokens = new Float64Array(this.clients).fill(this.quotaTokens);
      this.total = this.quotaTokens * this.clients;
    }
    return this.tokens;
  }
}
