// Metric buckets as tidy CSV (docs/design.md#results, a contract): header `time,metric,dimension,value`,
// one row per bucket, metric and dimension; `time` is the bucket's start in seconds. A bucket
// with no observation (NaN, e.g. TargetResponseTime when nothing was answered) has no row.
import type { TimeSeries } from "../sim/metrics/result";

export const CSV_HEADER = "time,metric,dimension,value";

/**
 * The whole series as one CSV text, rows by time, then in the series' order, ending with a
 * newline. Files are written from the chunks instead.
 */
export function timeseriesCsv(ts: TimeSeries): string {
  return [...timeseriesCsvChunks(ts)].join("");
}

/**
 * The same CSV in chunks of a few thousand rows, for writing as it is made: 500,000 buckets of
 * dozens of series make more text than one string can hold.
 */
export function* timeseriesCsvChunks(ts: TimeSeries, rowsPerChunk = 4096): Generator<string> {
  let lines = [CSV_HEADER];
  const names = ts.series.map((s) => `${field(s.metric)},${field(s.dimension)}`);
  for (let k = 0; k < ts.buckets; k++) {
    const time = csvNumber(k * ts.interval);
    for (let s = 0; s < ts.series.length; s++) {
      const value = ts.series[s].values[k];
      if (value === undefined || Number.isNaN(value)) continue;
      lines.push(`${time},${names[s]},${csvNumber(value)}`);
    }
    if (lines.length >= rowsPerChunk) {
      yield `${lines.join("\n")}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join("\n")}\n`;
}

/**
 * A number without floating-point noise: integers as they are, others to 9 significant digits
 * (0.1 · 3 is `0.3`, not `0.30000000000000004`). Infinity is written `inf`, as pandas reads it.
 */
export function csvNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return String(Number(x.toPrecision(9)));
}

/** Quoted only when it must be (RFC 4180): a comma, a quote or a line break. */
export function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
