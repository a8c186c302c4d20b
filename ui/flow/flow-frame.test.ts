import { describe, expect, it } from "vitest";
import { estimateLinks, type FlowNode } from "./flow-frame";
import { flowLayout, placeNodes } from "./flow-layout";

const node = (id: string, zone: number, rps: number, spillRps = 0, state: FlowNode["state"] = "in-service"): FlowNode => ({
  id,
  zone,
  state,
  rps,
  spillRps,
  utilization: NaN,
  surgeQueue: 0,
});

describe("node → zone links", () => {
  it("keep each node's requests in its own zone when cross-zone load balancing is off", () => {
    const links = estimateLinks([node("a-n1", 0, 250), node("b-n1", 1, 250)], [250, 250], false).sort((a, b) => a.node.localeCompare(b.node));
    expect(links).toEqual([
      { node: "a-n1", fromZone: 0, toZone: 0, rps: 250 },
      { node: "b-n1", fromZone: 1, toZone: 1, rps: 250 },
    ]);
  });

  it("split each node's requests as the zones' targets received them when it is on", () => {
    // AWS's example: 2 targets in zone a, 8 in zone b, each target 10 %.
    const links = estimateLinks([node("a-n1", 0, 250), node("b-n1", 1, 250)], [100, 400], true);
    expect(links.filter((l) => l.node === "a-n1").map((l) => [l.toZone, l.rps])).toEqual([
      [0, 50],
      [1, 200],
    ]);
    expect(links.reduce((a, l) => a + l.rps, 0)).toBeCloseTo(500);
  });

  it("share a zone's requests among its nodes as they took them in and did not spill them", () => {
    const links = estimateLinks([node("a-n1", 0, 2000, 1000), node("a-n2", 0, 500)], [1200], false);
    expect(links.map((l) => l.rps)).toEqual([800, 400]);
  });

  it("draw none when the targets received nothing (every target unhealthy)", () => {
    expect(estimateLinks([node("a-n1", 0, 700)], [0], true)).toEqual([]);
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

  it("makes a busy node's box as tall as its link, and a starting node's slim", () => {
    const places = placeNodes(nodes, g, g.scale);
    expect(places.get("a-n1")!.height).toBeCloseTo(Math.min(2000 * g.scale, g.bands[0].bottom - g.bands[0].top), 0);
    expect(places.get("a-n1")!.twoLines).toBe(true);
    expect(places.get("a-n2")!.height).toBeLessThan(20);
  });

  it("squeezes a crowded zone into its band", () => {
    const many = Array.from({ length: 20 }, (_, k) => node(`a-n${k + 1}`, 0, 300));
    const places = placeNodes(many, g, g.scale);
    const last = places.get("a-n20")!;
    expect(last.y + last.height / 2).toBeLessThanOrEqual(g.bands[0].bottom);
  });
});
