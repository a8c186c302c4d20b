/** Where a request is. */
export const Stage = {
  free: 0,
  /** At a node: waiting for its capacity or for a target with room. */
  node: 1,
  /** In a target's backlog. */
  backlog: 2,
  /** With one of a target's workers. */
  service: 3,
  /** Answered already (cut, timed out), its worker still busy until the done event. */
  answered: 4,
} as const;

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
  stage = new Uint8Array(0);
  /**
   * The request's size as a quantile u in [0, 1): whichever target serves it takes its service
   * time's u-quantile, so variants that route it elsewhere still give it the same work.
   */
  work = new Float64Array(0);
  /** The client's logical request this is an attempt of (client-requests.ts), or -1. */
  origin = new Int32Array(0);
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
    const index = this.freeList[--this.freeCount];
    this.stage[index] = Stage.node;
    this.origin[index] = -1;
    return index;
  }

  free(index: number): void {
    this.live--;
    this.stage[index] = Stage.free;
    this.freeList[this.freeCount++] = index;
  }

  /** Whether request r is a health check (checks share the pool but belong to no client group). */
  isCheck(r: number): boolean {
    return this.group[r] < 0;
  }

  private grow(capacity: number): void {
    const old = this.client.length;
    this.client = resize(this.client, capacity);
    this.group = resize(this.group, capacity);
    this.node = resize(this.node, capacity);
    this.target = resize(this.target, capacity);
    this.sentAt = resize(this.sentAt, capacity);
    this.dispatchedAt = resize(this.dispatchedAt, capacity);
    this.stage = resize(this.stage, capacity);
    this.work = resize(this.work, capacity);
    this.origin = resize(this.origin, capacity);
    const list = new Int32Array(capacity);
    list.set(this.freeList.subarray(0, this.freeCount));
    // Hand out low indices first: the free list is a stack, so push high indices first.
    for (let i = capacity - 1; i >= old; i--) list[this.freeCount++] = i;
    this.freeList = list;
  }
}

function resize<T extends Int32Array | Float64Array | Uint8Array>(array: T, capacity: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}
