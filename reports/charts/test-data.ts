// Small, fixed chart inputs for the snapshot tests: synthetic, so a change in the model never
// changes a chart snapshot; only a change in the charts does.
import type { LogEntry } from "../../sim/metrics/result";

/** n values of a smooth curve with a bump, rounded to 3 decimals. */
export function wave(n: number, base: number, amplitude: number, phase = 0): number[] {
  return Array.from(
    { length: n },
    (_, i) => Math.round((base + amplitude * Math.sin(i / 4 + phase) + (i > n / 2 ? amplitude : 0)) * 1000) / 1000,
  );
}

export const LOG: LogEntry[] = [
  { at: 20, type: "health", node: "a-n1", target: "a-1", state: "unhealthy" },
  { at: 30, type: "health", node: "b-n1", target: "a-1", state: "unhealthy" },
  { at: 50, type: "health", node: "a-n1", target: "a-1", state: "healthy" },
  { at: 55, type: "health", node: "b-n1", target: "a-1", state: "healthy" },
  { at: 25, type: "fail", target: "b-1" },
  { at: 45, type: "recover", target: "b-1" },
  { at: 35, type: "deregister", target: "a-2" },
  { at: 48, type: "deregistered", target: "a-2" },
  { at: 10, type: "register", target: "b-2" },
  { at: 22, type: "health", node: "a-n1", target: "b-2", state: "healthy" },
  { at: 26, type: "health", node: "b-n1", target: "b-2", state: "healthy" },
];

/** The value axis' tick labels of a chart, bottom to top (the labels right-aligned left of the plot). */
export function valueTicks(svg: string): string[] {
  return [...svg.matchAll(/<text [^>]*text-anchor="end" fill="#595959">([^<]*)<\/text>/g)]
    .map((m) => m[1])
    .filter((t) => t !== "simulated time →");
}
