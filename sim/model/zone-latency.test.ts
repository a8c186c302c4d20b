// Inter-zone latency (docs/aws-behaviour.md#inter-zone-latency): each zone boundary a request
// crosses adds `interZoneLatency` there and again on the way back. TargetResponseTime is "the time
// elapsed after the request leaves the load balancer until a response from the target is
// received", so it carries the node → target crossings only; the client's latency carries both.
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { mean, SEEDS, seriesValues, testScenario } from "./test-scenario";

const hop = 0.005;
const service = 0.01;

function run(crossZone: boolean, seed: number, clientZone?: string) {
  return runScenario(
    testScenario(
      {
        duration: 120,
        zones: ["a", "b"],
        loadBalancer: { type: "network", crossZone, interZoneLatency: "5ms", algorithm: "round_robin" },
        // A constant service time and idle targets: every latency is the service time plus crossings.
        targets: [
          { zone: "a", count: 1, concurrency: 1000, serviceTime: "10ms" },
          { zone: "b", count: 1, concurrency: 1000, serviceTime: "10ms" },
        ],
        clients: [{ name: "c", count: 200, rate: 50, zone: clientZone, connection: { keepAlive: false } }],
      },
      { seed },
    ),
  );
}

describe("inter-zone latency", () => {
  for (const seed of SEEDS.slice(0, 3)) {
    it(`cross-zone off, clients in zone a: only the client → node hop to zone b's node (seed ${seed})`, () => {
      const { result, timeseries } = run(false, seed, "a");
      const trt = seriesValues(timeseries, "TargetResponseTime", "lb");
      for (const v of trt) expect(v).toBeCloseTo(service, 9);
      // Client latency: 10 ms, plus 2 × 5 ms for the share of requests that reached zone b's node.
      const shareB = result.nodes.filter((n) => n.zone === "b").reduce((a, n) => a + n.share, 0);
      // (Within 5 µs: the node shares count the requests still in flight at the end.)
      expect(result.latency.mean).toBeCloseTo(service + 2 * hop * shareB, 5);
      expect(shareB).toBeGreaterThan(0.3);
    });

    it(`cross-zone on: TargetResponseTime gains a round trip for the targets in the other zone (seed ${seed})`, () => {
      const { result, timeseries } = run(true, seed);
      // Round robin over both targets from each node: half the requests cross, exactly or within one per node.
      const trt = mean(seriesValues(timeseries, "TargetResponseTime", "lb"));
      expect(trt).toBeGreaterThan(service + hop * 0.95);
      expect(trt).toBeLessThan(service + hop * 1.05);
      // Clients give no zone: they are outside every zone, and their own hop is not modelled.
      expect(result.latency.mean).toBeCloseTo(trt, 3);
    });
  }

  it("`typical` is 1 ms a hop, and no setting is no latency", () => {
    const scenario = (interZoneLatency?: string) =>
      testScenario({
        duration: 10,
        zones: ["a", "b"],
        loadBalancer: { interZoneLatency },
        targets: [{ zone: "a", concurrency: 1, serviceTime: "10ms" }],
        clients: [{ name: "c", rate: 1 }],
      }).loadBalancer.interZoneLatency;
    expect(scenario("typical")).toBe(0.001);
    expect(scenario()).toBe(0);
  });

  it("rejects a client zone that is not one of the zones", () => {
    expect(() =>
      testScenario({
        duration: 10,
        targets: [{ zone: "a", concurrency: 1, serviceTime: "10ms" }],
        clients: [{ name: "c", rate: 1, zone: "z" }],
      }),
    ).toThrow("clients.0.zone: must be one of the zones (a), got z");
  });
});
