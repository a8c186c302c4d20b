/**
 * A first-in first-out queue of integers in a ring buffer that doubles when full. Its capacity is
 * a power of two, so a position wraps with a mask rather than a division (targets' backlogs and
 * nodes' queues push and shift on every request that waits; docs/design.md#performance).
 */
export class Fifo {
  private items: Int32Array;
  private head = 0;
  length = 0;

  constructor(initialCapacity = 16) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity *= 2;
    this.items = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.items.length) this.grow();
    this.items[(this.head + this.length) & (this.items.length - 1)] = value;
    this.length++;
  }

  /** Removes and returns the oldest value; -1 when empty. */
  shift(): number {
    if (this.length === 0) return -1;
    const value = this.items[this.head];
    this.head = (this.head + 1) & (this.items.length - 1);
    this.length--;
    return value;
  }

  peek(): number {
    return this.length === 0 ? -1 : this.items[this.head];
  }

  /** Removes every value for which `drop` is true, keeping the order of the rest. */
  removeWhere(drop: (value: number) => boolean): number {
    let kept = 0;
    const n = this.length;
    for (let i = 0; i < n; i++) {
      const value = this.shift();
      if (drop(value)) continue;
      this.push(value);
      kept++;
    }
    return n - kept;
  }

  private grow(): void {
    const bigger = new Int32Array(this.items.length * 2);
    for (let i = 0; i < this.length; i++) bigger[i] = this.items[(this.head + i) & (this.items.length - 1)];
    this.items = bigger;
    this.head = 0;
  }
}
