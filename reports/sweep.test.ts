import { describe, expect, it } from "vitest";
import type { KeyMetric } from "../sim/metrics/key-metrics";
import {
  type RunRecord,
  type SweepHeader,
  answerLines,
  shortNames,
  summarizeSweep,
  sweepCsv,
  sweepTable,
} from "./sweep";
import { sweepHtml } from "./sweep-report";

// nodesPerZone 1..3 × cache ttl/forever, two seeds: the error rate falls with nodes, and with
// `forever` it stays high.
const header: SweepHeader = {
  elbsim: "0.0.0",
  sweep: "ab".repeat(32),
  scenario: { name: "s", title: "S", description: "", seed: 1, duration: 60 },
  settings: ["loadBalancer.nodesPerZone", "clients.0.dnsCache"],
  grid: true,
  points: [1, 2, 3].flatMap((n) =>
    ["ttl", "forever"].map((c) => ({ "loadBalancer.nodesPerZone": n, "clients.0.dnsCache": c })),
  ),
  seeds: [11, 12],
  thresholds: ["errorRate<1%", "latency.p99<500ms with 95% confidence"],
};
const ERRORS = [0.2, 0.3, 0.004, 0.25, 0.001, 0.2];
const metrics = (p: number, i: number): KeyMetric[] => [
  { key: "errorRate", label: "error rate", kind: "fraction", value: ERRORS[p] + i * 0.001 },
  { key: "latencyP99", label: "latency p99", kind: "seconds", value: 0.3 + i * 0.01 },
];
const records: RunRecord[] = header.points.flatMap((_, p) =>
  header.seeds.map((seed, i) => ({ run: p * 2 + i, point: p, seed, digest: `d${p}${i}`, metrics: metrics(p, i) })),
);
const summary = summarizeSweep(header, [...records].reverse());

describe("summarizeSweep", () => {
  it("gives each point its intervals over the seeds and its thresholds judged on them", () => {
    const point = summary.points[2];
    expect(point.settings).toEqual({ "loadBalancer.nodesPerZone": 2, "clients.0.dnsCache": "ttl" });
    expect(point.digests).toEqual(["d20", "d21"]);
    const errorRate = point.metrics.find((m) => m.key === "errorRate")!;
    expect(errorRate.n).toBe(2);
    expect(errorRate.mean).toBeCloseTo(0.0045, 12);
    expect(point.thresholds.map((t) => [t.judgedOn, t.pass])).toEqual([
      ["mean", true],
      ["high", true],
    ]);
    expect(summary.points.map((p) => p.meets)).toEqual([false, false, true, false, true, false]);
  });

  it("answers with the smallest value of the first setting that meets every threshold, per value of the others", () => {
    expect(summary.answers).toEqual([
      { setting: "loadBalancer.nodesPerZone", others: { "clients.0.dnsCache": "ttl" }, value: 2, point: 2 },
      { setting: "loadBalancer.nodesPerZone", others: { "clients.0.dnsCache": "forever" }, value: null, point: null },
    ]);
    expect(answerLines(summary)).toEqual([
      "Smallest loadBalancer.nodesPerZone that meets every threshold with clients.0.dnsCache = ttl: 2.",
      "No loadBalancer.nodesPerZone in the sweep meets every threshold with clients.0.dnsCache = forever.",
    ]);
  });

  it("answers a list of points with the first that meets them, and judges one run per point on its value", () => {
    const list = summarizeSweep(
      { ...header, grid: false, seeds: [11] },
      records.filter((r) => r.seed === 11).map((r) => ({ ...r, run: r.point })),
    );
    expect(list.answers).toEqual([{ setting: null, others: {}, value: list.points[2].settings, point: 2 }]);
    expect(list.points[0].thresholds[0]).toMatchObject({ judgedOn: "run", value: 0.2 });
    expect(answerLines(list)).toEqual([
      "The first point that meets every threshold: 3 (loadBalancer.nodesPerZone = 2, clients.0.dnsCache = ttl).",
    ]);
  });
});

describe("the sweep's outputs", () => {
  it("are tidy CSV: one row per point and metric, the settings by their paths", () => {
    const lines = sweepCsv(summary).split("\n");
    expect(lines[0]).toBe(
      "point,loadBalancer.nodesPerZone,clients.0.dnsCache,metric,replications,mean,halfWidth,low,high",
    );
    expect(lines[1]).toMatch(/^1,1,ttl,errorRate,2,0\.2005,[\d.]+,0\.19[\d]+,0\.20[\d]+$/);
    expect(lines).toHaveLength(6 * 2 + 2);
  });

  it("read as a table with a row per point, its marks and the answers", () => {
    const text = sweepTable(summary);
    expect(text.split("\n")[0]).toBe(
      "s · a grid over loadBalancer.nodesPerZone × clients.0.dnsCache · 6 points, 12 runs · 2 replications each on the same seeds (common random numbers), mean ± 95 % half-width",
    );
    expect(text).toMatch(/^ +3 {2}2 +ttl +0\.45 % ± [\d.]+ pp +– +– +305\.0 ms ± [\d.]+ ms {2}✓$/m);
    expect(text).toMatch(/^ +4 {2}2 +forever .*✗ 1$/m);
    expect(text).toContain(
      "Thresholds, on each point's intervals: 1. errorRate<1%   2. latency.p99<500ms with 95% confidence",
    );
    expect(shortNames(["a.x", "b.x", "c.y"])).toEqual(["a.x", "b.x", "y"]);
  });

  it("make a self-contained report with a chart of interval bars per metric and the threshold drawn", () => {
    const html = sweepHtml(summary);
    expect(html).not.toMatch(/<script|(src|href)="(https?:)?\/\//);
    expect(html.match(/<figure>/g)).toHaveLength(2);
    expect(html).toContain('class="rule"');
    expect(html).toContain(
      "Smallest loadBalancer.nodesPerZone that meets every threshold with clients.0.dnsCache = ttl: 2.",
    );
  });
});
