import { describe, expect, it } from "vitest";
import { nodeCountChart } from "./node-count-chart";
import { valueTicks } from "./test-data";

describe("nodeCountChart", () => {
  it("steps the node count and marks scaling with labelled rules", async () => {
    const values = Array.from({ length: 600 }, (_, i) => (i < 300 ? 3 : i < 480 ? 6 : 9));
    const svg = nodeCountChart(
      {
        interval: 1,
        series: [{ label: "nodes, all zones", values }],
        markers: [
          { at: 120, kind: "scale-out", label: "scale-out → 2/zone" },
          { at: 300, kind: "node-ready", label: "a-n2 ready" },
          { at: 300, kind: "node-ready", label: "b-n2 ready" },
          { at: 300, kind: "node-ready", label: "c-n2 ready" },
          { at: 360, kind: "scale-out", label: "scale-out → 3/zone" },
          { at: 480, kind: "node-ready", label: "a-n3 ready" },
          { at: 598, kind: "node-retiring", label: "a-n1 retiring" },
        ],
      },
      { title: "Load balancer nodes" },
    );
    expect(svg).toContain("a-n2 ready +2");
    await expect(svg).toMatchFileSnapshot("./__snapshots__/node-count-chart.svg");
  });

  it("draws no rules and no label rows without markers", () => {
    const svg = nodeCountChart({ interval: 1, series: [{ label: "nodes", values: [2, 2, 2] }] });
    expect(svg).not.toContain('stroke-dasharray="3 2"');
  });
});

describe("nodeCountChart with a yDomain", () => {
  it("draws 3 and 9 nodes on the same value axis", () => {
    const chart = (count: number) =>
      nodeCountChart({ interval: 1, series: [{ label: "nodes", values: [count, count] }] }, { yDomain: [0, 10] });
    expect(valueTicks(chart(3))).toEqual(valueTicks(chart(9)));
    expect(valueTicks(chart(3)).at(-1)).toBe("10");
  });
});
