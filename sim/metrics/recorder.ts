// Metric buckets (docs/design.md#results): each series is one metric for one dimension, one value per
// `metricsInterval`. The model adds to flat per-slot accumulators on its hot path; `close` turns
// them into the bucket's values. Memory grows with buckets × series, never with requests.
import type { Series, TimeSeries } from "./result";

const SUM = 0;
const MAX = 1;
const MEAN = 2;
const GAUGE = 3;

export class Recorder {
  private kinds: number[] = [];
  private current: Float64Array<ArrayBuffer> = new Float64Array(64);
  private counts: Float64Array<ArrayBuffer> = new Float64Array(64);
  private readers: ((() => number) | null)[] = [];
  private readonly series: Series[] = [];
  private readonly slots = new Map<string, number>();
  buckets = 0;

  constructor(readonly interval: number) {}

  /** A per-bucket total (`RequestCount`), fed with `add`. */
  sum(metric: string, dimension: string): number {
    return this.slot(metric, dimension, SUM, null);
  }

  /** The largest value seen in the bucket (`SurgeQueueLength`), fed with `observe`. */
  max(metric: string, dimension: string): number {
    return this.slot(metric, dimension, MAX, null);
  }

  /** The mean of the bucket's observations (`TargetResponseTime`), fed with `sample`; NaN when none. */
  mean(metric: string, dimension: string): number {
    return this.slot(metric, dimension, MEAN, null);
  }

  /** A value read when the bucket closes (`HealthyHostCount`, `NodeCount`). */
  gauge(metric: string, dimension: string, read: () => number): number {
    return this.slot(metric, dimension, GAUGE, read);
  }

  add(slot: number, value: number): void {
    this.current[slot] += value;
  }

  observe(slot: number, value: number): void {
    if (value > this.current[slot]) this.current[slot] = value;
  }

  sample(slot: number, value: number): void {
    this.current[slot] += value;
    this.counts[slot]++;
  }

  /** Ends the current bucket: every series gets its value and the accumulators start again. */
  close(): void {
    for (let s = 0; s < this.series.length; s++) {
      const kind = this.kinds[s];
      let value = this.current[s];
      if (kind === MEAN) value = this.counts[s] > 0 ? value / this.counts[s] : NaN;
      else if (kind === GAUGE) value = this.readers[s]!();
      this.series[s].values.push(value);
      this.current[s] = 0;
      this.counts[s] = 0;
    }
    this.buckets++;
  }

  /** The series so far; `from` keeps only buckets from that index on (for streaming). */
  timeseries(from = 0): TimeSeries {
    const series = from === 0 ? this.series : this.series.map((s) => ({ ...s, values: s.values.slice(from) }));
    return { interval: this.interval, buckets: this.buckets, series };
  }

  private slot(metric: string, dimension: string, kind: number, read: (() => number) | null): number {
    const key = `${metric}\u0000${dimension}`;
    const existing = this.slots.get(key);
    if (existing !== undefined) return existing;
    const slot = this.series.length;
    if (slot === this.current.length) {
      this.current = grow(this.current);
      this.counts = grow(this.counts);
    }
    this.slots.set(key, slot);
    this.kinds.push(kind);
    this.readers.push(read);
    // A series that starts mid-run (a new node) reads 0 for the buckets before it existed.
    this.series.push({ metric, dimension, values: new Array<number>(this.buckets).fill(kind === MEAN ? NaN : 0) });
    return slot;
  }
}

function grow(array: Float64Array): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
