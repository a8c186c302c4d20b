import { describe, expect, it } from "vitest";
import type { RunMeta } from "../stream/protocol";
import { RunData } from "../stream/run-data";
import { flowFrame, type FlowNode } from "./flow-frame";
import { flowLayout, placeNodes } from "./flow-layout";

const node = (
  id: string,
  zone: number,
  rps: number,
  spillRps = 0,
  state: FlowNode["state"] = "in-service",
): FlowNode => ({
  id,
  zone,
  state,
  rps,
  spillRps,
  utilization: NaN,
  surgeQueue: 0,
  surgeLimit: 1024,
});

describe("node → zone links", () => {
  const meta: RunMeta = {
    scenario: "t",
    title: "t",
    variant: null,
    seed: 1,
    zones: ["a", "b"],
    interval: 2,
    duration: 4,
    totalBuckets: 2,
    targets: [
      { id: "a-1", zone: 0, concurrency: 4 },
      { id: "b-1", zone: 1, concurrency: 4 },
    ],
    clients: [{ name: "c", count: 1 }],
    offeredPeak: 100,
    nodeCapacity: Infinity,
    surgeQueue: 1024,
    latencyBin: 1,
    loadBalancerType: "classic",
    observed: null,
    whatIf: [],
  };
  const state = (sent: number[]) => ({
    nodes: Uint8Array.of(2, 2),
    capacityUnits: Uint16Array.of(1, 1),
    targets: Uint8Array.of(0, 0),
    unhealthyViews: new Uint16Array(2),
    reachable: 2,
    crossZone: true,
    sent: Uint32Array.from(sent),
    // Bucket 0: a-n1 answered 6 502s for zone b's targets; 4 clients reached no node.
    errors: sent.length ? Uint32Array.of(0, 1, 0, 6, 65535, 255, 3, 4) : new Uint32Array(0),
    busy: Uint16Array.of(2, 0),
    backlog: Uint32Array.of(3, 0),
    drainLeft: Float32Array.of(Number.NaN, 12),
  });
  const data = new RunData(meta);
  data.append({
    from: 0,
    series: [],
    nodes: [
      { id: "a-n1", zone: 0, launchedAt: 0 },
      { id: "b-n1", zone: 1, launchedAt: 0 },
    ],
    // Bucket 0: a-n1 sent 30 to zone a and 10 to zone b, b-n1 20 to zone b. Bucket 1: nothing.
    states: [state([0, 0, 30, 0, 1, 10, 1, 1, 20]), state([])],
    log: [],
    latency: {
      from: 0,
      p50: new Float64Array(0),
      p90: new Float64Array(0),
      p99: new Float64Array(0),
      answered: new Float64Array(0),
    },
    dns: [],
    now: 4,
    events: 0,
    wallSeconds: 0,
  });

  it("are what each node sent to each zone's targets, per second", () => {
    expect(flowFrame(data, 0).links).toEqual([
      { node: "a-n1", fromZone: 0, toZone: 0, rps: 15 },
      { node: "a-n1", fromZone: 0, toZone: 1, rps: 5 },
      { node: "b-n1", fromZone: 1, toZone: 1, rps: 10 },
    ]);
  });

  it("are none in a bucket where nothing was sent", () => {
    expect(flowFrame(data, 1).links).toEqual([]);
  });

  it("carry the errors where they happened, per second: at a node for a zone, or before any node", () => {
    expect(flowFrame(data, 0).errors).toEqual([
      { node: "a-n1", fromZone: 0, toZone: 1, kind: "502", rps: 3 },
      { node: null, fromZone: null, toZone: null, kind: "connection error", rps: 2 },
    ]);
    expect(flowFrame(data, 1).errors).toEqual([]);
  });

  it("give each target's utilisation, backlog and what is left of its drain", () => {
    const [a, b] = flowFrame(data, 0).targets;
    expect([a.utilization, a.backlog, a.inFlight]).toEqual([0.5, 3, 5]);
    expect(Number.isNaN(a.drainLeft)).toBe(true);
    expect(b.drainLeft).toBe(12);
  });
});

describe("node placement", () => {
  const nodes = [node("a-n1", 0, 2000), node("a-n2", 0, 0, 0, "provisioning"), node("b-n1", 1, 100)];
  const g = flowLayout({ zones: 2, nodes, targets: [{ zone: 0 }, { zone: 1 }], peakRps: 2200, compact: false });

  it("puts every node inside its zone's band, in launch order, without overlap", () => {
    const places = placeNodes(nodes, g, g.scale);
    for (const n of nodes) {
      const p = places.get(n.id)!;
      const band = g.bands[n.zone];
      expect(p.y - p.height / 2).toBeGreaterThanOrEqual(band.top);
      expect(p.y + p.height / 2).toBeLessThanOrEqual(band.bottom);
    }
    const [a1, a2] = [places.get("a-n1")!, places.get("a-n2")!];
    expect(a1.y + a1.height / 2).toBeLessThan(a2.y - a2.height / 2);
  });

  it("makes a busy node's box as tall as its link, and a starting node's a line of text", () => {
    const places = placeNodes(nodes, g, g.scale);
    expect(places.get("a-n1")!.height).toBeCloseTo(Math.min(2000 * g.scale, g.bands[0].bottom - g.bands[0].top), 0);
    expect(places.get("a-n1")!.twoLines).toBe(true);
    expect(places.get("a-n2")!.height).toBe(22);
  });

  it("squeezes a crowded zone into its band", () => {
    const many = Array.from({ length: 20 }, (_, k) => node(`a-n${k + 1}`, 0, 300));
    const places = placeNodes(many, g, g.scale);
    const last = places.get("a-n20")!;
    expect(last.y + last.height / 2).toBeLessThanOrEqual(g.bands[0].bottom);
  });
});
