import { describe, expect, it } from "vitest";
import { STATUS_COLORS } from "./palette";
import { stackedBarChart } from "./stacked-bar-chart";
import { valueTicks } from "./test-data";

describe("stackedBarChart", () => {
  it("stacks errors by status per bucket", async () => {
    const burst = (from: number, to: number, v: number) =>
      Array.from({ length: 60 }, (_, i) => (i >= from && i < to ? v : 0));
    const svg = stackedBarChart(
      {
        interval: 1,
        categories: [
          { label: "502 (ELB)", values: burst(10, 14, 3), color: STATUS_COLORS["502"] },
          { label: "503 (ELB)", values: burst(12, 30, 12.5), color: STATUS_COLORS["503"] },
          { label: "5xx (target)", values: burst(40, 45, 2), color: STATUS_COLORS.target5xx },
        ],
      },
      { title: "Errors by status", yLabel: "errors/s" },
    );
    await expect(svg).toMatchFileSnapshot("./__snapshots__/stacked-bar-chart.svg");
  });

  it("says there were none when every value is 0", () => {
    const svg = stackedBarChart(
      { interval: 1, categories: [{ label: "503", values: [0, 0, 0] }] },
      { emptyText: "no errors" },
    );
    expect(svg).toContain("no errors");
    expect(svg).not.toContain("</rect>"); // bars carry a title; the legend swatch does not
  });
});

describe("stackedBarChart with a yDomain", () => {
  it("draws few and many errors on the same value axis", () => {
    const chart = (v: number) =>
      stackedBarChart({ interval: 1, categories: [{ label: "503", values: [0, v, v, 0] }] }, { yDomain: [0, 50] });
    expect(valueTicks(chart(2))).toEqual(valueTicks(chart(40)));
    expect(valueTicks(chart(2)).at(-1)).toBe("40");
  });
});
