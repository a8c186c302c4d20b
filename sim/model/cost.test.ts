// Cost at list prices (docs/aws-behaviour.md#pricing): US East application load balancer "$0.0225
// per hour" and "$0.008 per LCU-hour", network "$0.006 per NLCU-hour", classic "$0.025 per hour" and
// "$0.008 per GB"; for a network load balancer with cross-zone on, "EC2 data transfer charges
// apply" ($0.01 per GB in each direction); application and classic carry cross-zone traffic free.
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { testScenario } from "./test-scenario";
import { costOf, HOURS_PER_MONTH } from "../metrics/cost";
import { DEFAULT_PRICING } from "../scenario/capacity-defaults";

describe("costOf", () => {
  it("adds load balancer hours, LCU-hours, processed GB and cross-zone GB both ways", () => {
    const cost = costOf({
      prices: DEFAULT_PRICING.network,
      seconds: 7200,
      billedLcuHours: 10,
      processedBytes: 0,
      crossZoneBytes: 50e9,
    });
    expect(cost.loadBalancer).toBeCloseTo(2 * 0.0225, 12);
    expect(cost.lcu).toBeCloseTo(10 * 0.006, 12);
    expect(cost.crossZone).toBeCloseTo(50 * 0.01 * 2, 12);
    expect(cost.total).toBeCloseTo(0.045 + 0.06 + 1, 12);
    expect(cost.perMonth).toBeCloseTo((cost.total / 2) * HOURS_PER_MONTH, 9);
  });

  it("bills classic per GB processed and has no LCUs", () => {
    const cost = costOf({
      prices: DEFAULT_PRICING.classic,
      seconds: 3600,
      billedLcuHours: null,
      processedBytes: 3e9,
      crossZoneBytes: 3e9,
    });
    expect(cost.total).toBeCloseTo(0.025 + 3 * 0.008, 12);
    expect(cost.crossZone).toBe(0);
  });
});

describe("the cost section of a run", () => {
  // Zone a has one target, zone b three; clients split evenly between the two zones' nodes.
  const run = (type: "network" | "application", crossZone: boolean) =>
    runScenario(
      testScenario({
        duration: 600,
        zones: ["a", "b"],
        loadBalancer: { type, crossZone, capacityUnits: {} },
        targets: [
          { zone: "a", count: 1, concurrency: 64, serviceTime: "5ms" },
          { zone: "b", count: 3, concurrency: 64, serviceTime: "5ms" },
        ],
        clients: [{ name: "c", count: 1000, rate: 100, requestBytes: "1KB", responseBytes: "100KB" }],
      }),
    ).result;

  it("network: cross-zone traffic is charged, and only with cross-zone on", () => {
    const on = run("network", true);
    const off = run("network", false);
    expect(off.cost!.crossZoneGb).toBe(0);
    // With cross-zone on, each node spreads its flows over all four targets: zone a's node sends
    // 3/4 of its requests to zone b, zone b's 1/4 to zone a; DNS splits clients about evenly, so
    // about ½ · ¾ + ½ · ¼ = ½ of the bytes cross (flow hashing and DNS draws: within 0.4 to 0.6).
    const crossing = on.cost!.crossZoneGb / ((101e3 * on.requests.ok) / 1e9);
    expect(crossing).toBeGreaterThan(0.4);
    expect(crossing).toBeLessThan(0.6);
    expect(on.cost!.crossZone).toBeCloseTo(on.cost!.crossZoneGb * 0.02, 12);
    expect(on.cost!.total).toBeGreaterThan(off.cost!.total);
  });

  it("application: cross-zone traffic is free", () => {
    const on = run("application", true);
    expect(on.cost!.crossZoneGb).toBeGreaterThan(0);
    expect(on.cost!.crossZone).toBe(0);
    // LCU-hours at 600 s of 100 requests/s of 101 KB: 36.36 GB/h over 1/6 h, the bytes dimension.
    expect(on.capacity!.byDimension["processed-bytes"]).toBeGreaterThan((0.95 * 36.36) / 6);
    expect(on.capacity!.byDimension["processed-bytes"]).toBeLessThan((1.05 * 36.36) / 6);
  });

  it("is absent when the scenario asks for neither pricing nor capacity units", () => {
    const { result } = runScenario(
      testScenario({
        duration: 60,
        targets: [{ zone: "a", concurrency: 8, serviceTime: "5ms" }],
        clients: [{ name: "c", rate: 5 }],
      }),
    );
    expect(result.cost).toBeUndefined();
    expect(result.capacity).toBeUndefined();
  });
});

describe("the pricing block", () => {
  const scenario = (pricing: unknown, type = "application") =>
    testScenario({
      duration: 10,
      loadBalancer: { type },
      pricing,
      targets: [{ zone: "a", concurrency: 1, serviceTime: "10ms" }],
      clients: [{ name: "c", rate: 1 }],
    }).pricing;

  it("defaults to the type's us-east-1 list prices and takes overrides", () => {
    expect(scenario({})).toEqual(DEFAULT_PRICING.application);
    expect(scenario({}, "classic")).toEqual(DEFAULT_PRICING.classic);
    expect(scenario({ region: "eu-west-1", lcuHour: 0.0088 })).toEqual({
      ...DEFAULT_PRICING.application,
      region: "eu-west-1",
      lcuHour: 0.0088,
    });
    expect(scenario(undefined)).toBeNull();
  });

  it("rejects a negative price", () => {
    expect(() => scenario({ lcuHour: -1 })).toThrow("pricing.lcuHour: must be at least 0, got -1");
  });
});
