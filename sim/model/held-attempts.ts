// Attempts adaptive mode's rate limiter holds back (docs/design.md#adaptive-retries). Each
// client's wait in line, first come first served; the first leaves as soon as the client's bucket
// holds a token at the fill rate of the moment, so a rate that rises while they wait lets them go
// sooner. (The SDKs' callers each sleep until a token is due and take it when they wake; one line
// per client keeps their order and never lets a late caller overtake.)
import type { Simulation } from "../engine/simulation";
import type { AdaptiveRate } from "./adaptive-rate";
import { Fifo } from "./fifo";

export class HeldAttempts {
  /** Per client with attempts waiting: them, in order (logical request indices). */
  private readonly lines = new Map<number, Fifo>();
  /** When each such client's first attempt is due to leave (a release event for another time is stale). */
  private readonly due = new Map<number, number>();
  private readonly releaseKind: number;

  constructor(
    private readonly sim: Simulation,
    private readonly rate: AdaptiveRate,
    /** Sends logical request l's attempt. */
    private readonly send: (l: number) => void,
  ) {
    this.releaseKind = sim.on("client-rate-release", (c) => this.release(c));
  }

  /** Client c's attempt l: sent now if the client has a token and no attempt waits before it; else held. Returns whether held. */
  offer(c: number, l: number): boolean {
    const line = this.lines.get(c);
    if (line === undefined && this.rate.tryAcquire(c, this.sim.now)) {
      this.send(l);
      return false;
    }
    if (line) line.push(l);
    else {
      const first = new Fifo(4);
      first.push(l);
      this.lines.set(c, first);
      this.schedule(c);
    }
    return true;
  }

  /** Client c's fill rate changed: its first waiting attempt may be due sooner. */
  rateChanged(c: number): void {
    const due = this.due.get(c);
    if (due === undefined) return;
    const at = this.sim.now + this.rate.waitFor(c, this.sim.now);
    if (at < due) {
      this.due.set(c, at);
      this.sim.scheduleAt(at, this.releaseKind, c);
    }
  }

  private release(c: number): void {
    if (this.due.get(c) !== this.sim.now) return;
    const line = this.lines.get(c)!;
    while (line.length > 0 && this.rate.tryAcquire(c, this.sim.now)) this.send(line.shift());
    if (line.length > 0) this.schedule(c);
    else {
      this.lines.delete(c);
      this.due.delete(c);
    }
  }

  private schedule(c: number): void {
    const at = this.sim.now + this.rate.waitFor(c, this.sim.now);
    this.due.set(c, at);
    this.sim.scheduleAt(at, this.releaseKind, c);
  }
}
