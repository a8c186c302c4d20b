// A client-side circuit breaker per client (docs/design.md#client-retries): closed, it counts
// consecutive failures; after `failures` of them it opens and fails requests at once, without
// sending them, for `openFor`; then it lets one request through as a probe (half-open): a success
// closes it, a failure opens it again.
export class CircuitBreaker {
  private readonly failures: Int32Array;
  /** Until when it is open (-Infinity: closed). */
  private readonly openUntil: Float64Array;
  /** Whether a half-open probe is on its way. */
  private readonly probing: Uint8Array;
  /** Clients whose breaker is open or half-open now. */
  open = 0;

  constructor(
    clients: number,
    private readonly settings: { failures: number; openFor: number },
  ) {
    this.failures = new Int32Array(clients);
    this.openUntil = new Float64Array(clients).fill(-Infinity);
    this.probing = new Uint8Array(clients);
  }

  /** Whether client c may send a request now (a half-open breaker lets one probe through). */
  allows(c: number, now: number): boolean {
    if (this.openUntil[c] === -Infinity) return true;
    if (now < this.openUntil[c] || this.probing[c]) return false;
    this.probing[c] = 1;
    return true;
  }

  succeeded(c: number): void {
    this.failures[c] = 0;
    if (this.openUntil[c] !== -Infinity) {
      this.openUntil[c] = -Infinity;
      this.probing[c] = 0;
      this.open--;
    }
  }

  failed(c: number, now: number): void {
    if (this.probing[c]) {
      this.probing[c] = 0;
      this.openUntil[c] = now + this.settings.openFor;
      return;
    }
    if (++this.failures[c] >= this.settings.failures && this.openUntil[c] === -Infinity) {
      this.openUntil[c] = now + this.settings.openFor;
      this.open++;
    }
  }
}
