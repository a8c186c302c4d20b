import { describe, expect, it } from "vitest";
import { stackedAreaChart } from "./stacked-area-chart";
import { valueTicks, wave } from "./test-data";

describe("stackedAreaChart", () => {
  it("stacks requests per zone", async () => {
    const svg = stackedAreaChart(
      {
        interval: 1,
        layers: [
          { label: "zone a", values: wave(60, 100, 30) },
          { label: "zone b", values: wave(60, 80, 20, 1) },
        ],
      },
      { title: "Requests per zone", yLabel: "requests/s" },
    );
    await expect(svg).toMatchFileSnapshot("./__snapshots__/stacked-area-chart.svg");
  });

  it("shows shares per target coloured by zone, with one legend entry per zone", async () => {
    const layers = ["a-1", "a-2", "b-1", "b-2", "b-3"].map((id, i) => ({
      label: id,
      values: wave(40, 20 + i * 5, 5, i),
      group: `zone ${id[0]}`,
    }));
    const svg = stackedAreaChart(
      { interval: 5, layers },
      { title: "Share of requests per target", mode: "share", yLabel: "requests", cursor: 100 },
    );
    expect(svg).toContain("share of requests (%)");
    expect(svg.match(/<rect /g)?.length).toBe(2);
    await expect(svg).toMatchFileSnapshot("./__snapshots__/stacked-area-share.svg");
  });
});

describe("stackedAreaChart with a yDomain", () => {
  it("draws small and large totals on the same value axis, clipped to it", () => {
    const chart = (base: number) =>
      stackedAreaChart(
        { interval: 1, layers: [{ label: "zone a", values: wave(20, base, 5) }] },
        { yDomain: [0, 200] },
      );
    expect(valueTicks(chart(20))).toEqual(valueTicks(chart(150)));
    expect(valueTicks(chart(20)).at(-1)).toBe("200");
    expect(valueTicks(chart(900)).at(-1)).toBe("200");
  });
});
