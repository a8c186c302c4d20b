// What an import observed, bucket by bucket (docs/design.md#simulated-against-observed): counts,
// means, latency percentiles and values given per period, keyed by a bucket's start in epoch
// seconds, as input in any order may be. Memory grows with buckets and series, never with requests:
// percentiles come from log-spaced bins (5 % wide, some 470 counts a bucket), and the buckets are
// capped.
import { exp, log } from "../engine/math";
import type { Series, TimeSeries } from "../metrics/result";

/** Buckets one import may fill: a day of 1 s buckets, or a year of 5 min ones. */
export const MAX_BUCKETS = 100_000;
/** Latency bins are 5 % wide, from 1 µs to 10,000 s: a percentile is within 2.5 % of the true one. */
const BIN = log(1.05);
const FLOOR = 1e-6;
const BINS = Math.ceil(log(1e4 / FLOOR) / BIN) + 1;

/** The percentiles an import reports, under the names the simulator's series have (sim/model/meters.ts). */
export const LATENCY_PERCENTILES = [
  ["ClientLatencyP50", 0.5],
  ["ClientLatencyP90", 0.9],
  ["ClientLatencyP99", 0.99],
] as const;

type Kind = "sum" | "mean" | "value";

interface Accumulator {
  metric: string;
  dimension: string;
  kind: Kind;
  /** By bucket: the sum (sum, mean), the value (value). */
  values: Map<number, number>;
  counts: Map<number, number>;
}

export class ObservedBuckets {
  private readonly series = new Map<string, Accumulator>();
  /** By bucket, the count of each latency bin. */
  private readonly latencies = new Map<number, Uint32Array>();
  private readonly buckets = new Set<number>();
  /** Set when a point fell into a bucket beyond MAX_BUCKETS. */
  overflow = false;
  first = Infinity;
  last = -Infinity;

  constructor(readonly width: number) {}

  /** Adds n to a count (`RequestCount`) in the bucket holding epoch second t. */
  count(metric: string, dimension: string, t: number, n = 1): void {
    const k = this.bucket(t);
    if (k === null) return;
    const a = this.accumulator(metric, dimension, "sum");
    a.values.set(k, (a.values.get(k) ?? 0) + n);
  }

  /** One observation of a mean (`TargetResponseTime`). */
  mean(metric: string, dimension: string, t: number, value: number): void {
    const k = this.bucket(t);
    if (k === null) return;
    const a = this.accumulator(metric, dimension, "mean");
    a.values.set(k, (a.values.get(k) ?? 0) + value);
    a.counts.set(k, (a.counts.get(k) ?? 0) + 1);
  }

  /** A value given for the whole bucket (a CloudWatch data point); a second one for it replaces the first. */
  value(metric: string, dimension: string, t: number, value: number): void {
    const k = this.bucket(t);
    if (k === null) return;
    this.accumulator(metric, dimension, "value").values.set(k, value);
  }

  /** One request's latency in seconds, for the bucket's percentiles (`ClientLatencyP50` …). */
  latency(t: number, seconds: number): void {
    const k = this.bucket(t);
    if (k === null) return;
    let bins = this.latencies.get(k);
    if (!bins) {
      bins = new Uint32Array(BINS);
      this.latencies.set(k, bins);
    }
    const bin = Math.min(BINS - 1, Math.max(0, Math.floor(log(seconds / FLOOR) / BIN)));
    bins[bin]++;
  }

  /** The epoch second the series start at: the first bucket's start. */
  get origin(): number {
    return Number.isFinite(this.first) ? Math.floor(this.first / this.width) * this.width : 0;
  }

  /** Buckets from the first to the last one touched. */
  get span(): number {
    return Number.isFinite(this.first)
      ? Math.floor(this.last / this.width) - Math.floor(this.first / this.width) + 1
      : 0;
  }

  /** The observed series from `origin`, `buckets` long; a bucket with no observation is 0 for a count, NaN otherwise. */
  timeseries(origin = this.origin, buckets = this.span): TimeSeries {
    const base = Math.round(origin / this.width);
    const series: Series[] = [];
    for (const a of this.series.values()) {
      const values = new Array<number>(buckets).fill(a.kind === "sum" ? 0 : Number.NaN);
      for (const [k, v] of a.values) {
        const i = k - base;
        if (i < 0 || i >= buckets) continue;
        values[i] = a.kind === "mean" ? v / a.counts.get(k)! : v;
      }
      series.push({ metric: a.metric, dimension: a.dimension, values });
    }
    if (this.latencies.size > 0) {
      for (const [metric, q] of LATENCY_PERCENTILES) {
        const values = new Array<number>(buckets).fill(Number.NaN);
        for (const [k, bins] of this.latencies)
          if (k - base >= 0 && k - base < buckets) values[k - base] = percentile(bins, q);
        series.push({ metric, dimension: "lb", values });
      }
    }
    return { interval: this.width, buckets, series };
  }

  private bucket(t: number): number | null {
    const k = Math.floor(t / this.width);
    if (!this.buckets.has(k)) {
      if (this.buckets.size >= MAX_BUCKETS) {
        this.overflow = true;
        return null;
      }
      this.buckets.add(k);
    }
    if (t < this.first) this.first = t;
    if (t > this.last) this.last = t;
    return k;
  }

  private accumulator(metric: string, dimension: string, kind: Kind): Accumulator {
    const key = `${metric}\n${dimension}`;
    let a = this.series.get(key);
    if (!a) {
      a = { metric, dimension, kind, values: new Map(), counts: new Map() };
      this.series.set(key, a);
    }
    return a;
  }
}

/** The q-quantile of binned latencies: the geometric middle of the bin holding rank ⌈q·n⌉. */
export function percentile(bins: Uint32Array, q: number): number {
  let total = 0;
  for (const c of bins) total += c;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let b = 0; b < bins.length; b++) {
    seen += bins[b];
    if (seen >= rank) return FLOOR * exp((b + 0.5) * BIN);
  }
  return Number.NaN;
}

/**
 * A rate trace from counts per bucket: steps (two points at each bucket edge), so the cumulative
 * rate over each bucket is exactly its count and Poisson arrivals reproduce the counts on average.
 */
export function stepRate(counts: readonly number[], width: number): { at: number; rps: number }[] {
  const points: { at: number; rps: number }[] = [];
  counts.forEach((n, k) => {
    const rps = n / width;
    if (points.length === 0 || points[points.length - 1].rps !== rps) {
      if (points.length > 0) points.push({ at: k * width, rps: points[points.length - 1].rps });
      points.push({ at: k * width, rps });
    }
  });
  if (points.length > 0) points.push({ at: counts.length * width, rps: points[points.length - 1].rps });
  return dedupe(points);
}

/** Drops a point that repeats the one before (a step that changes nothing). */
function dedupe(points: { at: number; rps: number }[]): { at: number; rps: number }[] {
  return points.filter((p, i) => i === 0 || p.at !== points[i - 1].at || p.rps !== points[i - 1].rps);
}
