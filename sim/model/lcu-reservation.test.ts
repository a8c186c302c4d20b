// LCU reservation (docs/aws-behaviour.md#lcu-reservation): "Capacity is reserved at the regional
// level and is evenly distributed across availability zones"; requests are "typically fulfilled
// within a few minutes" (application), "within an hour" (network); "the previous request must be
// provisioned or failed"; "you can only decrease the reserved capacity two times per day"; the
// load balancer "continues scaling up or down ... but also prevents the capacity from going lower
// than the minimum capacity configured".
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { formatErrors, validateScenario } from "../scenario/load";
import { seriesValues, testScenario } from "./test-scenario";

const zones = ["a", "b", "c"];
const targets = zones.map((zone) => ({ zone, count: 2, concurrency: 64, serviceTime: "5ms" }));

function reserved(type: "application" | "network", requests: { at: string; lcus: number }[]) {
  return runScenario(
    testScenario({
      duration: "30m",
      metricsInterval: "1m",
      zones,
      loadBalancer: {
        type,
        capacityUnits: { perNode: 20, reservation: { requests } },
        controller: { enabled: true },
      },
      targets,
      clients: [{ name: "c", count: 100, rate: 20 }],
    }),
  );
}

describe("LCU reservation", () => {
  it("application: 300 LCUs requested at 0 are 5 nodes a zone from 5 minutes on, and billed", () => {
    const { result, timeseries } = reserved("application", [{ at: "0s", lcus: 300 }]);
    // 300 LCUs over 3 zones is 100 a zone: ⌈100 / 20⌉ = 5 nodes of 20 LCUs.
    const nodes = seriesValues(timeseries, "NodeCount", "lb");
    expect(nodes.slice(0, 5)).toEqual([3, 3, 3, 3, 3]);
    expect(nodes.slice(5)).toEqual(nodes.slice(5).map(() => 15));
    const reservedSeries = seriesValues(timeseries, "ReservedLCUs", "lb");
    expect(reservedSeries[4]).toBe(0);
    expect(reservedSeries[5]).toBe(300);
    // The light load never pulls the fleet below the reservation, though it stays far below it.
    expect(result.scaling.filter((s) => s.action === "scale-in")).toEqual([]);
    // Billed: 300 LCUs for the 25 minutes it is in effect (the load's own LCUs are far below).
    expect(result.capacity!.billedLcuHours).toBeGreaterThanOrEqual((300 * 25) / 60);
    expect(result.capacity!.billedLcuHours).toBeLessThan((300 * 25) / 60 + result.capacity!.lcuHours + 1e-9);
    expect(result.log.find((e) => e.type === "reservation-ready")).toMatchObject({ at: 300, lcus: 300 });
  });

  it("a reset applies at once, and the controller may then scale in below the old floor", () => {
    const { result, timeseries } = reserved("application", [
      { at: "0s", lcus: 300 },
      { at: "10m", lcus: 0 },
    ]);
    const series = seriesValues(timeseries, "ReservedLCUs", "lb");
    expect(series.slice(5, 10)).toEqual([300, 300, 300, 300, 300]);
    expect(series.slice(10)).toEqual(series.slice(10).map(() => 0));
    expect(result.log.filter((e) => e.type === "reservation-ready").map((e) => e.at)).toEqual([300, 600]);
    // Light load, 15 minutes below scaleInAt after the reset (scaleInAfter): the fleet shrinks.
    expect(result.scaling.some((s) => s.action === "scale-in")).toBe(true);
  });

  it("nodes still provisioning for a scale-out become part of the reservation, not extra", () => {
    const { result } = runScenario(
      testScenario({
        duration: "10m",
        loadBalancer: {
          type: "application",
          node: { capacity: "unlimited" },
          capacityUnits: {
            perNode: 20,
            tls: true,
            reservation: { provisioningTime: "90s", requests: [{ at: 0, lcus: 100 }] },
          },
          controller: { enabled: true, provisioningTime: { min: "5m", max: "7m" } },
        },
        targets: [{ zone: "a", count: 4, concurrency: 64, serviceTime: "5ms" }],
        clients: [{ name: "c", count: 50_000, rate: 900, connection: { keepAlive: false } }],
      }),
    );
    // 900 TLS connections/s are 36 LCUs (±0.2 over a minute): at 60 s the controller wants
    // ⌈36 / (20 × 0.5)⌉ = 4 nodes
    // and launches 3; at 90 s the reservation (100 LCUs: 5 nodes) brings those 3 and one more into service.
    expect(result.scaling[0]).toMatchObject({ at: 60, nodesPerZone: 4 });
    expect(result.nodes.length).toBe(5);
    for (const node of result.nodes) expect(node.inDnsAt).toBeLessThanOrEqual(90);
  });

  it("network: units still provisioning become part of the reservation, and it holds above maxNodesPerZone", () => {
    const { result } = runScenario(
      testScenario({
        duration: "20m",
        metricsInterval: "1m",
        loadBalancer: {
          type: "network",
          node: { capacity: "unlimited" },
          capacityUnits: { perNode: 1, reservation: { provisioningTime: "90s", requests: [{ at: 0, lcus: 6 }] } },
          controller: { enabled: true, maxNodesPerZone: 4, provisioningTime: { min: "5m", max: "7m" } },
        },
        targets: [{ zone: "a", count: 4, concurrency: 64, serviceTime: "5ms" }],
        // 2,400 new flows a second are 3 NLCUs: at 60 s the controller wants ⌈3 / (1 × 0.5)⌉ = 6,
        // capped at 4 units, and provisions 3 more.
        clients: [{ name: "c", count: 50_000, rate: 2400, arrival: "constant", connection: { keepAlive: false } }],
      }),
    );
    expect(result.scaling[0]).toMatchObject({ at: 60, nodesPerZone: 4 });
    // At 90 s the reservation (6 NLCUs: 6 units) takes the 3 pending units and adds 2; when the
    // pending units' own events come they add nothing, and the 6 units stay above the cap of 4.
    const units = result.log.filter((e) => e.type === "capacity-ready").map((e) => [e.at, e.units]);
    expect(units).toEqual([[90, 6]]);
    expect(result.log.filter((e) => e.type === "capacity-retired")).toEqual([]);
  });

  it("network: the reservation grows each zone's capacity units behind its address after an hour", () => {
    const { result } = reserved("network", [{ at: "0s", lcus: 120 }]);
    // Provisioned "within an hour": nothing yet in a 30-minute run.
    expect(result.log.filter((e) => e.type === "reservation-ready")).toEqual([]);
    const late = runScenario(
      testScenario({
        duration: "20m",
        metricsInterval: "1m",
        zones,
        loadBalancer: {
          type: "network",
          capacityUnits: { perNode: 20, reservation: { provisioningTime: "10m", requests: [{ at: "0s", lcus: 120 }] } },
        },
        targets,
        clients: [{ name: "c", count: 100, rate: 20 }],
      }),
    ).result;
    // 120 LCUs over 3 zones: ⌈40 / 20⌉ = 2 units behind each address; still 3 addresses.
    const ready = late.log.filter((e) => e.type === "capacity-ready");
    expect(ready.map((e) => [e.at, e.units])).toEqual([
      [600, 2],
      [600, 2],
      [600, 2],
    ]);
    expect(late.nodes.length).toBe(3);
  });

  const errors = (loadBalancer: object) => {
    const loaded = validateScenario({
      version: 1,
      name: "t",
      duration: "1d",
      zones: ["a"],
      loadBalancer,
      targets: [{ zone: "a", concurrency: 1, serviceTime: "10ms" }],
      clients: [{ name: "c", rate: 1 }],
    });
    return loaded.ok ? [] : formatErrors(loaded.errors);
  };

  it("rejects a request made before the previous one is provisioned", () => {
    expect(
      errors({
        capacityUnits: {
          reservation: {
            requests: [
              { at: "0s", lcus: 100 },
              { at: "2m", lcus: 200 },
            ],
          },
        },
      }),
    ).toEqual([
      "loadBalancer.capacityUnits.reservation.requests.1.at: must be at least 5m: the previous request (at 0s) must be provisioned first, 5m after it was made",
    ]);
  });

  it("rejects a third decrease within a day", () => {
    const requests = [
      { at: "0s", lcus: 400 },
      { at: "1h", lcus: 300 },
      { at: "2h", lcus: 200 },
      { at: "3h", lcus: 100 },
    ];
    expect(errors({ capacityUnits: { reservation: { requests } } })).toEqual([
      "loadBalancer.capacityUnits.reservation.requests.3.lcus: decreases the reservation a third time within a day (AWS allows 2 decreases per day)",
    ]);
  });

  it("takes whole capacity units only", () => {
    // MinimumLoadBalancerCapacity: "CapacityUnits: The number of capacity units. Type: Integer".
    const problems = errors({ capacityUnits: { reservation: { requests: [{ at: 0, lcus: 2.5 }] } } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^loadBalancer\.capacityUnits\.reservation\.requests\.0\.lcus: .*whole number/);
  });

  it("rejects a reservation on a network load balancer with a TLS listener", () => {
    expect(
      errors({ type: "network", capacityUnits: { tls: true, reservation: { requests: [{ at: 0, lcus: 10 }] } } }),
    ).toEqual([
      "loadBalancer.capacityUnits.reservation: LCU reservation is not supported on network load balancers with TLS listeners",
    ]);
  });
});
