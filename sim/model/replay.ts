// A client group's recorded arrivals, replayed one by one (docs/design.md#request-level-replay):
// each request at its time, from its client, with its size, and on a new connection where the
// recording opened one. Cells the recording left empty are drawn as usual.
import type { Arrivals } from "../scenario/arrivals";

export class Replay {
  /** The arrival scheduled next, and the one whose event is being handled. */
  private pending = -1;
  private current = -1;
  /** Per client: the recording's connection its last request used (-1: none yet). */
  private readonly lastConnection: Int32Array | null;

  constructor(
    private readonly arrivals: Arrivals,
    clients: number,
  ) {
    this.lastConnection = arrivals.connection ? new Int32Array(clients).fill(-1) : null;
  }

  /**
   * The time of the next recorded arrival (Infinity after the last). The request path asks for
   * the next arrival as the current one's event begins, so from then on the other methods
   * describe the arrival being handled.
   */
  next(): number {
    this.current = this.pending;
    this.pending++;
    return this.pending < this.arrivals.time.length ? this.arrivals.time[this.pending] : Infinity;
  }

  /** The recorded client, or a drawn one when the recording names none. */
  client(draw: () => number): number {
    const c = this.arrivals.client?.[this.current] ?? -1;
    return c >= 0 ? c : draw();
  }

  /** The recorded size, or the drawn quantile `u`. */
  size(u: number): number {
    const s = this.arrivals.size?.[this.current] ?? Number.NaN;
    return Number.isNaN(s) ? u : s;
  }

  /** Whether client c's request opened a connection in the recording (its connection number changed). */
  newConnection(c: number): boolean {
    const k = this.arrivals.connection?.[this.current] ?? -1;
    if (!this.lastConnection || k < 0) return false;
    const changed = this.lastConnection[c] !== k;
    this.lastConnection[c] = k;
    return changed;
  }
}
