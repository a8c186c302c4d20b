import { describe, expect, it } from "vitest";
import { healthSegments, healthSwimlanes } from "./health-swimlanes";
import { LOG } from "./test-data";

const targets = [
  { id: "a-1", zone: "a" },
  { id: "a-2", zone: "a" },
  { id: "b-1", zone: "b" },
  { id: "b-2", zone: "b" },
];
const nodes = [
  { id: "a-n1", launchedAt: 0, retiredAt: null },
  { id: "b-n1", launchedAt: 0, retiredAt: null },
];

describe("healthSegments", () => {
  it("reads a target unhealthy in one node's view as partial, in every node's as unhealthy", () => {
    const lane = healthSegments({ duration: 60, targets, nodes, log: LOG }).filter((s) => s.target === "a-1");
    expect(lane.map((s) => [s.start, s.end, s.state])).toEqual([
      [0, 20, "healthy"],
      [20, 30, "partial"],
      [30, 50, "unhealthy"],
      [50, 55, "partial"],
      [55, 60, "healthy"],
    ]);
    expect(lane[1]).toMatchObject({ unhealthyViews: 1, views: 2 });
  });

  it("follows a target through draining and deregistration, and a late one from registration to healthy", () => {
    const segments = healthSegments({ duration: 60, targets, nodes, log: LOG });
    const lane = (id: string) => segments.filter((s) => s.target === id).map((s) => [s.start, s.state]);
    expect(lane("a-2")).toEqual([
      [0, "healthy"],
      [35, "draining"],
      [48, "absent"],
    ]);
    expect(lane("b-1")).toEqual([
      [0, "healthy"],
      [25, "failed"],
      [45, "healthy"],
    ]);
    expect(lane("b-2")).toEqual([
      [0, "absent"],
      [10, "initial"],
      [26, "healthy"],
    ]);
  });

  it("gives one healthy segment per target when the log is empty", () => {
    expect(healthSegments({ duration: 60, targets, log: [] }).map((s) => [s.target, s.state, s.end])).toEqual(
      targets.map((t) => [t.id, "healthy", 60]),
    );
  });
});

describe("healthSwimlanes", () => {
  it("draws one lane per target with coloured segments", async () => {
    const svg = healthSwimlanes({ duration: 60, targets, nodes, log: LOG }, { title: "Target health", cursor: 30 });
    expect(svg).toContain("unhealthy in 1 of 2 nodes&#39; view");
    await expect(svg).toMatchFileSnapshot("./__snapshots__/health-swimlanes.svg");
  });
});
