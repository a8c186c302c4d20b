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
      { id: "a-1", zone: 0 },
      { id: "web-a1", zone: 0 },
      { id: "web-a2", zone: 0 },
      { id: "web-a3", zone: 0 },
    ],
    clients: [{ name: "c", count: 1 }],
    offeredPeak: 1,
    nodeCapacity: Infinity,
    loadBalancerType: "application",
    observed: null,
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
        },
      ],
      log: [],
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
