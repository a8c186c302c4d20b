// Cross-zone load balancing, AWS's worked example (docs/aws-behaviour.md#what-cross-zone-changes): two targets in zone a, eight in zone b,
// one node per zone, and clients split evenly between the two nodes. With cross-zone load
// balancing off each node serves only its own zone's targets, so each zone-a target gets
// ½ · ½ = 25 % and each zone-b target ½ · ⅛ = 6.25 %; with it on every node spreads over all
// ten, 10 % each.
import { describe, expect, it } from "vitest";
import type { RunResult } from "../metrics/result";
import { runScenario } from "../run";
import { exponential, testScenario } from "./test-scenario";

const ZONE_A_TARGETS = 2;
const ZONE_B_TARGETS = 8;
const SEEDS = [1, 2, 3];
/** Tolerance on every share, in every seed: one percentage point. */
const TOLERANCE = 0.01;

/**
 * The example's setup. The clients split 50/50 between the nodes because each opens a new
 * connection per request (no keep-alive) and picks a random address from its DNS answer, which
 * lists both nodes: every request is a fair coin between the two nodes, whatever order DNS gave
 * and however long the answer is cached. (With `pick: first` and few clients the split would
 * follow the luck of a handful of DNS orderings for a whole TTL.) 200 requests/s for 1000 s gives
 * 200 000 requests, so a share's binomial standard error is about 0.1 percentage point. The
 * targets are far from full (10 ms service, 4 workers), so no request waits for room.
 */
function example(crossZone: boolean, seed: number) {
  return testScenario(
    {
      duration: 1000,
      zones: ["a", "b"],
      loadBalancer: { type: "application", crossZone },
      targets: [
        { zone: "a", count: ZONE_A_TARGETS, concurrency: 4, serviceTime: exponential(0.01) },
        { zone: "b", count: ZONE_B_TARGETS, concurrency: 4, serviceTime: exponential(0.01) },
      ],
      clients: [{ name: "c", count: 1000, pick: "random", connection: { keepAlive: false }, rate: 200 }],
    },
    { seed },
  );
}

const results = new Map<string, RunResult>();

/** The example's result, run once per setting and seed and shared by the tests below. */
function resultOf(crossZone: boolean, seed: number): RunResult {
  const key = `${crossZone}/${seed}`;
  if (!results.has(key)) results.set(key, runScenario(example(crossZone, seed)).result);
  return results.get(key)!;
}

describe("cross-zone load balancing (AWS's example: 2 targets in zone a, 8 in zone b)", () => {
  it("sends half the requests to each zone's node, either way", () => {
    for (const crossZone of [false, true]) {
      for (const seed of SEEDS) {
        const { nodes } = resultOf(crossZone, seed);
        expect(nodes.map((n) => n.id)).toEqual(["a-n1", "b-n1"]);
        for (const node of nodes) expect(Math.abs(node.share - 1 / 2)).toBeLessThan(TOLERANCE);
      }
    }
  });

  it("off: each zone-a target gets ½·½ = 25 % and each zone-b target ½·⅛ = 6.25 %", () => {
    for (const seed of SEEDS) {
      const { targets, zones } = resultOf(false, seed);
      for (const target of targets) {
        const zoneTargets = target.zone === "a" ? ZONE_A_TARGETS : ZONE_B_TARGETS;
        expect(Math.abs(target.share - 1 / 2 / zoneTargets)).toBeLessThan(TOLERANCE);
      }
      for (const zone of zones) expect(Math.abs(zone.share - 1 / 2)).toBeLessThan(TOLERANCE);
    }
  });

  it("on: every target gets 1/10 = 10 %, and each zone its share of the targets", () => {
    const all = ZONE_A_TARGETS + ZONE_B_TARGETS;
    for (const seed of SEEDS) {
      const { targets, zones } = resultOf(true, seed);
      expect(targets).toHaveLength(all);
      for (const target of targets) expect(Math.abs(target.share - 1 / all)).toBeLessThan(TOLERANCE);
      const [a, b] = zones;
      expect(Math.abs(a.share - ZONE_A_TARGETS / all)).toBeLessThan(TOLERANCE);
      expect(Math.abs(b.share - ZONE_B_TARGETS / all)).toBeLessThan(TOLERANCE);
    }
  });
});
