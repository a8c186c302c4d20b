import { describe, expect, it } from "vitest";
import type { LogEntry, TimeSeries } from "../../sim/metrics/result";
import { activityMarkers, capacityData, hasAutoScaling } from "./capacity-data";
import { nodeCountChart } from "./node-count-chart";

const ts: TimeSeries = {
  interval: 60,
  buckets: 3,
  series: [
    { metric: "NodeCount", dimension: "lb", values: [2, 2, 4] },
    { metric: "GroupDesiredCapacity", dimension: "asg=web", values: [2, 6, 6] },
    { metric: "GroupInServiceInstances", dimension: "asg=web", values: [2, 2, 6] },
    { metric: "GroupPendingInstances", dimension: "asg=web", values: [0, 4, 0] },
  ],
};
const log: LogEntry[] = [
  { at: 60, type: "asg-launch", group: "web", target: "web-3" },
  { at: 60, type: "asg-launch", group: "web", target: "web-4" },
  { at: 150, type: "asg-terminate", group: "web", target: "web-1" },
  { at: 150, type: "health", target: "web-1" },
];

describe("capacity chart data", () => {
  it("draws nodes and each group's instances, with one marker per activity", () => {
    expect(hasAutoScaling(ts)).toBe(true);
    expect(hasAutoScaling({ ...ts, series: ts.series.slice(0, 1) })).toBe(false);
    const data = capacityData(ts, { log });
    expect(data.series.map((s) => [s.label, s.values])).toEqual([
      ["load balancer nodes", [2, 2, 4]],
      ["web in service", [2, 2, 6]],
      ["web desired", [2, 6, 6]],
      ["web launching", [0, 4, 0]],
    ]);
    expect(activityMarkers(log)).toEqual([
      { at: 60, kind: "scale-out", label: "+2 web" },
      { at: 150, kind: "scale-in", label: "−1 web" },
    ]);
    const svg = nodeCountChart(data, { title: "Capacity" });
    expect(svg).toContain("web in service");
    expect(svg).toContain("+2 web");
  });
});
