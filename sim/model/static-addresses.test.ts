// A network load balancer's static addresses (docs/aws-behaviour.md#static-addresses): "The load
// balancer has one IP address per enabled Availability Zone", addresses "that will not change
// during the life of the load balancer". Scaling is invisible to DNS: capacity grows behind each
// zone's address, so clients that cache DNS forever get the new capacity too.
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { seriesValues, testScenario } from "./test-scenario";

/** The crowd of controller.test.ts against a network load balancer, clients caching DNS forever. */
function crowd(type: "network" | "classic") {
  return runScenario(
    testScenario({
      duration: "20m",
      zones: ["a", "b", "c"],
      loadBalancer: {
        type,
        crossZone: true,
        node: { capacity: 100, surgeQueue: 100 },
        controller: {
          enabled: true,
          evaluationInterval: "1m",
          provisioningTime: { min: "1m", max: "3m" },
          scaleInAfter: "5m",
          retireAfter: "2m",
        },
      },
      targets: ["a", "b", "c"].map((zone) => ({ zone, count: 4, concurrency: 32, serviceTime: "20ms" })),
      clients: [
        {
          name: "crowd",
          count: 3000,
          dnsCache: "forever",
          connection: { maxRequests: 10 },
          rate: [
            { at: 0, rps: 60 },
            { at: 60, rps: 60 },
            { at: 90, rps: 900 },
          ],
        },
      ],
    }),
  );
}

describe("network load balancer: one static address per zone", () => {
  const nlb = crowd("network");

  it("answers DNS with one record per zone, and the record set never changes while capacity grows", () => {
    const dns = nlb.result.log.filter((e) => e.type === "dns");
    expect(dns).toHaveLength(1);
    expect(dns[0].records).toBe(3);
    expect(nlb.result.nodes.map((n) => n.id)).toEqual(["a-n1", "b-n1", "c-n1"]);
    expect(Math.max(...seriesValues(nlb.timeseries, "NodeCount", "lb"))).toBe(3);
  });

  it("scales by capacity behind each address, equally in every zone, and spillover stops", () => {
    const ready = nlb.result.log.filter((e) => e.type === "capacity-ready");
    expect(ready.length).toBeGreaterThan(0);
    const units = (node: string) => Math.max(...ready.filter((e) => e.node === node).map((e) => Number(e.units)));
    // 900 rps over three zones at 50 % of 100 rps: 6 units per zone, 7 if the busiest zone's
    // clients (cached for good, so split by their first lookups) send more than a third.
    const each = ["a-n1", "b-n1", "c-n1"].map(units);
    expect(new Set(each).size).toBe(1);
    expect(each[0]).toBeGreaterThanOrEqual(6);
    expect(each[0]).toBeLessThanOrEqual(7);
    // Once the last unit is ready, no more spillover, though every client cached DNS forever.
    const lastReady = Math.max(...ready.map((e) => e.at));
    const spilled = seriesValues(nlb.timeseries, "SpilloverCount", "lb");
    expect(spilled.slice(Math.ceil(lastReady) + 5).every((v) => v === 0)).toBe(true);
    expect(nlb.result.requests.spillover).toBeGreaterThan(0);
  });

  it("whereas a classic load balancer's new nodes stay unknown to clients that cached DNS forever", () => {
    const clb = crowd("classic");
    const spilled = seriesValues(clb.timeseries, "SpilloverCount", "lb");
    expect(spilled.slice(-60).reduce((a, b) => a + b)).toBeGreaterThan(0);
  });
});
