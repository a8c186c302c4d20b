import { describe, it, expect } from "vitest";
import { Simulation } from "./simulation";

describe("Simulation", () => {
  it("steps through events in time order, setting now and counting them", () => {
    const sim = new Simulation();
    const seen: Array<[number, number]> = [];
    const tick = sim.on("tick", (payload) => seen.push([sim.now, payload]));
    sim.schedule(2, tick, 20);
    sim.schedule(1, tick, 10);
    expect(sim.peek()).toBe(1);
    expect(sim.step()).toBe(true);
    expect(sim.now).toBe(1);
    expect(sim.step()).toBe(true);
    expect(sim.step()).toBe(false);
    expect(seen).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(sim.processed).toBe(2);
    expect(sim.peek()).toBe(Infinity);
  });

  it("numbers kinds in registration order and remembers their names", () => {
    const sim = new Simulation();
    expect(sim.on("a", () => {})).toBe(0);
    expect(sim.on("b", () => {})).toBe(1);
    expect(sim.kindName(1)).toBe("b");
  });

  it("runs events up to and including until, then sets now to until", () => {
    const sim = new Simulation();
    const times: number[] = [];
    const kind = sim.on("e", () => times.push(sim.now));
    for (const t of [1, 2, 3, 4]) sim.scheduleAt(t, kind);
    sim.runUntil(3);
    expect(times).toEqual([1, 2, 3]);
    expect(sim.now).toBe(3);
    sim.runUntil(3.5);
    expect(sim.now).toBe(3.5);
    expect(sim.peek()).toBe(4);
    sim.schedule(0.25, kind);
    sim.runUntil(10);
    expect(times).toEqual([1, 2, 3, 3.75, 4]);
    expect(sim.now).toBe(10);
    expect(sim.processed).toBe(5);
  });

  it("runs until the queue is empty when until is Infinity, leaving now at the last event", () => {
    const sim = new Simulation();
    let remaining = 3;
    const kind = sim.on("chain", () => {
      if (--remaining > 0) sim.schedule(2, kind);
    });
    sim.schedule(1, kind);
    sim.runUntil(Infinity);
    expect(sim.now).toBe(5);
    expect(sim.processed).toBe(3);
  });

  it("runs events a handler schedules at the same instant in the order it scheduled them", () => {
    const sim = new Simulation();
    const order: number[] = [];
    const child = sim.on("child", (payload) => order.push(payload));
    const parent = sim.on("parent", () => {
      for (let i = 0; i < 5; i++) sim.schedule(0, child, i);
    });
    sim.schedule(1, parent);
    sim.schedule(1, child, -1);
    sim.runUntil(1);
    expect(order).toEqual([-1, 0, 1, 2, 3, 4]);
    expect(sim.now).toBe(1);
  });

  it("throws on a negative, NaN or infinite delay and on a time in the past", () => {
    const sim = new Simulation();
    const kind = sim.on("e", () => {});
    expect(() => sim.schedule(-1, kind)).toThrow(RangeError);
    expect(() => sim.schedule(NaN, kind)).toThrow(RangeError);
    expect(() => sim.schedule(Infinity, kind)).toThrow(RangeError);
    sim.runUntil(5);
    expect(() => sim.scheduleAt(4, kind)).toThrow(RangeError);
    expect(() => sim.scheduleAt(NaN, kind)).toThrow(RangeError);
    expect(() => sim.runUntil(4)).toThrow(RangeError);
    expect(sim.peek()).toBe(Infinity);
  });

  it("throws when scheduling a kind that was never registered", () => {
    const sim = new Simulation();
    sim.on("e", () => {});
    expect(() => sim.schedule(1, 1)).toThrow(RangeError);
    expect(() => sim.schedule(1, 0.5)).toThrow(RangeError);
  });
});

describe("ticks", () => {
  it("run at every multiple of the interval, before any event at the same time", () => {
    const sim = new Simulation();
    const seen: string[] = [];
    const kind = sim.on("event", (p) => seen.push(`event ${p} at ${sim.now}`));
    sim.scheduleAt(10, kind, 1); // scheduled before the ticks are set, still runs after the tick at 10
    sim.scheduleAt(15, kind, 2);
    sim.every(10, () => seen.push(`tick at ${sim.now}`));
    sim.runUntil(30);
    expect(seen).toEqual(["tick at 10", "event 1 at 10", "event 2 at 15", "tick at 20", "tick at 30"]);
    expect(sim.tickCount).toBe(3);
    expect(sim.now).toBe(30);
  });

  it("stop with the last event when running to Infinity", () => {
    const sim = new Simulation();
    let ticks = 0;
    const kind = sim.on("event", () => {});
    sim.scheduleAt(25, kind);
    sim.every(10, () => ticks++);
    sim.runUntil(Infinity);
    expect(ticks).toBe(2);
    expect(sim.now).toBe(25);
  });

  it("run from step too, before the event they precede", () => {
    const sim = new Simulation();
    const seen: string[] = [];
    const kind = sim.on("event", () => seen.push(`event at ${sim.now}`));
    sim.every(1, () => seen.push(`tick at ${sim.now}`));
    sim.scheduleAt(2, kind);
    expect(sim.step()).toBe(true);
    expect(seen).toEqual(["tick at 1", "tick at 2", "event at 2"]);
  });
});
