// Shared recursive resolvers (docs/design.md#resolvers): each caches one answer, in one order,
// for the TTL and hands it to every client that asks. Few resolvers make lumpy node shares.
import type { Dns } from "./dns";

export class Resolvers {
  private readonly answers: Int32Array;
  private readonly lengths: Uint8Array;
  private readonly expires: Float64Array;

  constructor(
    readonly count: number,
    private readonly dns: Dns,
  ) {
    this.answers = new Int32Array(count * dns.maxRecords);
    this.lengths = new Uint8Array(count);
    this.expires = new Float64Array(count).fill(-Infinity);
  }

  /**
   * Copies resolver r's answer into `out` at `offset`, asking DNS first if its cache has expired.
   * Returns the answer's length; `expiresAt` then says when the resolver's copy expires (the
   * remaining TTL it hands out).
   */
  resolve(r: number, now: number, out: Int32Array, offset: number): number {
    const width = this.dns.maxRecords;
    if (now >= this.expires[r]) {
      this.lengths[r] = this.dns.answer(this.answers, r * width);
      this.expires[r] = now + this.dns.ttl;
    }
    const length = this.lengths[r];
    out.set(this.answers.subarray(r * width, r * width + length), offset);
    this.expiresAt = this.expires[r];
    return length;
  }

  expiresAt = 0;
}
