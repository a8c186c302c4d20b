// The bundled crowd scenarios tell the stories their descriptions promise. To keep the suite
// fast they run with `--set` overrides that shorten them or scale traffic and capacity down by
// the same factor (the controller sizes nodes from demand/capacity, so the dynamics are alike).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runScenario, type RunOutput } from "../run";
import { formatErrors, loadScenario } from "../scenario/load";
import { seriesValues } from "./test-scenario";

const SCENARIOS = fileURLToPath(new URL("../../scenarios/", import.meta.url));

function run(name: string, variant: string | null, overrides: string[] = []): RunOutput {
  const file = resolve(SCENARIOS, `${name}.yaml`);
  const loaded = loadScenario(readFileSync(file, "utf8"), {
    variant,
    overrides,
    readFile: (path) => readFileSync(resolve(dirname(file), path), "utf8"),
  });
  if (!loaded.ok) throw new Error(formatErrors(loaded.errors).join("\n"));
  return runScenario(loaded.scenario, { variant });
}

/** A tenth of the traffic, a tenth of the node capacity, and 15 minutes: the crowd, scaled. */
const SCALED_CROWD = [
  "duration=15m",
  "loadBalancer.node.capacity=100",
  "loadBalancer.node.surgeQueue=102",
  "clients.0.count=5000",
  "clients.0.rate=[{at: 0s, rps: 20}, {at: 5m, rps: 20}, {at: 5m30s, rps: 600}]",
];

function total(values: readonly number[], from: number, to: number): number {
  return values.slice(from, to).reduce((a, b) => a + b, 0);
}

describe("flash-crowd", () => {
  const cold = run("flash-crowd", "cold", SCALED_CROWD);

  it("spills over while cold, until the scale-out is ready and clients reach the new nodes", () => {
    const spill = seriesValues(cold.timeseries, "SpilloverCount", "lb");
    const ready = Math.max(...cold.result.scaling.filter((s) => s.action === "scale-out").map((s) => s.readyAt));
    expect(total(spill, 300, 360)).toBeGreaterThan(0); // the minute after the crowd arrives (1 s buckets)
    // Once the last node is ready, clients move within a TTL plus a connection's life
    // (20 requests at 600/5000 = 0.12 rps each ≈ 167 s): allow 60 + 170 s.
    expect(total(spill, Math.ceil(ready + 230), spill.length)).toBe(0);
    expect(cold.result.log.some((e) => e.type === "scale-out")).toBe(true);
  });

  it("barely spills when pre-warmed or with capacity reserved", () => {
    for (const variant of ["pre-warmed", "capacity-reserved"]) {
      const warm = run("flash-crowd", variant, SCALED_CROWD);
      expect(warm.result.requests.spillover).toBeLessThan(cold.result.requests.spillover / 50);
    }
  });
});

describe("jvm-dns-cache", () => {
  it("clients caching forever never reach the new nodes and keep spilling; TTL clients recover", () => {
    const ttl = run("jvm-dns-cache", "ttl", SCALED_CROWD);
    const forever = run("jvm-dns-cache", "forever", SCALED_CROWD);
    const added = (out: RunOutput) => out.result.nodes.filter((n) => n.launchedAt > 0);
    expect(added(forever).length).toBeGreaterThan(0);
    expect(added(forever).every((n) => n.requests === 0)).toBe(true);
    // Every node in DNS a TTL plus a connection's life (≈ 230 s) before the end has TTL clients.
    const settled = added(ttl).filter((n) => n.inDnsAt !== null && n.inDnsAt < 900 - 230);
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.every((n) => n.requests > 0)).toBe(true);
    const lastMinutes = (out: RunOutput) => {
      const spill = seriesValues(out.timeseries, "SpilloverCount", "lb");
      return total(spill, spill.length - 180 / out.timeseries.interval, spill.length); // the last 3 minutes
    };
    expect(lastMinutes(forever)).toBeGreaterThan(1000);
    expect(lastMinutes(ttl)).toBeLessThan(lastMinutes(forever) / 20);
  });
});

describe("gradual-ramp", () => {
  it("grows 50 % every five minutes without an error, the controller scaling ahead of it", () => {
    // Traffic and capacity both ÷ 10 (rates 30 → 513 rps, nodes of 100 rps).
    const rates = [300, 450, 675, 1013, 1519, 2278, 3417, 5126].map((rps, k) => `{at: ${5 * k}m, rps: ${rps / 10}}`);
    const out = run("gradual-ramp", null, [
      "loadBalancer.node.capacity=100",
      "clients.0.count=2000",
      `clients.0.rate=[${rates.join(", ")}]`,
    ]);
    expect(out.result.requests.total).toBe(out.result.requests.ok);
    expect(out.result.scaling.filter((s) => s.action === "scale-out").length).toBeGreaterThanOrEqual(1);
  });
});

describe("product-launch", () => {
  it("replays its trace: steady traffic, then a surge that spills over until the scale-out", () => {
    const out = run("product-launch", null, ["duration=14m"]);
    // The trace peaks near 3,600 rps against three 1,000-rps nodes.
    expect(out.result.requests.spillover).toBeGreaterThan(0);
    expect(out.result.scaling.some((s) => s.action === "scale-out")).toBe(true);
    const requests = seriesValues(out.timeseries, "RequestCount", "lb");
    const interval = out.timeseries.interval;
    const before = total(requests, 0, 540 / interval) / 540;
    const peak = total(requests, 660 / interval, 780 / interval) / 120;
    expect(before).toBeGreaterThan(250);
    expect(before).toBeLessThan(350);
    expect(peak).toBeGreaterThan(3000);
  });
});
