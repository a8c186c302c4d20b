/**
 * Requests in flight, held in flat arrays and recycled through a free list, so the hot path
 * allocates nothing per request. A request's index is valid from `alloc` until `free`.
 */
export class Requests {
  client = new Int32Array(0);
  group = new Int32Array(0);
  node = new Int32Array(0);
  target = new Int32Array(0);
  /** When the client sent it. */
  sentAt = new Float64Array(0);
  /** When the node handed it to its target. */
  dispatchedAt = new Float64Array(0);
  private freeList = new Int32Array(0);
  private freeCount = 0;
  /** Requests allocated and not yet freed. */
  live = 0;

  constructor(initialCapacity = 1024) {
    this.grow(initialCapacity);
  }

  alloc(): number {
    if (this.freeCount === 0) this.grow(this.client.length * 2);
    this.live++;
    return this.freeList[--this.freeCount];
  }

  free(index: number): void {
    this.live--;
    this.freeList[this.freeCount++] = index;
  }

  private grow(capacity: number): void {
    const old = this.client.length;
    this.client = resize(this.client, capacity);
    this.group = resize(this.group, capacity);
    this.node = resize(this.node, capacity);
    this.target = resize(this.target, capacity);
    this.sentAt = resize(this.sentAt, capacity);
    this.dispatchedAt = resize(this.dispatchedAt, capacity);
    const list = new Int32Array(capacity);
    list.set(this.freeList.subarray(0, this.freeCount));
    // Hand out low indices first: the free list is a stack, so push high indices first.
    for (let i = capacity - 1; i >= old; i--) list[this.freeCount++] = i;
    this.freeList = list;
  }
}

function resize<T extends Int32Array | Float64Array>(array: T, capacity: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}
