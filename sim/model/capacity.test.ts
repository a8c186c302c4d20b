// Node capacity and the surge queue (docs/design.md#load-balancer-nodes): a node serves at most `capacity`
// requests per second; what waits for it, or for a target with room, is its surge queue
// (SurgeQueueLength), at most `surgeQueue` long; beyond that a request gets 503 (SpilloverCount).
import { describe, expect, it } from "vitest";
import type { RunOutput } from "../run";
import { runScenario } from "../run";
import { exponential, seriesValues, testScenario, type ScenarioParts } from "./test-scenario";

const SEEDS = [1, 2, 3];
const DURATION = 200;
const CAPACITY = 50;
const SURGE_QUEUE = 100;

/**
 * Two zones, one node each with CAPACITY requests/s, clients split evenly between them (a random
 * address per request); targets far from full (10 ms, 50 workers each), so only the nodes limit.
 */
function twoNodes(rate: number, seed: number): RunOutput {
  const parts: ScenarioParts = {
    duration: DURATION,
    metricsInterval: 1,
    zones: ["a", "b"],
    loadBalancer: { type: "application", node: { capacity: CAPACITY, surgeQueue: SURGE_QUEUE } },
    targets: [
      { zone: "a", count: 2, concurrency: 50, serviceTime: exponential(0.01) },
      { zone: "b", count: 2, concurrency: 50, serviceTime: exponential(0.01) },
    ],
    clients: [{ name: "c", count: 1000, pick: "random", connection: { keepAlive: false }, rate }],
  };
  return runScenario(testScenario(parts, { seed }));
}

describe("node capacity and the surge queue", () => {
  it("fills a node's surge queue to surgeQueue when offered more than its capacity, and never past it", () => {
    // Offered 100/s per node against a capacity of 50/s: the queue fills within seconds.
    for (const seed of SEEDS) {
      const { result, timeseries } = twoNodes(4 * CAPACITY, seed);
      for (const node of result.nodes) {
        const surge = seriesValues(timeseries, "SurgeQueueLength", `node=${node.id}`);
        expect(Math.max(...surge)).toBe(SURGE_QUEUE);
      }
      const total = seriesValues(timeseries, "SurgeQueueLength", "lb");
      expect(Math.max(...total)).toBeLessThanOrEqual(result.nodes.length * SURGE_QUEUE);
    }
  });

  it("spills the excess over as 503s: SpilloverCount = byStatus 503 ≈ (offered − capacity)·duration", () => {
    // Served: capacity·duration per node (a deterministic server kept busy by its queue), within
    // 1 %. Spilled: the rest of the offered Poisson(rate·duration) requests, less the queue still
    // waiting at the end; the offered count's standard deviation is √40 000 = 200, 1 % of the
    // expected 20 000 spillovers: tolerance 5 %.
    const rate = 4 * CAPACITY;
    for (const seed of SEEDS) {
      const { result, timeseries } = twoNodes(rate, seed);
      const { requests, nodes } = result;
      const served = nodes.length * CAPACITY * DURATION;
      expect(Math.abs(requests.ok / served - 1)).toBeLessThan(0.01);
      expect(Math.abs(requests.spillover / (rate * DURATION - served) - 1)).toBeLessThan(0.05);
      expect(requests.byStatus["503"]).toBe(requests.spillover);
      expect(requests.elb5xx).toBe(requests.spillover);
      let perNode = 0;
      for (const node of nodes)
        perNode += seriesValues(timeseries, "SpilloverCount", `node=${node.id}`).reduce((a, b) => a + b, 0);
      expect(perNode).toBe(requests.spillover);
      expect(seriesValues(timeseries, "SpilloverCount", "lb").reduce((a, b) => a + b, 0)).toBe(requests.spillover);
    }
  });

  it("spills nothing when the offered rate is below capacity", () => {
    // 40/s per node against 50/s (utilisation 0.8): the queue stays far below 100.
    for (const seed of SEEDS) {
      const { requests } = twoNodes(0.8 * 2 * CAPACITY, seed).result;
      expect(requests.spillover).toBe(0);
      expect(requests.byStatus["503"]).toBeUndefined();
      expect(requests.ok).toBe(requests.total);
    }
  });

  it('classic: counts requests waiting for an instance with room in the surge queue too ("pending routing to a healthy instance"), with the same limit', () => {
    // Unlimited node capacity, but one target with 2 workers, no backlog and 100 ms constant
    // service: it answers at most 20/s. Offered 40/s, the rest waits at the node (at most 10)
    // and then spills. Served ≈ 20/s · duration within 2 % (health checks take a few slots).
    const surgeQueue = 10;
    const [workers, service, rate] = [2, 0.1, 40];
    for (const seed of SEEDS) {
      const { result, timeseries } = runScenario(
        testScenario(
          {
            duration: DURATION,
            metricsInterval: 1,
            // Rare checks: a check that finds the target full fails, and a classic load balancer
            // with no healthy instance answers 503 without spilling.
            loadBalancer: {
              type: "classic",
              node: { surgeQueue },
              healthCheck: { interval: "300s", timeout: "5s", healthyThreshold: 2, unhealthyThreshold: 10 },
            },
            targets: [
              { zone: "a", concurrency: workers, queue: 0, serviceTime: { distribution: "constant", mean: service } },
            ],
            clients: [{ name: "c", rate }],
          },
          { seed },
        ),
      );
      expect(Math.max(...seriesValues(timeseries, "SurgeQueueLength", "node=a-n1"))).toBe(surgeQueue);
      const { requests } = result;
      expect(requests.spillover).toBeGreaterThan(0);
      expect(requests.byStatus["503"]).toBe(requests.spillover);
      expect(Math.abs(requests.ok / ((workers / service) * DURATION) - 1)).toBeLessThan(0.02);
    }
  });
});
