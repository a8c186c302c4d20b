// When a client retries, and after how long (docs/design.md#client-retries):
// - `fixed`: up to `attempts` in all, after `delay` (constant) or delay·2^(k−1) (exponential),
//   capped at `maxDelay`, optionally with full jitter (a uniform draw in [0, delay]).
// - `aws-standard`: the AWS SDKs' standard mode (docs/aws-behaviour.md#sdk-retries): three
//   attempts, a backoff of b·2^k·baseDelay with b uniform in [0, 1) capped at 20 s, and a retry
//   quota per client — a bucket of 500 tokens; a retry costs 5 (10 after a timeout); a success
//   returns what its last retry cost, or 1 when it needed none.
import type { Rng } from "../engine/random";
import type { RetrySettings } from "../scenario/defaults";

export class RetryPolicy {
  /** Per client: retry-quota tokens left (aws-standard only), allocated on first use. */
  private tokens = new Float64Array(0);
  /** Tokens left over every client, kept as they change (a gauge reads it each bucket). */
  private total = Number.NaN;
  private readonly retryable: Set<string>;

  constructor(
    private readonly settings: RetrySettings,
    private readonly clients: number,
    private readonly jitter: Rng,
  ) {
    this.retryable = new Set(settings.policy === "none" ? [] : settings.on);
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
    if (s.policy === "none" || attempt >= s.attempts || !this.retryable.has(reason)) return -1;
    if (s.policy === "fixed") return 0;
    const tokens = this.quota();
    const cost = reason === "timeout" ? s.quota.timeoutCost : s.quota.cost;
    if (tokens[c] < cost) return -1;
    tokens[c] -= cost;
    this.total -= cost;
    return cost;
  }

  /** A request of client c succeeded; `spent` is what its last retry cost (0: it needed none). */
  succeeded(c: number, spent: number): void {
    const s = this.settings;
    if (s.policy !== "aws-standard") return;
    const tokens = this.quota();
    const after = Math.min(s.quota.tokens, tokens[c] + (spent > 0 ? spent : s.quota.refund));
    this.total += after - tokens[c];
    tokens[c] = after;
  }

  /** Seconds to wait before attempt `attempt` + 1. */
  delay(attempt: number): number {
    const s = this.settings;
    if (s.policy === "none") return 0;
    if (s.policy === "aws-standard") return Math.min(this.jitter() * 2 ** (attempt - 1) * s.baseDelay, s.maxDelay);
    const base = s.backoff === "exponential" ? s.delay * 2 ** (attempt - 1) : s.delay;
    const capped = Math.min(base, s.maxDelay);
    return s.jitter === "full" ? this.jitter() * capped : capped;
  }

  /** The mean of the clients' quota tokens (the bucket's level), or NaN without a quota. */
  get meanTokens(): number {
    if (this.settings.policy !== "aws-standard") return Number.NaN;
    return this.tokens.length === 0 ? this.settings.quota.tokens : this.total / this.clients;
  }

  private quota(): Float64Array {
    if (this.tokens.length === 0 && this.settings.policy === "aws-standard") {
      this.tokens = new Float64Array(this.clients).fill(this.settings.quota.tokens);
      this.total = this.settings.quota.tokens * this.clients;
    }
    return this.tokens;
  }
}
