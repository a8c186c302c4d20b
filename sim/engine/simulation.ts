import { EventQueue } from "./event-queue";

/** Reacts to one event; the payload is whatever number was scheduled with it. */
export type Handler = (payload: number) => void;

/**
 * The discrete-event clock: handlers registered by name, events scheduled by kind, run in
 * (time, scheduling order). Advancing (`step`, `runUntil`) is separate from driving, which
 * callers do: tests run to a horizon, the worker in chunks.
 *
 * Scheduling into the past or with a NaN time is a bug in the caller and throws.
 */
export class Simulation {
  /** Current simulated time; starts at 0 and never decreases. */
  now = 0;
  /** Events executed so far. */
  processed = 0;

  private readonly queue = new EventQueue();
  /** The periodic tick (`every`): its interval, the next tick's time and how many have run. */
  private tickInterval = Infinity;
  private nextTick = Infinity;
  private ticks = 0;
  private tick: () => void = () => {};
  private readonly handlers: Handler[] = [];
  private readonly names: string[] = [];

  /**
   * Registers a handler and returns its kind (0, 1, 2, … in registration order), used with
   * `schedule`. The name labels the kind in traces and errors; it need not be unique.
   */
  on(name: string, handler: Handler): number {
    this.names.push(name);
    return this.handlers.push(handler) - 1;
  }

  /** The name a kind was registered under. */
  kindName(kind: number): string {
    return this.names[kind];
  }

  /** Schedules kind at now + delay. A negative, NaN or infinite delay is a bug: throws. */
  schedule(delay: number, kind: number, payload = 0): void {
    if (!(delay >= 0 && delay < Infinity)) {
      throw new RangeError(`delay must be finite and >= 0, got ${delay} for ${this.label(kind)}`);
    }
    this.checkKind(kind);
    this.queue.push(this.now + delay, kind, payload);
  }

  /** Schedules kind at an absolute time; a time before now, NaN or infinite throws. */
  scheduleAt(time: number, kind: number, payload = 0): void {
    if (!(time >= this.now && time < Infinity)) {
      throw new RangeError(`time ${time} is not finite and >= now (${this.now}) for ${this.label(kind)}`);
    }
    this.checkKind(kind);
    this.queue.push(time, kind, payload);
  }

  /**
   * Calls `handler` at every multiple of `interval` (k·interval, k ≥ 1), *before* any event at
   * that same time: a tick is the boundary between periods (metric buckets), and an event at
   * the boundary belongs to the period it starts. Ticks take no place in the queue.
   */
  every(interval: number, handler: () => void): void {
    if (!(interval > 0 && interval < Infinity))
      throw new RangeError(`tick interval must be finite and > 0, got ${interval}`);
    this.tickInterval = interval;
    this.tick = handler;
    this.nextTick = (this.ticks + 1) * interval;
  }

  /** Ticks that have run so far. */
  get tickCount(): number {
    return this.ticks;
  }

  /** Time of the next event, or Infinity when none is queued. */
  peek(): number {
    return this.queue.peekTime();
  }

  /** Runs the next event (setting now and incrementing processed); false when none is queued. */
  step(): boolean {
    const queue = this.queue;
    const next = queue.peekTime();
    if (this.nextTick <= next && next !== Infinity) this.runTicks(next);
    if (!queue.pop()) return false;
    this.now = queue.time;
    this.processed++;
    this.handlers[queue.kind](queue.payload);
    return true;
  }

  /**
   * Runs every event with time <= until, including those handlers schedule along the way, then
   * sets now = until when until is finite (with Infinity it runs until the queue is empty and
   * now stays at the last event). An until before now or NaN throws.
   */
  runUntil(until: number): void {
    if (!(until >= this.now)) {
      throw new RangeError(`runUntil(${until}) is before now (${this.now})`);
    }
    const queue = this.queue;
    const handlers = this.handlers;
    // peekTime is Infinity when empty, so with until = Infinity pop is what ends the loop.
    for (;;) {
      const next = queue.peekTime();
      // Ticks due before the next event (or up to until) run first; none past a horizon of
      // Infinity, which would never end.
      const horizon = Math.min(next, until);
      if (this.nextTick <= horizon && horizon !== Infinity) this.runTicks(horizon);
      if (!(next <= until) || !queue.pop()) break;
      this.now = queue.time;
      this.processed++;
      handlers[queue.kind](queue.payload);
    }
    if (until !== Infinity) this.now = until;
  }

  /** Runs every tick at or before `time` (when ticks are set). */
  private runTicks(time: number): void {
    while (this.nextTick <= time) {
      this.now = this.nextTick;
      this.ticks++;
      // From the count, not by adding, so a million ticks do not drift.
      this.nextTick = (this.ticks + 1) * this.tickInterval;
      this.tick();
    }
  }

  private checkKind(kind: number): void {
    // Caught here rather than when the event fires, far from the code that scheduled it.
    if (!(kind >= 0 && kind < this.handlers.length && (kind | 0) === kind)) {
      throw new RangeError(`unknown event kind ${kind}`);
    }
  }

  private label(kind: number): string {
    return this.names[kind] ?? `kind ${kind}`;
  }
}
