import { describe, expect, it } from "vitest";
import { compareJson, comparisonHtml, comparisonRows, comparisonTable, loadVariants, runComparison } from "./compare";
import { TWO_ZONES } from "./test-data";

describe("runComparison", () => {
  const run = runComparison(TWO_ZONES);
  if (!run.ok) throw new Error(JSON.stringify(run.errors));
  const { comparison } = run;

  it("runs every variant in the file's order on the scenario's seed", () => {
    expect(comparison.variants.map((v) => [v.name, v.result.variant, v.result.seed])).toEqual([
      ["cross-zone-on", "cross-zone-on", 3],
      ["cross-zone-off", "cross-zone-off", 3],
    ]);
    expect(comparison.variants.map((v) => v.scenario.loadBalancer.crossZone)).toEqual([true, false]);
  });

  it("gives the variants the same arrivals (common random numbers)", () => {
    // DNS and the clients draw from their own streams, so the nodes' shares cannot depend on cross-zone.
    const [on, off] = comparison.variants.map((v) => v.result.nodes.map((n) => n.requests));
    expect(on).toEqual(off);
  });

  it("prints --json as { variants: [{ name, result }] }", () => {
    const json = JSON.parse(JSON.stringify(compareJson(comparison)));
    expect(Object.keys(json)).toEqual(["variants"]);
    expect(json.variants.map((v: { name: string }) => v.name)).toEqual(["cross-zone-on", "cross-zone-off"]);
    for (const v of json.variants) expect(Object.keys(v)).toEqual(["name", "result"]);
    expect(json.variants[1].result).toEqual(JSON.parse(JSON.stringify(comparison.variants[1].result)));
  });

  it("tabulates key metrics with differences from the first variant", () => {
    const rows = comparisonRows(comparison);
    expect(rows.map((r) => r.key)).toEqual([
      "requests",
      "errorRate",
      "spilloverRate",
      "latencyMean",
      "latencyP50",
      "latencyP90",
      "latencyP99",
      "share:a",
      "share:b",
    ]);
    for (const r of rows) {
      expect(r.differences[0]).toBe(0);
      expect(r.differences[1]).toBeCloseTo(r.values[1] - r.values[0], 12);
    }
    const text = comparisonTable(comparison);
    expect(text.split("\n")[1]).toMatch(/^metric\s+cross-zone-on\s+cross-zone-off \(vs cross-zone-on\)$/);
  });

  it("writes a self-contained report with a chart per compared quantity", () => {
    const html = comparisonHtml(comparison);
    expect(html).not.toMatch(/<script|\b(src|href)=|url\(/i);
    expect([...html.matchAll(/<svg [^>]*aria-label="([^"]*)"/g)].map((m) => m[1])).toEqual([
      "Client latency p99",
      "Client latency, mean",
      "Errors",
      "Requests per zone",
      "Load balancer nodes",
    ]);
    expect(html).toContain("cross-zone load balancing (differs)");
  });
});

describe("loadVariants", () => {
  it("reports a variant name the file does not have", () => {
    const loaded = loadVariants(TWO_ZONES, { variants: ["cross-zone-on", "cross-zone-of"] });
    expect(loaded).toEqual({
      ok: false,
      errors: [{ path: "--variant", message: expect.stringContaining("no variant cross-zone-of") }],
    });
  });

  it("reports a scenario without variants", () => {
    const loaded = loadVariants(TWO_ZONES.replace(/variants:[\s\S]*$/, ""));
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.errors[0].path).toBe("variants");
  });

  it("reports a variant whose settings are invalid, at the variant's path", () => {
    const loaded = loadVariants(
      TWO_ZONES.replace(
        "cross-zone-off: { loadBalancer.crossZone: false }",
        "cross-zone-off: { loadBalancer.crossZone: maybe }",
      ),
    );
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.errors.map((e) => e.path).join(" ")).toContain("cross-zone-off");
  });
});
