// Numbers as every shell shows them: the CLI's summaries, report.html and the dashboard format
// counts, rates, percentages, latencies and times here, so a number reads the same everywhere.
// Percentages and latencies keep about three significant digits, decided after rounding (9.999 %
// reads 10.0 %, like 10.001 %); a number that is not there reads "–".
import type { MetricKind } from "../sim/metrics/key-metrics";

export { formatClock, formatDuration } from "../sim/scenario/units";

/** What a number reads when there is none (NaN: no request answered, no data yet). */
export const MISSING = "–";

/** A whole count with thousands separators: `12,345`; Infinity as `∞`. */
export function formatCount(n: number): string {
  if (Number.isNaN(n)) return MISSING;
  if (!Number.isFinite(n)) return n > 0 ? "∞" : "−∞";
  return (Math.round(n) || 0).toLocaleString("en-US");
}

/** A throughput per second, whole and to three significant digits (`714,000`), in millions from a million (`1.07 M`). */
export function formatRate(x: number): string {
  if (!Number.isFinite(x)) return MISSING;
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : formatCount(Number(x.toPrecision(3)));
}

/** A fraction as a percentage with the digits that matter: `25.0 %`, `6.25 %`, `0.031 %`, `0 %`. */
export function formatPercent(x: number): string {
  if (!Number.isFinite(x)) return MISSING;
  return `${x < 0 ? "−" : ""}${percentDigits(Math.abs(x) * 100)} %`;
}

/** A fraction as a whole percentage, for labels with little room and settings such as thresholds: `85 %`. */
export function formatWholePercent(x: number): string {
  if (!Number.isFinite(x)) return MISSING;
  return `${Math.round(x * 100) || 0} %`;
}

/** A difference of two fractions in percentage points, unsigned: `1.25 pp`. */
export function formatPoints(x: number): string {
  if (!Number.isFinite(x)) return MISSING;
  return `${percentDigits(Math.abs(x) * 100)} pp`;
}

/**
 * A percentage's digits: one decimal from 10, two below, two significant digits below 0.1; never
 * 100 for less than 100, and below 0.001 only said to be so.
 */
function percentDigits(p: number): string {
  if (p === 0) return "0";
  if (p < 0.001) return "< 0.001";
  const text =
    Number(p.toFixed(2)) >= 10 ? p.toFixed(1) : Number(p.toFixed(2)) >= 0.1 ? p.toFixed(2) : p.toPrecision(2);
  return p < 100 && Number(text) >= 100 ? "99.9" : text;
}

/**
 * Seconds of latency, in milliseconds below 10 s: three significant digits (`9.81 ms`), a tenth
 * from 100 ms (`187.7 ms`), whole from 1 s (`1043 ms`); seconds with a tenth from 10 s (`12.3 s`).
 * Below a microsecond is floating-point noise, not latency: `0 ms`.
 */
export function formatLatency(s: number): string {
  if (!Number.isFinite(s)) return MISSING;
  const sign = s < 0 ? "−" : "";
  const a = Math.abs(s);
  if (a < 1e-6) return "0 ms";
  const m = a * 1000;
  if (Math.round(m) >= 10_000)
    return `${sign}${Number(a.toFixed(1)).toLocaleString("en-US", { minimumFractionDigits: 1 })} s`;
  if (Number(m.toFixed(1)) >= 1000) return `${sign}${m.toFixed(0)} ms`;
  if (Number(m.toPrecision(3)) >= 100) return `${sign}${m.toFixed(1)} ms`;
  return `${sign}${m.toPrecision(3)} ms`;
}

/** Wall-clock time a run took: `1.25 s`, `12.3 s`. */
export function formatElapsed(s: number): string {
  if (!Number.isFinite(s)) return MISSING;
  return s >= 10 ? `${s.toFixed(1)} s` : `${s.toFixed(2)} s`;
}

/** Simulated time as a stopwatch shows it, m:ss or h:mm:ss: the dashboard's time display. */
export function formatStopwatch(seconds: number): string {
  if (!Number.isFinite(seconds)) return MISSING;
  const s = Math.max(0, Math.floor(seconds + 1e-9));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** A key metric's value (sim/metrics/key-metrics.ts): counts, fractions in percent, seconds as latency. */
export function formatMetric(kind: MetricKind, value: number): string {
  switch (kind) {
    case "count":
      return formatCount(value);
    case "fraction":
      return formatPercent(value);
    case "seconds":
      return formatLatency(value);
    case "dollars":
      return formatDollars(value);
  }
}

/** `$1,795.40`, `$0.10`, `$0.0037`: cents from a dollar up, two significant digits below. */
export function formatDollars(x: number): string {
  if (!Number.isFinite(x)) return MISSING;
  if (x >= 1) return `$${x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (x === 0) return "$0";
  return `$${x.toPrecision(2)}`;
}

/** A signed difference: counts as counts, fractions in percentage points, seconds as latency. */
export function formatDifference(kind: MetricKind, diff: number): string {
  if (!Number.isFinite(diff)) return MISSING;
  const size = Math.abs(diff);
  const text = kind === "fraction" ? formatPoints(size) : formatMetric(kind, size);
  // A difference that rounds to zero gets no sign ("0 pp", not "−0 pp"), nor one too small to show.
  if (/^([0.,]+|<)(\s|$)/.test(text.replace(/^\$/, ""))) return text;
  return `${diff > 0 ? "+" : "−"}${text}`;
}

/**
 * A status of `requests.byStatus` as a reader knows it: HTTP codes as they are, a network load
 * balancer's layer-4 resets (tcp_elb_reset, tcp_target_reset) said in words.
 */
export function statusLabel(status: string): string {
  if (status === "tcp_elb_reset") return "reset by the load balancer";
  if (status === "tcp_target_reset") return "reset by target";
  return status.replaceAll("_", " ");
}
