// A node's candidates by its outstanding count, for least outstanding requests
// (docs/design.md#performance): a tree over the candidates in their order keeps, for every range of
// them, the least count and how many have it, so that a request's choice and each count's change
// cost the depth of the tree (log₂ of the candidates) rather than a pass over every candidate.

/** Larger than any count: a padding leaf, never the least while a candidate is. */
const NONE = 0x7fffffff;

export class OutstandingTree {
  /** Leaves: a power of two at least the number of candidates. */
  private leaves = 1;
  /** Heap order, root at 1, leaf p at leaves + p: the least count under each node and how many have it. */
  private least = new Int32Array(2);
  private ties = new Int32Array(2);
  /** Per target: its position among the candidates, or -1 when it is not one. */
  private readonly position: Int32Array;
  private readonly candidates: Int32Array;
  private readonly stack = new Int32Array(64);

  constructor(targetCount: number) {
    this.position = new Int32Array(targetCount).fill(-1);
    this.candidates = new Int32Array(targetCount);
  }

  /** Starts again from the node's candidates (in their order) and its counts. */
  build(candidates: Int32Array, count: number, outstanding: Int32Array): void {
    this.position.fill(-1);
    let leaves = 1;
    while (leaves < count) leaves *= 2;
    if (this.least.length < 2 * leaves) {
      this.least = new Int32Array(2 * leaves);
      this.ties = new Int32Array(2 * leaves);
    }
    this.leaves = leaves;
    const { least, ties } = this;
    for (let p = 0; p < leaves; p++) {
      const t = p < count ? candidates[p] : -1;
      if (t >= 0) {
        this.candidates[p] = t;
        this.position[t] = p;
      }
      least[leaves + p] = t >= 0 ? outstanding[t] : NONE;
      ties[leaves + p] = t >= 0 ? 1 : 0;
    }
    for (let i = leaves - 1; i >= 1; i--) this.join(i);
  }

  /** Target t's count is now `count` (nothing when t is not a candidate). */
  set(t: number, count: number): void {
    const p = this.position[t];
    if (p < 0) return;
    let i = this.leaves + p;
    const { least, ties } = this;
    least[i] = count;
    // Up to the first node whose least count and ties stay as they were: those above it do too.
    for (i >>= 1; i >= 1; i >>= 1) {
      const before = least[i];
      const tiesBefore = ties[i];
      this.join(i);
      if (least[i] === before && ties[i] === tiesBefore) break;
    }
  }

  /** The least count among the candidates (NONE when there is none). */
  get leastCount(): number {
    return this.least[1];
  }

  /** How many candidates have the least count. */
  get tieCount(): number {
    return this.ties[1];
  }

  /** The k-th (from 0, in candidate order) of the candidates with the least count. */
  tied(k: number): number {
    const { least, ties, leaves } = this;
    const target = least[1];
    let i = 1;
    while (i < leaves) {
      const left = 2 * i;
      if (least[left] === target) {
        if (k < ties[left]) {
          i = left;
          continue;
        }
        k -= ties[left];
      }
      i = left + 1;
    }
    return this.candidates[i - leaves];
  }

  /** Whether every candidate with the least count passes `ok`, visited in candidate order. */
  everyTied(ok: (t: number) => boolean): boolean {
    const { least, leaves, stack } = this;
    const target = least[1];
    if (target === NONE) return true;
    let top = 0;
    stack[top++] = 1;
    while (top > 0) {
      const i = stack[--top];
      if (i >= leaves) {
        if (!ok(this.candidates[i - leaves])) return false;
        continue;
      }
      // Right first, so the left comes off the stack first.
      if (least[2 * i + 1] === target) stack[top++] = 2 * i + 1;
      if (least[2 * i] === target) stack[top++] = 2 * i;
    }
    return true;
  }

  private join(i: number): void {
    const { least, ties } = this;
    const a = least[2 * i];
    const b = least[2 * i + 1];
    if (a < b) {
      least[i] = a;
      ties[i] = ties[2 * i];
    } else if (b < a) {
      least[i] = b;
      ties[i] = ties[2 * i + 1];
    } else {
      least[i] = a;
      ties[i] = ties[2 * i] + ties[2 * i + 1];
    }
  }
}
