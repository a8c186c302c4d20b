import { describe, expect, it } from "vitest";
import { runScenario } from "../sim/run";
import { loadScenario } from "../sim/scenario/load";
import { type Comparison, compareJson, comparisonHtml, comparisonRows, comparisonTable } from "./compare";
import { TWO_ZONES } from "./test-data";

/** The two variants of TWO_ZONES run on its seed, as `elbsim compare` runs them (cli/compare.ts). */
function comparison(): Comparison {
  const load = (variant?: string) => {
    const loaded = loadScenario(TWO_ZONES, { variant });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    return loaded.scenario;
  };
  const variants = ["cross-zone-on", "cross-zone-off"].map((name) => {
    const scenario = load(name);
    return { name, scenario, ...runScenario(scenario, { variant: name }) };
  });
  return { base: load(), variants };
}

describe("a comparison", () => {
  const compared = comparison();

  it("prints --json as { variants: [{ name, result }] }", () => {
    const json = JSON.parse(JSON.stringify(compareJson(compared)));
    expect(Object.keys(json)).toEqual(["variants"]);
    expect(json.variants.map((v: { name: string }) => v.name)).toEqual(["cross-zone-on", "cross-zone-off"]);
    for (const v of json.variants) expect(Object.keys(v)).toEqual(["name", "result"]);
    expect(json.variants[1].result).toEqual(JSON.parse(JSON.stringify(compared.variants[1].result)));
  });

  it("tabulates key metrics with differences from the first variant", () => {
    const rows = comparisonRows(compared);
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
    const text = comparisonTable(compared);
    expect(text.split("\n")[1]).toMatch(/^metric\s+cross-zone-on\s+cross-zone-off \(vs cross-zone-on\)$/);
  });

  it("writes a self-contained report with a chart per compared quantity", () => {
    const html = comparisonHtml(compared);
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

  it("matches settings rows by name when a variant has a row the others lack", () => {
    // Inter-zone latency has a row only when set: the second variant's must not shift the rows.
    const [first, second] = compared.variants;
    const latent = {
      ...second,
      scenario: { ...second.scenario, loadBalancer: { ...second.scenario.loadBalancer, interZoneLatency: 0.001 } },
    };
    const html = comparisonHtml({ ...compared, variants: [first, latent] });
    const row = html.match(/<tr><th[^>]*>inter-zone latency \(differs\)<\/th>(.*?)<\/tr>/);
    expect(row?.[1]).toMatch(/<td[^>]*>none<\/td><td[^>]*>1ms a hop, each way<\/td>/);
    expect(html).toMatch(/<th[^>]*>zones<\/th><td[^>]*>a, b<\/td><td[^>]*>a, b<\/td>/);
  });

  it("calls a network load balancer's capacity units NLCUs", () => {
    const capacity = { peakLcus: 3, lcuHours: 1, billedLcuHours: 1, byDimension: {} };
    const network = {
      base: { ...compared.base, loadBalancer: { ...compared.base.loadBalancer, type: "network" as const } },
      variants: compared.variants.map((v) => ({ ...v, result: { ...v.result, capacity } })),
    };
    expect(comparisonRows(network).find((r) => r.key === "peakLcus")?.label).toBe("peak NLCUs");
    expect(comparisonRows(compared).some((r) => r.key === "peakLcus")).toBe(false);
  });

  it("adds what retrying clients saw of their own requests: the share that failed, and their latency", () => {
    const client = (failed: number, mean: number) => ({
      name: "app",
      requests: 1000,
      succeeded: 1000 - failed,
      succeededAfterRetry: 0,
      failed,
      attempts: 1200,
      amplification: 1.2,
      retries: {},
      timeouts: 0,
      circuitOpen: 0,
      latency: { mean, p50: mean, p90: mean, p99: 2 * mean },
    });
    const [a, b] = compared.variants;
    const withClients = {
      ...compared,
      variants: [
        { ...a, result: { ...a.result, clients: [client(300, 0.5)] } },
        { ...b, result: { ...b.result, clients: [client(0, 13)] } },
      ],
    };
    const rows = comparisonRows(withClients).filter((r) => r.key.startsWith("client:"));
    expect(rows.map((r) => [r.label, r.values])).toEqual([
      ["clients app: failed", [0.3, 0]],
      ["clients app: latency mean (retries incl.)", [0.5, 13]],
      ["clients app: latency p99 (retries incl.)", [1, 26]],
    ]);
    expect(comparisonTable(withClients)).toMatch(/clients app: failed +30\.0 % +0 % \(−30\.0 pp\)/);
  });

  it("overlays the instances in service per variant when the runs have Auto Scaling groups", () => {
    const withGroup = {
      ...compared,
      variants: compared.variants.map((v, i) => ({
        ...v,
        timeseries: {
          ...v.timeseries,
          series: [
            ...v.timeseries.series,
            ...["GroupInServiceInstances", "GroupDesiredCapacity"].map((metric) => ({
              metric,
              dimension: "asg=web",
              values: Array.from({ length: v.timeseries.buckets }, () => 2 + i),
            })),
          ],
        },
      })),
    };
    const labels = (html: string) => [...html.matchAll(/<svg [^>]*aria-label="([^"]*)"/g)].map((m) => m[1]);
    expect(labels(comparisonHtml(withGroup))).toContain("Instances in service");
    expect(comparisonHtml(withGroup)).toContain(
      "Auto Scaling instances in service, every group together, per variant.",
    );
    expect(labels(comparisonHtml(compared))).not.toContain("Instances in service");
  });
});
