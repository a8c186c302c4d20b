// The capacity chart's data: the load balancer's nodes and each Auto Scaling group's instances over
// time (docs/design.md#auto-scaling-groups), so a flash crowd shows both fleets catching up, and
// when. Markers are the groups' scaling activities, one per group, direction and instant.
import type { LogEntry, TimeSeries } from "../../sim/metrics/result";
import { dimensionsOf, seriesValues } from "./from-run";
import type { NodeCountData, NodeCountSeries, ScalingMarker } from "./node-count-chart";
import { OKABE_ITO, categorical } from "./palette";

/** Whether a run has an Auto Scaling group to chart. */
export function hasAutoScaling(ts: TimeSeries): boolean {
  return ts.series.some((s) => s.metric === "GroupDesiredCapacity");
}

export function capacityData(ts: TimeSeries, result: { log: readonly LogEntry[] }): NodeCountData {
  const series: NodeCountSeries[] = [];
  const nodes = seriesValues(ts, "NodeCount");
  if (nodes) series.push({ label: "load balancer nodes", values: nodes, color: OKABE_ITO.blue });
  dimensionsOf(ts, "GroupInServiceInstances", "asg=").forEach(({ name, values }, g) => {
    const color = categorical(g + 1);
    series.push({ label: `${name} in service`, values, color });
    const desired = seriesValues(ts, "GroupDesiredCapacity", `asg=${name}`);
    if (desired) series.push({ label: `${name} desired`, values: desired, color, dash: "6 3" });
    const pending = seriesValues(ts, "GroupPendingInstances", `asg=${name}`);
    if (pending) series.push({ label: `${name} launching`, values: pending, color, dash: "2 3" });
  });
  return { interval: ts.interval, series, markers: activityMarkers(result.log) };
}

/** `+5 web` at a scale-out's instant, `−2 web` at a scale-in's (replacements included). */
export function activityMarkers(log: readonly LogEntry[]): ScalingMarker[] {
  const merged = new Map<string, ScalingMarker & { count: number; group: string; sign: string }>();
  for (const e of log) {
    if (e.type !== "asg-launch" && e.type !== "asg-terminate") continue;
    const out = e.type === "asg-launch";
    const key = `${e.at} ${e.group} ${e.type}`;
    const m = merged.get(key);
    if (m) m.count++;
    else
      merged.set(key, {
        at: e.at,
        kind: out ? "scale-out" : "scale-in",
        label: "",
        count: 1,
        group: String(e.group),
        sign: out ? "+" : "−",
      });
  }
  return [...merged.values()].map(({ at, kind, count, group, sign }) => ({
    at,
    kind,
    label: `${sign}${count} ${group}`,
  }));
}
