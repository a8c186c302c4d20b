import { describe, expect, it } from "vitest";
import { lineChart } from "./line-chart";
import { textWidth } from "./svg";
import { wave } from "./test-data";

describe("lineChart", () => {
  it("draws latency percentiles in milliseconds with a gap where a bucket has no observation", async () => {
    const p99 = wave(60, 0.3, 0.1);
    p99[20] = NaN;
    const svg = lineChart(
      {
        interval: 1,
        series: [
          { label: "p99", values: p99, aggregate: "max" },
          { label: "mean", values: wave(60, 0.08, 0.02), dash: "6 3" },
        ],
      },
      { title: "Client latency", unit: "seconds", yLabel: "latency", cursor: 42 },
    );
    expect(svg).toContain("latency (ms)");
    expect(svg).toContain('class="cursor"');
    await expect(svg).toMatchFileSnapshot("./__snapshots__/line-chart.svg");
  });

  it("keeps the last time label inside the drawing: 1h10m ends at the plot's right edge", () => {
    const svg = lineChart({ interval: 60, series: [{ label: "x", values: wave(70, 10, 3) }] }, { width: 720 });
    const label = svg.match(/<text x="([\d.]+)"[^>]*>1h10m<\/text>/);
    expect(label).not.toBeNull();
    // Centred on the last tick, half the label would stand in the 16 px right margin, and a
    // browser's glyphs, wider than the estimate, ran past the drawing.
    const right = Number(svg.match(/data-x1="([\d.]+)"/)?.[1]);
    expect(Number(label![1]) + textWidth("1h10m") / 2).toBeCloseTo(right, 0);
  });

  it("bins a long series to at most maxPoints points", () => {
    const svg = lineChart({ interval: 1, series: [{ label: "x", values: wave(5000, 10, 3) }] }, { maxPoints: 100 });
    const path = /<path d="([^"]+)"/.exec(svg)![1];
    expect(path.split("L").length).toBe(100);
  });

  it("says so when there is no data", () => {
    expect(lineChart({ interval: 1, series: [{ label: "p99", values: [NaN, NaN] }] })).toContain("no data");
  });
});

describe("the time axis", () => {
  it("is stated on the root <svg>: its ends in viewBox units and in seconds", () => {
    const svg = lineChart(
      { interval: 1, series: [{ label: "x", values: wave(60, 10, 3) }] },
      { width: 600, timeDomain: [0, 120] },
    );
    const root = /<svg [^>]*>/.exec(svg)![0];
    const attr = (name: string) => Number(new RegExp(`${name}="([^"]+)"`).exec(root)![1]);
    expect([attr("data-t0"), attr("data-t1")]).toEqual([0, 120]);
    expect(attr("data-x0")).toBe(52);
    expect(attr("data-x1")).toBe(584);
  });
});
