import { describe, it, expect } from "vitest";
import { RandomStreams } from "./random";

function take(rng: () => number, n: number): number[] {
  return Array.from({ length: n }, () => rng());
}

describe("RandomStreams", () => {
  it("gives the same sequence for the same seed and name", () => {
    const a = take(new RandomStreams(42).stream("clients/web/arrivals"), 100);
    const b = take(new RandomStreams(42).stream("clients/web/arrivals"), 100);
    expect(a).toEqual(b);
  });

  it("gives different sequences for different names and different seeds", () => {
    const streams = new RandomStreams(42);
    const arrivals = take(streams.stream("clients/web/arrivals"), 10);
    expect(take(streams.stream("clients/web/sizes"), 10)).not.toEqual(arrivals);
    expect(take(new RandomStreams(43).stream("clients/web/arrivals"), 10)).not.toEqual(arrivals);
  });

  it("does not change a stream's numbers when other streams are created or drawn in between", () => {
    const alone = take(new RandomStreams("s").stream("x"), 50);
    const streams = new RandomStreams("s");
    const x = streams.stream("x");
    const mixed: number[] = [];
    for (let i = 0; i < 50; i++) {
      streams.stream(`other/${i}`)();
      mixed.push(x());
    }
    expect(mixed).toEqual(alone);
  });

  it("returns the same generator object for the same name, continuing where it left off", () => {
    const streams = new RandomStreams(7);
    const first = streams.stream("a");
    const head = take(first, 5);
    expect(streams.stream("a")).toBe(first);
    expect(take(streams.stream("a"), 5)).toEqual(take(new RandomStreams(7).stream("a"), 10).slice(5));
    expect(head).toEqual(take(new RandomStreams(7).stream("a"), 5));
  });

  it("draws values in [0, 1)", () => {
    const rng = new RandomStreams(1).stream("range");
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng();
      if (!(u >= 0 && u < 1)) outside++;
    }
    expect(outside).toBe(0);
  });
});
