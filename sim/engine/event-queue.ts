/**
 * Binary min-heap of events ordered by (time, insertion sequence), so simultaneous events leave
 * first-in first-out.
 *
 * The shape follows flatqueue: flat typed arrays that grow by doubling, sift loops inline, nothing
 * allocated per push or pop. The heap itself is two arrays, each event's time and its slot; the
 * slot holds the event's sequence number, kind and payload, which stay put while the heap moves
 * (docs/design.md#performance). Unlike flatqueue it is stable, through the sequence number, read
 * only when two times tie.
 */
export class EventQueue {
  /** Time of the event removed by the last successful `pop`. */
  time = NaN;
  /** Kind of the event removed by the last successful `pop`. */
  kind = -1;
  /** Payload of the event removed by the last successful `pop`. */
  payload = 0;

  /** In heap order: each event's time and its slot. */
  private times: Float64Array;
  private slots: Int32Array;
  /** By slot: sequence number (Float64, so it cannot wrap within 2^53 pushes), kind, payload. */
  private seqs: Float64Array;
  private kinds: Int32Array;
  private payloads: Float64Array;
  /** Free slots, a stack. */
  private free: Int32Array;
  private freeCount = 0;
  private length = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(1, Math.floor(initialCapacity));
    this.times = new Float64Array(capacity);
    this.slots = new Int32Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.kinds = new Int32Array(capacity);
    this.payloads = new Float64Array(capacity);
    this.free = new Int32Array(capacity);
    this.freeSlots(0, capacity);
    this.times[0] = Infinity;
  }

  get size(): number {
    return this.length;
  }

  /**
   * Adds an event. `time` must not be NaN (the heap order would break); `kind` is stored as an
   * Int32 and `payload` as a Float64, so integers up to 2^53 survive exactly.
   */
  push(time: number, kind: number, payload: number): void {
    if (this.freeCount === 0) this.grow();
    const slot = this.free[--this.freeCount];
    this.seqs[slot] = this.nextSeq++;
    this.kinds[slot] = kind;
    this.payloads[slot] = payload;
    const times = this.times;
    const slots = this.slots;
    let pos = this.length++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      // Every queued sequence number is smaller than this one, so a tie in time already orders
      // the parent first.
      if (time >= times[parent]) break;
      times[pos] = times[parent];
      slots[pos] = slots[parent];
      pos = parent;
    }
    times[pos] = time;
    slots[pos] = slot;
  }

  /**
   * Earliest time, or Infinity when empty: `times[0]` holds Infinity whenever the heap is empty,
   * so this is one load. (A branch returning the constant Infinity made V8 box every peeked time,
   * one allocation per event.)
   */
  peekTime(): number {
    return this.times[0];
  }

  /** Removes the earliest event and exposes it in `time`, `kind`, `payload`; false when empty. */
  pop(): boolean {
    if (this.length === 0) return false;
    const times = this.times;
    const slots = this.slots;
    const seqs = this.seqs;
    const top = slots[0];
    this.time = times[0];
    this.payload = this.payloads[top];
    this.kind = this.kinds[top];
    this.free[this.freeCount++] = top;

    const n = --this.length;
    if (n === 0) {
      times[0] = Infinity;
      return true;
    }
    // Sift the last event down from the root.
    const time = times[n];
    const slot = slots[n];
    const half = n >> 1;
    let pos = 0;
    while (pos < half) {
      let child = 2 * pos + 1;
      let childTime = times[child];
      const right = child + 1;
      if (right < n) {
        const rightTime = times[right];
        if (rightTime < childTime || (rightTime === childTime && seqs[slots[right]] < seqs[slots[child]])) {
          child = right;
          childTime = rightTime;
        }
      }
      if (time < childTime || (time === childTime && seqs[slot] < seqs[slots[child]])) break;
      times[pos] = childTime;
      slots[pos] = slots[child];
      pos = child;
    }
    times[pos] = time;
    slots[pos] = slot;
    return true;
  }

  /** Empties the queue, keeping its capacity. */
  clear(): void {
    this.length = 0;
    this.times[0] = Infinity;
    this.nextSeq = 0;
    this.freeCount = 0;
    this.freeSlots(0, this.times.length);
  }

  private grow(): void {
    const old = this.times.length;
    const capacity = old * 2;
    this.times = resize(this.times, capacity);
    this.slots = resize(this.slots, capacity);
    this.seqs = resize(this.seqs, capacity);
    this.kinds = resize(this.kinds, capacity);
    this.payloads = resize(this.payloads, capacity);
    this.free = new Int32Array(capacity);
    this.freeSlots(old, capacity);
  }

  /** Pushes slots [from, to) onto the free stack, the lowest on top. */
  private freeSlots(from: number, to: number): void {
    for (let slot = to - 1; slot >= from; slot--) this.free[this.freeCount++] = slot;
  }
}

function resize<T extends Float64Array | Int32Array>(array: T, capacity: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}
