// What a client does with its own requests when its group has a timeout, a retry policy or a
// circuit breaker (docs/design.md#client-retries): each request it means to make is one logical
// request, sent as one or more attempts. An attempt that outlives the timeout is abandoned (the
// client stops waiting; the load balancer and the target still carry it: throughput without
// goodput); a new connection not made within the connect timeout is given up the same way
// (docs/design.md#connect-timeout); a failed attempt is retried as the policy says; the breaker
// fails requests fast; adaptive mode's rate limiter holds attempts back (adaptive-rate.ts).
// The load balancer's meters count attempts, as CloudWatch does; these count logical requests.
import type { RandomStreams } from "../engine/random";
import type { Simulation } from "../engine/simulation";
import { Histogram } from "../metrics/histogram";
import type { Recorder } from "../metrics/recorder";
import type { ClientGroup } from "../scenario/defaults";
import { CircuitBreaker } from "./circuit-breaker";
import { HeldAttempts } from "./held-attempts";
import { RetryPolicy } from "./retry-policy";

/**
 * What became of an attempt, as the client sees it: `ok`, an HTTP status, `connection_error`,
 * `timeout` or `connect_timeout`.
 */
export type Outcome = string;

/** `current` while the client waits on addresses that do not answer (no request exists). */
const UNREACHABLE = -2;

export class ClientRequests {
  // Logical requests, in flat arrays recycled through a free list.
  private client = new Int32Array(0);
  private work = new Float64Array(0);
  private firstSentAt = new Float64Array(0);
  private attemptSentAt = new Float64Array(0);
  private attempts = new Int32Array(0);
  /**
   * The attempt in flight (a request index), or -1 between attempts and once abandoned, or
   * UNREACHABLE while the client waits for an address that does not answer.
   */
  private current = new Int32Array(0);
  /** 1 while the current attempt's new connection is not made yet (a connect timeout applies). */
  private connecting = new Uint8Array(0);
  /** What the last retry cost from the quota. */
  private spent = new Float64Array(0);
  private freeList: number[] = [];
  private readonly policy: RetryPolicy;
  private readonly breaker: CircuitBreaker | null;
  private readonly timeoutKind: number;
  private readonly retryKind: number;
  /** Attempts adaptive mode's rate limiter holds back, or null without one. */
  private readonly held: HeldAttempts | null;
  private readonly connectKind: number;
  // Totals over the run, and the latency of logical requests that succeeded (retries included).
  requests = 0;
  succeeded = 0;
  succeededAfterRetry = 0;
  failed = 0;
  attemptCount = 0;
  timeouts = 0;
  /** Connect timeouts, or null when the group has no connect timeout. */
  connectTimeouts: number | null;
  /** Attempts the rate limiter held back, or null without one (aws-adaptive). */
  rateLimited: number | null;
  circuitOpen = 0;
  readonly retries = new Map<string, number>();
  readonly latency = new Histogram();
  private readonly slots: Record<string, number>;

  constructor(
    private readonly sim: Simulation,
    readonly group: ClientGroup,
    streams: RandomStreams,
    private readonly recorder: Recorder,
    private readonly path: {
      /** Sends logical request l's next attempt (the request path connects and sends it). */
      send(l: number): void;
      /** Client c stopped waiting on its connection: the connection cannot carry another request. */
      abandon(c: number): void;
      /** Client c's logical request is over (answered or failed for good): a closed-loop user goes on. */
      done(c: number): void;
    },
  ) {
    this.policy = new RetryPolicy(group.retry, group.count, streams.stream(`clients/${group.name}/retry-jitter`));
    this.held = this.policy.rate ? new HeldAttempts(sim, this.policy.rate, (l) => path.send(l)) : null;
    this.breaker = group.breaker ? new CircuitBreaker(group.count, group.breaker) : null;
    this.timeoutKind = sim.on("client-timeout", (l) => this.timedOut(l));
    this.retryKind = sim.on("client-retry", (l) => this.go(l));
    this.connectKind = sim.on("client-connect-timeout", (l) => this.connectTimedOut(l));
    const d = `client=${group.name}`;
    const sum = (metric: string) => recorder.sum(metric, d);
    this.slots = {
      requests: sum("ClientRequestCount"),
      attempts: sum("ClientAttemptCount"),
      retries: sum("ClientRetryCount"),
      timeouts: sum("ClientTimeoutCount"),
      succeeded: sum("ClientSuccessCount"),
      afterRetry: sum("ClientSuccessAfterRetryCount"),
      failed: sum("ClientFailureCount"),
      latency: recorder.mean("ClientRequestLatency", d),
      // Only for the groups that use them, so that other runs keep their series and digests.
      connectTimeouts: group.connectTimeout === null ? -1 : sum("ClientConnectTimeoutCount"),
      rateLimited: this.policy.rate === null ? -1 : sum("ClientRateLimitedCount"),
    };
    this.connectTimeouts = group.connectTimeout === null ? null : 0;
    this.rateLimited = this.policy.rate === null ? null : 0;
    if (group.retry.policy === "aws-standard" || group.retry.policy === "aws-adaptive")
      recorder.gauge("RetryQuotaTokens", d, () => this.policy.meanTokens);
    const rate = this.policy.rate;
    if (rate) recorder.gauge("ClientSendRateLimit", d, () => rate.sendRate);
    if (this.breaker) recorder.gauge("CircuitOpenClients", d, () => this.breaker!.open);
    this.grow(64);
  }

  /**
   * Client c means to make a request now: returns its logical index, or -1 when its breaker is
   * open and the request fails at once without being sent.
   */
  begin(c: number, work: number, now: number): number {
    this.requests++;
    this.recorder.add(this.slots.requests, 1);
    if (this.breaker && !this.breaker.allows(c, now)) {
      this.circuitOpen++;
      this.fail();
      this.path.done(c);
      return -1;
    }
    if (this.freeList.length === 0) this.grow(this.client.length * 2);
    const l = this.freeList.pop()!;
    this.client[l] = c;
    this.work[l] = work;
    this.firstSentAt[l] = now;
    this.attempts[l] = 0;
    this.current[l] = -1;
    this.spent[l] = 0;
    return l;
  }

  clientOf(l: number): number {
    return this.client[l];
  }

  workOf(l: number): number {
    return this.work[l];
  }

  /**
   * Sends logical request l's next attempt now, or once the client's rate limiter lets it
   * (aws-adaptive: the attempt waits, it is not dropped).
   */
  go(l: number): void {
    if (this.held === null) this.path.send(l);
    else if (this.held.offer(this.client[l], l)) {
      this.rateLimited!++;
      this.recorder.add(this.slots.rateLimited, 1);
    }
  }

  /**
   * Attempt r of logical request l leaves the client now, on a new connection (`fresh`) or a
   * kept-alive one.
   */
  sent(l: number, r: number, fresh: boolean): void {
    this.attempts[l]++;
    this.attemptCount++;
    this.recorder.add(this.slots.attempts, 1);
    this.current[l] = r;
    this.attemptSentAt[l] = this.sim.now;
    if (this.group.timeout !== null) this.sim.schedule(this.group.timeout, this.timeoutKind, l);
    this.connecting[l] = 0;
    if (fresh && this.group.connectTimeout !== null) {
      this.connecting[l] = 1;
      this.sim.schedule(this.group.connectTimeout, this.connectKind, l);
    }
  }

  /**
   * Logical request l's attempt found no address that answers: with a connect timeout the client
   * waits it out (its connection attempts go unanswered), otherwise it fails at once.
   */
  unreachable(l: number): void {
    this.attempts[l]++;
    this.attemptCount++;
    this.recorder.add(this.slots.attempts, 1);
    this.attemptSentAt[l] = this.sim.now;
    if (this.group.connectTimeout === null) {
      this.current[l] = -1;
      this.decide(l, "connection_error");
      return;
    }
    this.current[l] = UNREACHABLE;
    this.connecting[l] = 1;
    this.sim.schedule(this.group.connectTimeout, this.connectKind, l);
    // A request timeout shorter than the connect timeout ends the wait first.
    if (this.group.timeout !== null) this.sim.schedule(this.group.timeout, this.timeoutKind, l);
  }

  /** Attempt r's node took it past its capacity: its connection is made (docs/design.md#connect-timeout). */
  connected(l: number, r: number): void {
    if (this.current[l] === r) this.connecting[l] = 0;
  }

  /** Attempt r of logical request l ended with `outcome`; ignored if the client stopped waiting for it. */
  ended(l: number, r: number, outcome: Outcome): void {
    if (this.current[l] !== r) return;
    this.current[l] = -1;
    this.connecting[l] = 0;
    this.decide(l, outcome);
  }

  private timedOut(l: number): void {
    // The current attempt's timeout (an earlier attempt's ended before it could fire).
    const r = this.current[l];
    if (r === -1 || this.sim.now < this.attemptSentAt[l] + this.group.timeout! - 1e-12) return;
    this.current[l] = -1;
    this.connecting[l] = 0;
    if (r >= 0) this.path.abandon(this.client[l]);
    this.timeouts++;
    this.recorder.add(this.slots.timeouts, 1);
    this.decide(l, "timeout");
  }

  private connectTimedOut(l: number): void {
    // The current attempt's, still connecting (not an earlier attempt's, nor one connected since).
    if (!this.connecting[l] || this.sim.now < this.attemptSentAt[l] + this.group.connectTimeout! - 1e-12) return;
    const r = this.current[l];
    this.current[l] = -1;
    this.connecting[l] = 0;
    if (r >= 0) this.path.abandon(this.client[l]);
    this.connectTimeouts!++;
    this.recorder.add(this.slots.connectTimeouts, 1);
    this.decide(l, "connect_timeout");
  }

  private decide(l: number, outcome: Outcome): void {
    const c = this.client[l];
    this.policy.ended(c, this.sim.now, outcome);
    this.held?.rateChanged(c);
    if (outcome === "ok") {
      this.succeeded++;
      this.recorder.add(this.slots.succeeded, 1);
      if (this.attempts[l] > 1) {
        this.succeededAfterRetry++;
        this.recorder.add(this.slots.afterRetry, 1);
      }
      const latency = this.sim.now - this.firstSentAt[l];
      this.latency.record(latency);
      this.recorder.sample(this.slots.latency, latency);
      this.policy.succeeded(c, this.spent[l]);
      this.breaker?.succeeded(c);
      this.freeList.push(l);
      this.path.done(c);
      return;
    }
    this.breaker?.failed(c, this.sim.now);
    const spent = this.policy.spend(c, this.attempts[l], outcome);
    if (spent < 0 || (this.breaker && !this.breaker.allows(c, this.sim.now))) {
      if (spent >= 0 && this.breaker) this.circuitOpen++;
      this.fail();
      this.freeList.push(l);
      this.path.done(c);
      return;
    }
    this.spent[l] = spent;
    this.retries.set(outcome, (this.retries.get(outcome) ?? 0) + 1);
    this.recorder.add(this.slots.retries, 1);
    this.sim.schedule(this.policy.delay(this.attempts[l]), this.retryKind, l);
  }

  private fail(): void {
    this.failed++;
    this.recorder.add(this.slots.failed, 1);
  }

  private grow(capacity: number): void {
    const old = this.client.length;
    const resize = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(capacity);
      b.set(a);
      return b;
    };
    this.client = resize(this.client);
    this.work = resize(this.work);
    this.firstSentAt = resize(this.firstSentAt);
    this.attemptSentAt = resize(this.attemptSentAt);
    this.attempts = resize(this.attempts);
    this.current = resize(this.current);
    this.connecting = resize(this.connecting);
    this.spent = resize(this.spent);
    for (let i = capacity - 1; i >= old; i--) this.freeList.push(i);
  }
}
