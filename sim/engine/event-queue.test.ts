import { describe, it, expect } from "vitest";
import { EventQueue } from "./event-queue";
import { RandomStreams } from "./random";

function drain(queue: EventQueue): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  while (queue.pop()) out.push([queue.time, queue.kind, queue.payload]);
  return out;
}

describe("EventQueue", () => {
  it("pops events in time order", () => {
    const queue = new EventQueue();
    for (const t of [5, 1, 4, 2, 3]) queue.push(t, 0, t * 10);
    expect(queue.size).toBe(5);
    expect(queue.peekTime()).toBe(1);
    expect(drain(queue)).toEqual([
      [1, 0, 10],
      [2, 0, 20],
      [3, 0, 30],
      [4, 0, 40],
      [5, 0, 50],
    ]);
  });

  it("lets many events at one instant leave first-in first-out", () => {
    const queue = new EventQueue();
    queue.push(2, 1, -1);
    for (let i = 0; i < 1000; i++) queue.push(1, 0, i);
    const payloads = drain(queue).map(([, , p]) => p);
    expect(payloads).toEqual([...Array.from({ length: 1000 }, (_, i) => i), -1]);
  });

  it("grows past its initial capacity without losing events", () => {
    const queue = new EventQueue(2);
    for (let i = 10_000; i > 0; i--) queue.push(i, i % 7, i + 0.5);
    expect(queue.size).toBe(10_000);
    const events = drain(queue);
    expect(events.length).toBe(10_000);
    events.forEach(([time, kind, payload], i) => {
      expect(time).toBe(i + 1);
      expect(kind).toBe((i + 1) % 7);
      expect(payload).toBe(i + 1.5);
    });
  });

  it("agrees with a stable sort on (time, sequence) when times repeat often", () => {
    for (const seed of [1, 2, 3]) {
      const rng = new RandomStreams(seed).stream("event-queue/test");
      const queue = new EventQueue(4);
      const expected: Array<{ time: number; seq: number }> = [];
      const popped: number[] = [];
      const reference: number[] = [];
      let seq = 0;
      // Interleave pushes and pops, as a simulation does; 20 distinct times force many ties.
      for (let round = 0; round < 5000; round++) {
        const time = Math.floor(rng() * 20);
        queue.push(time, 0, seq);
        expected.push({ time, seq });
        seq++;
        if (rng() < 0.3) {
          queue.pop();
          popped.push(queue.payload);
          expected.sort((a, b) => a.time - b.time || a.seq - b.seq);
          reference.push(expected.shift()!.seq);
        }
      }
      while (queue.pop()) popped.push(queue.payload);
      expected.sort((a, b) => a.time - b.time || a.seq - b.seq);
      reference.push(...expected.map((e) => e.seq));
      expect(popped).toEqual(reference);
    }
  });

  it("is empty after clear and reports Infinity and false", () => {
    const queue = new EventQueue();
    for (let i = 0; i < 10; i++) queue.push(i, 0, 0);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.peekTime()).toBe(Infinity);
    expect(queue.pop()).toBe(false);
    queue.push(3, 2, 1);
    expect(drain(queue)).toEqual([[3, 2, 1]]);
  });
});
