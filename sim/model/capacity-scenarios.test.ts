// The capacity-unit scenarios tell the stories their descriptions promise: tls-connection-storm,
// cross-zone-cost and lcu-reservation, each run as shipped with its own seed.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { formatErrors, loadScenario } from "../scenario/load";

const SCENARIOS = fileURLToPath(new URL("../../scenarios/", import.meta.url));

function run(name: string, variant: string) {
  const loaded = loadScenario(readFileSync(resolve(SCENARIOS, `${name}.yaml`), "utf8"), { variant });
  if (!loaded.ok) throw new Error(formatErrors(loaded.errors).join("\n"));
  return runScenario(loaded.scenario, { variant }).result;
}

const rate = (r: { requests: { total: number; ok: number } }) => 1 - r.requests.ok / r.requests.total;

describe("tls-connection-storm", () => {
  it("new TLS connections saturate nodes a request-rate model would call 40 % busy; HTTP and keep-alive do not", () => {
    const https = run("tls-connection-storm", "https");
    expect(https.requests.spillover / https.requests.total).toBeGreaterThan(0.1);
    expect(https.requests.spillover / https.requests.total).toBeLessThan(0.15);
    // The largest dimension is new connections: 2,400/s is 96 LCUs.
    expect(https.capacity!.byDimension["new-connections"]).toBeGreaterThan(
      https.capacity!.byDimension["processed-bytes"],
    );
    expect(https.scaling[0]).toMatchObject({ at: 180, action: "scale-out" });
    const http = run("tls-connection-storm", "plain-http");
    expect(http.requests.spillover).toBe(0);
    expect(http.cost!.lcu).toBeCloseTo(https.cost!.lcu, 3);
    const keepAlive = run("tls-connection-storm", "keep-alive");
    expect(keepAlive.requests.spillover).toBe(0);
    expect(keepAlive.cost!.perMonth).toBeLessThan(0.6 * https.cost!.perMonth);
  });
});

describe("cross-zone-cost", () => {
  it("cross-zone on balances and costs data transfer; rebalancing the targets balances for free", () => {
    const off = run("cross-zone-cost", "cross-zone-off");
    const on = run("cross-zone-cost", "cross-zone-on");
    const rebalanced = run("cross-zone-cost", "rebalanced");
    expect(on.latency.p99).toBeLessThan(0.75 * off.latency.p99);
    // "When network traffic flows across AWS Availability Zones (AZs), whether from clients to
    // Network Load Balancers (NLBs) or from NLBs to targets, AWS applies an inter-zone data transfer
    // charge of $0.01 per GB in each direction" (docs/aws-behaviour.md#pricing). Clients in both
    // zones resolve either zone's node, so half of the bytes cross between client and node in every
    // variant (±5 %); cross-zone on sends half of them across again, node to target (6/8 from zone
    // a's node, 2/8 from b's), about doubling the bytes charged.
    for (const r of [off, rebalanced]) {
      expect(r.cost!.crossZoneGb / r.cost!.processedGb).toBeGreaterThan(0.45);
      expect(r.cost!.crossZoneGb / r.cost!.processedGb).toBeLessThan(0.55);
    }
    expect(on.cost!.crossZoneGb / off.cost!.crossZoneGb).toBeGreaterThan(1.9);
    expect(on.cost!.crossZoneGb / off.cost!.crossZoneGb).toBeLessThan(2.1);
    expect(on.cost!.crossZone).toBeCloseTo(on.cost!.crossZoneGb * 0.02, 12);
    // The crossing's own latency: about half of the requests cross, 2 ms there and back.
    expect(on.latency.mean - rebalanced.latency.mean).toBeGreaterThan(0.0005);
    expect(on.latency.mean - rebalanced.latency.mean).toBeLessThan(0.0015);
    expect(on.cost!.perMonth).toBeGreaterThan(1.5 * off.cost!.perMonth);
  });
});

describe("lcu-reservation", () => {
  it("a reservation in time rides out the launch; one too late comes after most of the damage", () => {
    const none = run("lcu-reservation", "no-reservation");
    const late = run("lcu-reservation", "too-late");
    const inTime = run("lcu-reservation", "in-time");
    expect(rate(none)).toBeGreaterThan(0.03);
    expect(rate(late)).toBeGreaterThan(0.02);
    expect(rate(late)).toBeLessThan(rate(none));
    expect(rate(inTime)).toBe(0);
    expect(inTime.log.find((e) => e.type === "reservation-ready")).toMatchObject({ at: 900, lcus: 60 });
    expect(late.log.find((e) => e.type === "reservation-ready")).toMatchObject({ at: 1380, lcus: 60 });
    expect(inTime.cost!.total).toBeGreaterThan(late.cost!.total);
    expect(late.cost!.total).toBeGreaterThan(none.cost!.total);
  });
});
