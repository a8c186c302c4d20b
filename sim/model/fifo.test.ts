import { describe, expect, it } from "vitest";
import { Fifo } from "./fifo";

/** Empties `q`, returning what came out in order. */
function drain(q: Fifo): number[] {
  const out: number[] = [];
  while (q.length > 0) out.push(q.shift());
  return out;
}

describe("Fifo", () => {
  it("gives values back first in, first out", () => {
    const q = new Fifo();
    for (const v of [5, 3, 9, 0]) q.push(v);
    expect(q.peek()).toBe(5);
    expect(q.length).toBe(4);
    expect(drain(q)).toEqual([5, 3, 9, 0]);
  });

  it("returns -1 from shift and peek when empty", () => {
    const q = new Fifo();
    expect(q.shift()).toBe(-1);
    expect(q.peek()).toBe(-1);
    q.push(1);
    q.shift();
    expect(q.shift()).toBe(-1);
    expect(q.length).toBe(0);
  });

  it("grows past its initial capacity without losing order, also when the ring has wrapped", () => {
    const capacity = 4;
    const q = new Fifo(capacity);
    // Move the head into the middle of the ring, so the values wrap before it grows.
    q.push(-10);
    q.push(-20);
    q.shift();
    q.shift();
    const values = Array.from({ length: capacity * 8 + 3 }, (_, i) => i * 7);
    for (const v of values) q.push(v);
    expect(q.length).toBe(values.length);
    expect(drain(q)).toEqual(values);
  });

  it("keeps order through many interleaved pushes and shifts", () => {
    const q = new Fifo(2);
    const expected: number[] = [];
    const seen: number[] = [];
    let next = 0;
    for (let round = 0; round < 200; round++) {
      // Push more than is taken for a while, then less, so the ring grows and wraps repeatedly.
      const pushes = round < 100 ? 3 : 1;
      for (let k = 0; k < pushes; k++) {
        q.push(next);
        expected.push(next++);
      }
      seen.push(q.shift(), q.shift());
    }
    seen.push(...drain(q));
    expect(seen.filter((v) => v >= 0)).toEqual(expected);
  });

  it("removes the values removeWhere drops, keeps the others in order, and counts what it removed", () => {
    const q = new Fifo(4);
    q.push(100);
    q.shift(); // the ring's head is not at 0
    for (let v = 1; v <= 10; v++) q.push(v);
    expect(q.removeWhere((v) => v % 3 === 0)).toBe(3);
    expect(q.length).toBe(7);
    q.push(11);
    expect(drain(q)).toEqual([1, 2, 4, 5, 7, 8, 10, 11]);
  });

  it("removes nothing from an empty queue, and everything when every value is dropped", () => {
    const q = new Fifo();
    expect(q.removeWhere(() => true)).toBe(0);
    for (let v = 0; v < 5; v++) q.push(v);
    expect(q.removeWhere(() => true)).toBe(5);
    expect(q.length).toBe(0);
    expect(q.shift()).toBe(-1);
  });
});
