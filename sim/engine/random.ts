import alea from "seedrandom/lib/alea.js";

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * Named, independently seeded random streams: the only randomness the simulator uses.
 *
 * Each stream's generator is seeded from the run's seed and the stream's name alone, so adding,
 * removing or reordering the use of one stream never changes the numbers another one draws.
 */
export class RandomStreams {
  private readonly streams = new Map<string, Rng>();

  constructor(readonly seed: number | string) {}

  /**
   * The stream for `name` (e.g. "clients/web/arrivals"), seeded with the string
   * `${seed}/${name}`. The same name returns the same generator object, which carries on from
   * where it left off.
   */
  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (rng === undefined) {
      rng = alea(`${this.seed}/${name}`);
      this.streams.set(name, rng);
    }
    return rng;
  }
}
