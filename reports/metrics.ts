// Key metrics as people read them (sim/metrics/key-metrics.ts defines them): the report's
// headline, the comparison table and the replication statistics all format them here.
import { format } from "d3-format";
import type { MetricKind } from "../sim/metrics/key-metrics";

const grouped = format(",.0f");
const fixed = (digits: number) => format(`,.${digits}f`);

/** A value as people read it: `12,345`, `1.23 %`, `85.2 ms`, `1.50 s`; NaN as "–". */
export function formatMetric(kind: MetricKind, value: number): string {
  if (!Number.isFinite(value)) return value === Infinity ? "∞" : "–";
  switch (kind) {
    case "count":
      return grouped(value);
    case "fraction":
      return `${percent(value * 100)} %`;
    case "seconds":
      // Below a microsecond is floating-point noise, not latency.
      if (Math.abs(value) < 1e-6) return "0 ms";
      return Math.abs(value) < 1 ? `${significant(value * 1000)} ms` : `${fixed(2)(value)} s`;
  }
}

/** A signed difference: counts as counts, fractions in percentage points, seconds in ms or s. */
export function formatDifference(kind: MetricKind, diff: number): string {
  if (!Number.isFinite(diff)) return "–";
  const sign = diff > 0 ? "+" : diff < 0 ? "−" : "";
  const size = Math.abs(diff);
  const text = kind === "fraction" ? `${percent(size * 100)} pp` : formatMetric(kind, size);
  // A difference that rounds to zero gets no sign ("0.00 pp", not "−0.00 pp").
  return /^[0.,]+(\s|$)/.test(text) ? text : `${sign}${text}`;
}

/** Three significant digits, without trailing zeros past the point (`85.2`, `0.0123`, `1,230`). */
function significant(x: number): string {
  if (x === 0) return "0";
  return Math.abs(x) >= 1000 ? grouped(x) : format(".3~r")(x);
}

/** Percent with two decimals below 10, one below 100: `0.12`, `12.3`, `100`. */
function percent(x: number): string {
  const a = Math.abs(x);
  return a === 0 ? "0" : a < 10 ? fixed(2)(x) : a < 100 ? fixed(1)(x) : grouped(x);
}
