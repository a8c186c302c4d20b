// Thresholds judged (sim/metrics/thresholds.ts) as the terminal and report.html show them: ✓ or
// ✗, the threshold as written, and the value it was judged on (with replications, the interval
// and which end of it was judged).
import type { RunResult } from "../sim/metrics/result";
import type { JudgedThreshold } from "../sim/metrics/thresholds";
import { formatMetric } from "./format";
import { esc, table } from "./html";
import { formatTable } from "./table";

export const PASS = "✓";
export const FAIL = "✗";

/** `0.031 %`, or `high 0.035 % (0.031 % ± …)` when judged on an interval. */
export function judgedValue(j: JudgedThreshold): string {
  const value = formatMetric(j.kind, j.value);
  if (j.judgedOn === "run") return value;
  const interval = `${formatMetric(j.kind, j.low!)} – ${formatMetric(j.kind, j.high!)}`;
  return j.judgedOn === "mean"
    ? `mean ${value} (95 % interval ${interval})`
    : `${j.judgedOn} bound ${value} (mean ${formatMetric(j.kind, j.mean!)})`;
}

/** The thresholds as lines under a heading; no lines when there are none. */
export function thresholdLines(judged: readonly JudgedThreshold[], heading = "Thresholds"): string[] {
  if (judged.length === 0) return [];
  const passed = judged.filter((j) => j.pass).length;
  const rows = judged.map((j) => [`${j.pass ? PASS : FAIL} ${j.threshold}`, judgedValue(j)]);
  return [
    `${heading}: ${passed} of ${judged.length} met${passed < judged.length ? `, ${judged.length - passed} breached` : ""}`,
    ...formatTable(rows, { align: ["left", "left"], gap: 3 })
      .split("\n")
      .map((line) => `  ${line}`),
  ];
}

/** The thresholds as an HTML section's content. */
export function thresholdsHtml(judged: readonly JudgedThreshold[]): string {
  return table(
    ["", "threshold", "value"],
    judged.map((j) => [
      { text: `<span class="${j.pass ? "pass" : "fail"}">${j.pass ? PASS : FAIL}</span>`, html: true },
      { text: `<code>${esc(j.threshold)}</code>`, html: true },
      judgedValue(j),
    ]),
  );
}

/** What `run --json` prints: the result, and the judged thresholds when the scenario has any. */
export function resultJson<R extends RunResult>(
  result: R,
  thresholds: readonly JudgedThreshold[] = [],
): R & { thresholds?: readonly JudgedThreshold[] } {
  return thresholds.length > 0 ? { ...result, thresholds } : result;
}
