import { describe, expect, it } from "vitest";
import { intervalChart } from "./interval-chart";

describe("intervalChart", () => {
  it("draws a mean and its interval per value, a series per combination and a threshold rule", async () => {
    const svg = intervalChart(
      [
        {
          label: "cache ttl",
          points: [1, 2, 3, 4].map((x) => ({ x, mean: 0.4 / x, low: 0.3 / x, high: 0.5 / x })),
        },
        { label: "cache forever", points: [1, 2, 3, 4].map((x) => ({ x, mean: 0.3, low: 0.25, high: 0.35 })) },
      ],
      {
        title: "error rate",
        unit: "share",
        yLabel: "error rate",
        xLabel: "nodesPerZone",
        rules: [{ value: 0.01, label: "errorRate<1%" }],
      },
    );
    expect(svg.match(/class="interval"/g)).toHaveLength(8);
    expect(svg).toContain('class="rule"');
    await expect(svg).toMatchFileSnapshot("./__snapshots__/interval-chart.svg");
  });

  it("places labels as categories, with each replication a dot, and one value without an interval", () => {
    const svg = intervalChart([
      {
        label: "",
        points: [
          { x: "on", mean: 2, low: 1, high: 3, values: [1.5, 2, 2.5] },
          { x: "off", mean: 1, low: NaN, high: NaN },
        ],
      },
    ]);
    expect(svg).toContain(">on</text>");
    expect(svg.match(/<circle/g)).toHaveLength(5);
  });

  it("labels a small share's ticks with the decimals they need, each label once", () => {
    // An error rate of 0.53 % ± 0.09 pp: ticks 0.2 % apart must not all read "0 %".
    const svg = intervalChart(
      [{ label: "", points: [{ x: "aws-adaptive", mean: 0.0053, low: 0.0044, high: 0.0062 }] }],
      { unit: "share", yLabel: "error rate" },
    );
    const ticks = [...svg.matchAll(/text-anchor="end"[^>]*>([^<]*%)<\/text>/g)].map((m) => m[1]);
    expect(ticks.length).toBeGreaterThan(2);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks).toContain("0.2%");
  });
});
