// runScenario: the one entry point from a scenario to a result (docs/design.md#results). A Run can also
// advance in chunks, so a worker can stream buckets while it goes on.
import { Simulation } from "./engine/simulation";
import { RandomStreams } from "./engine/random";
import { Recorder } from "./metrics/recorder";
import { canonicalJson, seriesFingerprint, sha256Hex } from "./metrics/digest";
import { summarize } from "./metrics/summary";
import type { LogEntry, RunResult, TimeSeries } from "./metrics/result";
import { LoadBalancer } from "./model/load-balancer";
import { Timeline } from "./model/timeline";
import { Controller } from "./model/controller";
import type { Scenario } from "./scenario/defaults";

export interface RunOptions {
  /** The variant's name, recorded in the result (the overrides are applied when loading). */
  variant?: string | null;
  /** Called as simulated time advances: every PROGRESS_EVENTS events, and at the end. */
  onProgress?: (simulatedSeconds: number, totalSeconds: number) => void;
  /** A wall clock in seconds for `wallSeconds`; sim/ reads no time itself. */
  clock?: () => number;
}

/** Events between progress reports: a few milliseconds of work, so a progress bar can redraw often at any rate. */
export const PROGRESS_EVENTS = 20_000;

export interface RunOutput {
  result: RunResult;
  timeseries: TimeSeries;
}

/** A run in progress: `advance` moves simulated time on; `finish` gives the result. */
export class Run {
  readonly sim = new Simulation();
  readonly recorder: Recorder;
  readonly lb: LoadBalancer;
  readonly controller: Controller;
  private readonly started: number;

  constructor(
    readonly scenario: Scenario,
    private readonly options: RunOptions = {},
  ) {
    this.started = options.clock?.() ?? 0;
    const streams = new RandomStreams(scenario.seed);
    this.recorder = new Recorder(scenario.metricsInterval);
    this.lb = new LoadBalancer(this.sim, scenario, streams, this.recorder);
    new Timeline(this.sim, this.lb, scenario.events);
    this.controller = new Controller(this.sim, this.lb, streams);
    // Buckets close on the engine's tick, before any event at the boundary: an event at a
    // bucket's start counts in that bucket.
    this.sim.every(scenario.metricsInterval, () => {
      if (this.sim.now <= this.scenario.duration + 1e-9) this.closeBucket();
    });
  }

  /** Log entries so far (health transitions, failures, scaling…), in time order. */
  get log(): LogEntry[] {
    return this.lb.log;
  }

  get now(): number {
    return this.sim.now;
  }

  get done(): boolean {
    return this.sim.now >= this.scenario.duration;
  }

  /** Runs every event up to `until` (at most the scenario's duration). */
  advance(until: number): void {
    this.sim.runUntil(Math.min(until, this.scenario.duration));
  }

  /**
   * Runs to the end, reporting progress every PROGRESS_EVENTS events however they fall in time,
   * so that a burst of millions of requests in one second still shows progress.
   */
  runToEnd(): void {
    const { sim } = this;
    const total = this.scenario.duration;
    while (!this.done) {
      // One event at a time runs them as runUntil does (ticks due first), and can stop at a count.
      for (let k = 0; k < PROGRESS_EVENTS && sim.peek() <= total; k++) sim.step();
      if (sim.peek() > total) this.advance(total);
      this.options.onProgress?.(this.now, total);
    }
  }

  finish(): RunOutput {
    if (!this.done) this.runToEnd();
    // A last bucket shorter than the interval still counts.
    if (this.recorder.buckets * this.scenario.metricsInterval < this.scenario.duration - 1e-9) this.closeBucket();
    const timeseries = this.recorder.timeseries();
    const result = summarize({
      lb: this.lb,
      variant: this.options.variant ?? null,
      events: this.sim.processed,
      log: this.lb.log,
      scaling: this.controller.scaling,
    });
    // The digest covers what the run produced: not the wall time, nor the variant's name, so the
    // same settings under two names give the same digest.
    const { digest: _, wallSeconds: __, variant: ___, ...digested } = result;
    result.digest = sha256Hex(`${canonicalJson(digested)}\n${seriesFingerprint(timeseries.series)}`);
    if (this.options.clock) result.wallSeconds = this.options.clock() - this.started;
    return { result, timeseries };
  }

  private closeBucket(): void {
    this.lb.meters.beforeClose();
    this.recorder.close();
  }
}

export function runScenario(scenario: Scenario, options: RunOptions = {}): RunOutput {
  return new Run(scenario, options).finish();
}
