// A run as the page holds it: the chunks a worker streamed, put back together. Series are plain
// arrays that grow as chunks arrive, so the charts read them as a TimeSeries without copying.
import type { LogEntry, RunResult, TimeSeries } from "../../sim/metrics/result";
import type { BucketState, Chunk, DnsSample, NodeInfo, RunMeta } from "./protocol";

export type RunStatus = "running" | "done" | "cancelled" | "failed";

export class RunData {
  /** Buckets received so far. */
  buckets = 0;
  readonly nodes: NodeInfo[] = [];
  readonly states: BucketState[] = [];
  readonly log: LogEntry[] = [];
  /** Samples of the clients' DNS caches, in bucket order. */
  readonly dns: DnsSample[] = [];
  status: RunStatus = "running";
  result: RunResult | null = null;
  error: string | null = null;
  /** Simulated seconds reached, events processed and wall seconds, as last reported. */
  now = 0;
  events = 0;
  wallSeconds = 0;
  /** Bumped on every change, so views can tell whether to redraw. */
  version = 0;
  /** Client latency pooled per plotted bin of `meta.latencyBin` buckets (stream-run.ts LatencyBins). */
  readonly latency = { p50: [] as number[], p90: [] as number[], p99: [] as number[], answered: [] as number[] };
  private readonly series = new Map<string, number[]>();
  private readonly peaks = new Map<string, { version: number; value: number }>();

  constructor(readonly meta: RunMeta) {}

  append(chunk: Chunk): void {
    const end = chunk.from + chunk.states.length;
    for (const s of chunk.series) {
      const key = seriesKey(s.metric, s.dimension);
      let values = this.series.get(key);
      if (!values) {
        values = [];
        this.series.set(key, values);
      }
      // A chunk carries every series from its first bucket on, or whole when the series is new.
      values.length = s.from;
      for (let i = 0; i < s.values.length; i++) values.push(s.values[i]);
    }
    const pooled = chunk.latency;
    for (const key of ["p50", "p90", "p99", "answered"] as const) {
      const values = this.latency[key];
      values.length = pooled.from;
      for (const v of pooled[key]) values.push(v);
    }
    this.dns.push(...chunk.dns);
    this.nodes.push(...chunk.nodes);
    this.states.push(...chunk.states);
    this.log.push(...chunk.log);
    this.buckets = end;
    this.now = chunk.now;
    this.events = chunk.events;
    this.wallSeconds = chunk.wallSeconds;
    this.version++;
  }

  finish(result: RunResult): void {
    this.result = result;
    this.status = "done";
    this.wallSeconds = result.wallSeconds;
    this.version++;
  }

  stop(status: "cancelled" | "failed", error: string | null = null): void {
    if (this.status !== "running") return;
    this.status = status;
    this.error = error;
    this.version++;
  }

  /** The values received so far of one series (the live array, not a copy), or an empty array. */
  values(metric: string, dimension = "lb"): readonly number[] {
    return this.series.get(seriesKey(metric, dimension)) ?? [];
  }

  /** One bucket's value of a series (0 when the series does not exist). */
  at(metric: string, dimension: string, bucket: number): number {
    return this.series.get(seriesKey(metric, dimension))?.[bucket] ?? 0;
  }

  has(metric: string, dimension = "lb"): boolean {
    return this.series.has(seriesKey(metric, dimension));
  }

  /** The largest value received of every series of `metric` whose dimension starts with `prefix`. */
  peak(metric: string, prefix: string): number {
    const key = seriesKey(metric, prefix);
    const cached = this.peaks.get(key);
    if (cached && cached.version === this.version) return cached.value;
    let value = 0;
    for (const [k, values] of this.series) {
      if (!k.startsWith(key)) continue;
      for (let i = 0; i < this.buckets; i++) if (values[i] > value) value = values[i];
    }
    this.peaks.set(key, { version: this.version, value });
    return value;
  }

  /** Sum of a series over the buckets received (NaN buckets skipped). */
  total(metric: string, dimension = "lb"): number {
    let sum = 0;
    for (const v of this.values(metric, dimension)) if (Number.isFinite(v)) sum += v;
    return sum;
  }

  /**
   * The buckets so far as the report's charts take them, in the recorder's order. The arrays are
   * the live ones, not copies: read them before the next chunk arrives, or copy them.
   */
  timeseries(): TimeSeries {
    const series = [...this.series].map(([key, values]) => {
      const [metric, dimension] = key.split("\u0000");
      return { metric, dimension, values };
    });
    return { interval: this.meta.interval, buckets: this.buckets, series };
  }

  /** Time in seconds of the start of a bucket. */
  time(bucket: number): number {
    return bucket * this.meta.interval;
  }

  /** The bucket holding a time (clamped to those received). */
  bucketAt(seconds: number): number {
    return Math.max(0, Math.min(this.buckets - 1, Math.floor(seconds / this.meta.interval + 1e-9)));
  }
}

function seriesKey(metric: string, dimension: string): string {
  return `${metric}\u0000${dimension}`;
}
