// Numbers and times as the dashboard shows them.
import { format } from "d3-format";

/** 1234567 → "1.23 M", 12345 → "12,345". */
export function formatCount(x: number): string {
  if (!Number.isFinite(x)) return "—";
  if (Math.abs(x) >= 1e6) return `${format(".3~s")(x).replace(/M$/, " M").replace(/G$/, " G")}`;
  return format(",.0f")(x);
}

/** Seconds as m:ss or h:mm:ss (simulated time). */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds + 1e-9));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** A latency in seconds as "42 ms" or "1.2 s". */
export function formatLatency(seconds: number): string {
  if (!Number.isFinite(seconds)) return "—";
  if (seconds < 1) return `${format(".3~r")(seconds * 1000)} ms`;
  return `${format(".3~r")(seconds)} s`;
}

/** A fraction as a percentage with sensible precision: 0.1234 → "12.3 %", 0.00004 → "0.004 %". */
export function formatPercent(x: number): string {
  if (!Number.isFinite(x)) return "—";
  if (x === 0) return "0 %";
  const p = x * 100;
  return `${p >= 10 ? format(".1f")(p) : format(".2~r")(p)} %`;
}
