// An Auto Scaling group's instances in the flow: a slot launching or terminating says so.
import { describe, expect, it } from "vitest";
import type { RunMeta } from "../stream/protocol";
import { RunData } from "../stream/run-data";
import { flowFrame } from "./flow-frame";

describe("Auto Scaling instances in the flow", () => {
  const meta: RunMeta = {
    scenario: "t",
    title: "t",
    variant: null,
    seed: 1,
    zones: ["a"],
    interval: 1,
    duration: 1,
    totalBuckets: 1,
    targets: [
      { id: "a-1", zone: 0, concurrency: 4 },
      { id: "web-a1", zone: 0, concurrency: 4 },
      { id: "web-a2", zone: 0, concurrency: 4 },
      { id: "web-a3", zone: 0, concurrency: 4 },
    ],
    clients: [{ name: "c", count: 1 }],
    offeredPeak: 1,
    nodeCapacity: Infinity,
    loadBalancerType: "application",
    observed: null,
    surgeQueue: 1024,
    latencyBin: 1,
    whatIf: [],
  };

  it("marks a slot launching or terminating, and nothing else", () => {
    const data = new RunData(meta);
    data.append({
      from: 0,
      series: [],
      nodes: [{ id: "a-n1", zone: 0, launchedAt: 0 }],
      states: [
        {
          nodes: Uint8Array.of(2),
          capacityUnits: Uint16Array.of(1),
          // healthy, healthy, absent (launching), draining (terminating)
          targets: Uint8Array.of(0, 0, 6, 4),
          unhealthyViews: new Uint16Array(4),
          reachable: 1,
          crossZone: true,
          sent: new Uint32Array(0),
          instances: Uint8Array.of(0, 2, 1, 3),
          errors: new Uint32Array(0),
          busy: new Uint16Array(4),
          backlog: new Uint32Array(4),
          drainLeft: Float32Array.of(Number.NaN, Number.NaN, Number.NaN, 30),
        },
      ],
      log: [],
      latency: {
        from: 0,
        p50: new Float64Array(0),
        p90: new Float64Array(0),
        p99: new Float64Array(0),
        answered: new Float64Array(0),
      },
      dns: [],
      now: 1,
      events: 0,
      wallSeconds: 0,
    });
    const targets = flowFrame(data, 0).targets;
    expect(targets.map((t) => [t.id, t.state, t.instance])).toEqual([
      ["a-1", "healthy", undefined],
      ["web-a1", "healthy", undefined],
      ["web-a2", "absent", "launching"],
      ["web-a3", "draining", "terminating"],
    ]);
  });
});
