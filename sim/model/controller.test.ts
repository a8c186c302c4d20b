import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import type { RunOutput } from "../run";
import { seriesValues, testScenario } from "./test-scenario";

/**
 * Three zones, one node per zone that passes 100 requests per second, and a crowd: 60 rps until
 * 60 s, 900 rps from 90 s to `crowdEnds`, then 60 rps again. At 900 rps the controller wants
 * ceil(300 / (100 × 0.5)) = 6 nodes per zone.
 */
function crowd(overrides: string[] = [], crowdEnds = 900, clientCount = 3000): RunOutput {
  const scenario = testScenario(
    {
      duration: "30m",
      zones: ["a", "b", "c"],
      loadBalancer: {
        type: "classic",
        crossZone: true,
        node: { capacity: 100, surgeQueue: 100 },
        controller: {
          enabled: true,
          evaluationInterval: "1m",
          provisioningTime: { min: "1m", max: "3m" },
          scaleInAfter: "5m",
          retireAfter: "2m",
          minNodesPerZone: 1,
        },
      },
      targets: ["a", "b", "c"].map((zone) => ({ zone, count: 4, concurrency: 32, serviceTime: "20ms" })),
      clients: [
        {
          name: "crowd",
          count: clientCount,
          connection: { maxRequests: 10 },
          rate: [
            { at: 0, rps: 60 },
            { at: 60, rps: 60 },
            { at: 90, rps: 900 },
            { at: crowdEnds, rps: 900 },
            { at: crowdEnds + 30, rps: 60 },
          ],
        },
      ],
    },
    { overrides },
  );
  return runScenario(scenario);
}

const base = crowd();

describe("the controller", () => {
  it("draws provisioning times within provisioningTime (1–3 min here)", () => {
    const launched = base.result.nodes.filter((n) => n.launchedAt > 0);
    expect(launched.length).toBeGreaterThan(0);
    for (const node of launched) {
      const provisioning = node.inDnsAt! - node.launchedAt; // propagationDelay is 0
      expect(provisioning).toBeGreaterThanOrEqual(60);
      expect(provisioning).toBeLessThanOrEqual(180);
    }
  });

  it("draws provisioning times from its own stream: other clients do not move them", () => {
    const delays = (out: RunOutput) =>
      out.result.nodes
        .filter((n) => n.launchedAt > 0)
        .sort((x, y) => x.launchedAt - y.launchedAt || x.zone.localeCompare(y.zone))
        .map((n) => n.inDnsAt! - n.launchedAt);
    // 5000 clients instead of 3000 change every client draw; the first scale-out still happens
    // at the same evaluation, so its nodes' delays (the first draws of the stream) must agree.
    const other = delays(crowd([], 900, 5000));
    const mine = delays(base);
    const common = Math.min(other.length, mine.length);
    expect(common).toBeGreaterThanOrEqual(3);
    expect(other.slice(0, common)).toEqual(mine.slice(0, common));
  });

  it("adds and removes nodes equally in every zone", () => {
    const byZone = (pick: (n: (typeof base.result.nodes)[number]) => number | null) => {
      const times = new Map<string, number[]>();
      for (const n of base.result.nodes) {
        const at = pick(n);
        if (at === null) continue;
        times.set(
          n.zone,
          [...(times.get(n.zone) ?? []), at].sort((x, y) => x - y),
        );
      }
      return times;
    };
    const launches = byZone((n) => n.launchedAt);
    const retirements = byZone((n) => n.retiredAt);
    expect(launches.get("a")).toEqual(launches.get("b"));
    expect(launches.get("a")).toEqual(launches.get("c"));
    expect(retirements.get("a")?.length).toBeGreaterThan(0);
    expect(retirements.get("a")).toEqual(retirements.get("b"));
    expect(retirements.get("a")).toEqual(retirements.get("c"));
    for (const action of base.result.scaling) expect(Number.isInteger(action.nodesPerZone)).toBe(true);
  });

  it("sends no request to a node before it is in DNS, nor after it is retired", () => {
    const interval = base.timeseries.interval;
    for (const node of base.result.nodes.filter((n) => n.launchedAt > 0)) {
      const requests = seriesValues(base.timeseries, "RequestCount", `node=${node.id}`);
      const firstBucket = Math.floor(node.inDnsAt! / interval);
      expect(requests.slice(0, firstBucket).every((v) => v === 0)).toBe(true);
      if (node.retiredAt !== null) {
        expect(requests.slice(Math.ceil(node.retiredAt / interval)).every((v) => v === 0)).toBe(true);
      }
    }
  });

  it("retires a node only after retireAfter, having left DNS when it began retiring", () => {
    const retiring = base.result.log.filter((e) => e.type === "node-retiring");
    const retired = base.result.log.filter((e) => e.type === "node-retired");
    expect(retiring.length).toBeGreaterThan(0);
    for (const entry of retired) {
      const began = retiring.find((r) => r.node === entry.node)!;
      expect(entry.at - began.at).toBeCloseTo(120, 6);
    }
  });

  it("scales in after the crowd, down to minNodesPerZone", () => {
    const nodeCount = seriesValues(base.timeseries, "NodeCount", "zone=a");
    expect(Math.max(...nodeCount)).toBeGreaterThanOrEqual(4);
    expect(nodeCount[nodeCount.length - 1]).toBe(1);
    expect(base.result.scaling.some((s) => s.action === "scale-in")).toBe(true);
    const reserved = crowd(["loadBalancer.controller.minNodesPerZone=3"]);
    const reservedCount = seriesValues(reserved.timeseries, "NodeCount", "zone=a");
    expect(reservedCount[reservedCount.length - 1]).toBe(3);
    expect(Math.min(...reservedCount)).toBe(3);
  });

  it("spills over while cold until the scale-out is ready, and not once it is", () => {
    const spill = seriesValues(base.timeseries, "SpilloverCount", "lb");
    const interval = base.timeseries.interval;
    const ready = Math.max(...base.result.nodes.map((n) => n.inDnsAt ?? 0));
    const during = spill.slice(Math.floor(100 / interval), Math.floor(150 / interval)).reduce((a, b) => a + b, 0);
    const after = spill
      .slice(Math.ceil((ready + 120) / interval), Math.floor(900 / interval))
      .reduce((a, b) => a + b, 0);
    expect(during).toBeGreaterThan(0);
    expect(after).toBe(0);
    const prewarmed = crowd(["loadBalancer.nodesPerZone=6"]);
    expect(prewarmed.result.requests.spillover).toBeLessThan(base.result.requests.spillover / 100);
  });
});

describe("clients after a scale-out", () => {
  /** One zone, one node to start; 2 new nodes are ready by about 4 min. */
  function scaleOut(dnsCache: string): RunOutput {
    const scenario = testScenario({
      duration: "12m",
      loadBalancer: {
        type: "classic",
        node: { capacity: 100, surgeQueue: 1000 },
        controller: { enabled: true, provisioningTime: { min: "1m", max: "2m" } },
      },
      targets: [{ zone: "a", count: 4, concurrency: 64, serviceTime: "10ms" }],
      clients: [{ name: "web", count: 2000, dnsCache, connection: { maxRequests: 5 }, rate: [{ at: 0, rps: 150 }] }],
    });
    return runScenario(scenario);
  }

  it("TTL-honouring clients reach a new node within about a TTL plus a connection's life", () => {
    const out = scaleOut("ttl");
    const fresh = out.result.nodes.filter((n) => n.launchedAt > 0);
    expect(fresh.length).toBeGreaterThan(0);
    // A client sends 150/2000 = 0.075 rps, so a 5-request connection lives about 67 s; with the
    // 60 s TTL a new node must see requests within 60 + 67 s (+ one 10 s bucket) of entering DNS.
    for (const node of fresh) {
      const requests = seriesValues(out.timeseries, "RequestCount", `node=${node.id}`);
      const first = requests.findIndex((v) => v > 0) * out.timeseries.interval;
      expect(first).toBeGreaterThanOrEqual(Math.floor(node.inDnsAt! / 10) * 10);
      expect(first).toBeLessThanOrEqual(node.inDnsAt! + 60 + 67 + 10);
    }
  });

  it("clients that cache DNS forever never reach the new nodes", () => {
    const out = scaleOut("forever");
    const fresh = out.result.nodes.filter((n) => n.launchedAt > 0);
    expect(fresh.length).toBeGreaterThan(0);
    for (const node of fresh) expect(node.requests).toBe(0);
  });
});
