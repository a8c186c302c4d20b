/**
 * Binary min-heap of events in parallel typed arrays (Float64Array time, Float64Array seq,
 * Int32Array kind, Float64Array payload), growing by doubling, ordered by (time, insertion
 * sequence) so simultaneous events leave first-in first-out.
 *
 * The shape follows flatqueue: sift loops are inline and nothing is allocated per push or pop
 * (only when the arrays double). Unlike flatqueue it is stable, through the sequence number.
 */
export class EventQueue {
  /** Time of the event removed by the last successful `pop`. */
  time = NaN;
  /** Kind of the event removed by the last successful `pop`. */
  kind = -1;
  /** Payload of the event removed by the last successful `pop`. */
  payload = 0;

  private times: Float64Array;
  // Float64 rather than Int32 so the counter cannot wrap within 2^53 pushes.
  private seqs: Float64Array;
  private kinds: Int32Array;
  private payloads: Float64Array;
  private length = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(1, Math.floor(initialCapacity));
    this.times = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.kinds = new Int32Array(capacity);
    this.payloads = new Float64Array(capacity);
  }

  get size(): number {
    return this.length;
  }

  /**
   * Adds an event. `time` must not be NaN (the heap order would break); `kind` is stored as an
   * Int32 and `payload` as a Float64, so integers up to 2^53 survive exactly.
   */
  push(time: number, kind: number, payload: number): void {
    if (this.length === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const kinds = this.kinds;
    const payloads = this.payloads;
    const seq = this.nextSeq++;
    let pos = this.length++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      // Every queued sequence number is smaller than `seq`, so a tie in time already orders
      // the parent first.
      if (time >= times[parent]) break;
      times[pos] = times[parent];
      seqs[pos] = seqs[parent];
      kinds[pos] = kinds[parent];
      payloads[pos] = payloads[parent];
      pos = parent;
    }
    times[pos] = time;
    seqs[pos] = seq;
    kinds[pos] = kind;
    payloads[pos] = payload;
  }

  /** Earliest time, or Infinity when empty. */
  peekTime(): number {
    return this.length > 0 ? this.times[0] : Infinity;
  }

  /** Removes the earliest event and exposes it in `time`, `kind`, `payload`; false when empty. */
  pop(): boolean {
    if (this.length === 0) return false;
    const times = this.times;
    const seqs = this.seqs;
    const kinds = this.kinds;
    const payloads = this.payloads;
    this.time = times[0];
    this.kind = kinds[0];
    this.payload = payloads[0];

    const n = --this.length;
    if (n === 0) return true;
    // Sift the last element down from the root.
    const time = times[n];
    const seq = seqs[n];
    const kind = kinds[n];
    const payload = payloads[n];
    const half = n >> 1;
    let pos = 0;
    while (pos < half) {
      let child = 2 * pos + 1;
      const right = child + 1;
      if (right < n && (times[right] < times[child] || (times[right] === times[child] && seqs[right] < seqs[child]))) {
        child = right;
      }
      if (time < times[child] || (time === times[child] && seq < seqs[child])) break;
      times[pos] = times[child];
      seqs[pos] = seqs[child];
      kinds[pos] = kinds[child];
      payloads[pos] = payloads[child];
      pos = child;
    }
    times[pos] = time;
    seqs[pos] = seq;
    kinds[pos] = kind;
    payloads[pos] = payload;
    return true;
  }

  /** Empties the queue, keeping its capacity. */
  clear(): void {
    this.length = 0;
    this.nextSeq = 0;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    const kinds = new Int32Array(capacity);
    const payloads = new Float64Array(capacity);
    times.set(this.times);
    seqs.set(this.seqs);
    kinds.set(this.kinds);
    payloads.set(this.payloads);
    this.times = times;
    this.seqs = seqs;
    this.kinds = kinds;
    this.payloads = payloads;
  }
}
