// The traffic split drawn as a flow: clients → DNS → nodes grouped by zone → targets grouped by
// zone. Link width is requests per second in the bucket shown; links that cross a zone boundary
// are purple; nodes are shaded blue by utilisation, targets coloured by state, errors by status
// (the errors chart's colours), so no colour means two things. Elements are keyed (d3 joins),
// so a node launched by the controller fades in and a retiring one fades out.
import { select, type Selection } from "d3-selection";
import { TARGET_STATE_LABELS } from "../../sim/model/target-state";
import type { RunData } from "../stream/run-data";
import { HEALTH_COLORS } from "../../reports/charts/palette";
import { formatCount, formatStopwatch, formatWholePercent } from "../../reports/format";
import { utilizationColor } from "./flow-legend";
import { flowFrame, type FlowError, type FlowFrame, type FlowLink, type FlowNode, type FlowTarget } from "./flow-frame";
import { flowLayout, placeNodes, ribbon, type FlowGeometry, type NodePlace } from "./flow-layout";

type G = Selection<SVGGElement, unknown, null, undefined>;

export class FlowView {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private geometry: FlowGeometry | null = null;
  private geometryKey = "";
  private readonly layers: Record<
    "bands" | "heads" | "linksIn" | "linksOut" | "errors" | "boxes" | "nodes" | "inlets" | "targets",
    G
  >;

  constructor(
    container: HTMLElement,
    private readonly options: { compact: boolean; narrow?: boolean; label: string },
  ) {
    this.svg = select(container)
      .append("svg")
      .attr("class", "flow")
      .attr("role", "img")
      .attr("aria-label", options.label)
      .attr("preserveAspectRatio", "xMidYMin meet")
      .classed("narrow", options.narrow ?? false);
    const layer = (name: string) => this.svg.append("g").attr("class", name);
    this.layers = {
      bands: layer("bands"),
      heads: layer("heads"),
      linksIn: layer("links-in"),
      linksOut: layer("links-out"),
      errors: layer("errors"),
      boxes: layer("boxes"),
      nodes: layer("nodes"),
      inlets: layer("inlets"),
      targets: layer("targets"),
    };
  }

  /**
   * Draws bucket `bucket` of `data`. `peakRps` sets the links' width scale and `targetPeakRps` the
   * targets' bars, the run's largest so far, so widths compare over time (and between variants).
   */
  draw(data: RunData, bucket: number, peakRps: number, targetPeakRps: number): void {
    const frame = bucket >= 0 && bucket < data.buckets ? flowFrame(data, bucket) : null;
    const visible = data.nodes;
    const key = `${data.meta.scenario}|${visible.length}|${data.meta.targets.length}|${Math.round(peakRps)}|${this.options.compact}|${this.options.narrow}`;
    if (key !== this.geometryKey) {
      this.geometry = flowLayout({
        zones: data.meta.zones.length,
        nodes: visible,
        targets: data.meta.targets,
        peakRps,
        compact: this.options.compact,
        narrow: this.options.narrow,
      });
      this.geometryKey = key;
      this.drawStatic(data, this.geometry);
    }
    this.drawFrame(data, frame, this.geometry!, targetPeakRps);
  }

  private drawStatic(data: RunData, g: FlowGeometry): void {
    this.svg.attr("viewBox", `0 0 ${g.width} ${g.height}`);
    const { columns: c } = g;
    const bandLeft = c.dns[1] + 12;
    this.layers.bands
      .selectAll("g.band")
      .data(g.bands)
      .join((enter) => {
        const band = enter.append("g").attr("class", "band");
        band.append("rect").attr("class", "band-bg");
        band.append("text").attr("class", "band-label");
        return band;
      })
      .call((band) => {
        band
          .select("rect")
          .attr("x", bandLeft)
          .attr("y", (b) => b.top)
          .attr("width", g.width - bandLeft - 4)
          .attr("height", (b) => b.bottom - b.top)
          .attr("rx", 8);
        band
          .select("text")
          .attr("x", bandLeft + 10)
          .attr("y", (b) => b.top + 18)
          .text((b) => `zone ${data.meta.zones[b.zone]}`);
      });
    const heads: [string, number, string][] = [
      ["Clients", (c.clients[0] + c.clients[1]) / 2, "middle"],
      ["DNS", (c.dns[0] + c.dns[1]) / 2, "middle"],
      [this.options.narrow ? "Nodes" : "Load balancer nodes", (c.nodes[0] + c.nodes[1]) / 2, "middle"],
      ["Targets", c.inlet[0], "start"],
    ];
    this.layers.heads
      .selectAll("text")
      .data(heads)
      .join("text")
      .attr("class", "column-head")
      .attr("x", (h) => h[1])
      .attr("y", 18)
      .attr("text-anchor", (h) => h[2])
      .text((h) => h[0]);
  }

  private drawFrame(data: RunData, frame: FlowFrame | null, g: FlowGeometry, targetPeakRps: number): void {
    const { columns: c, scale: k } = g;
    const total = frame?.totalRps ?? 0;
    const boxH = Math.max(26, total * k);
    const clientCount = data.meta.clients.reduce((a, b) => a + b.count, 0);
    // A node that retired during the bucket still shows if it sent requests in it.
    const sending = new Set(frame?.links.map((l) => l.node));
    const nodes = (frame?.nodes ?? []).filter(
      (n) => n.state !== "absent" && (n.state !== "retired" || sending.has(n.id)),
    );
    const place = placeNodes(nodes, g, k);
    const inDns = nodes.filter((n) => n.state === "in-service").length;

    // Clients and DNS: one box each, as tall as the total rate.
    const boxes = [
      { id: "clients", x: c.clients, lines: [`${formatCount(clientCount)} clients`, `${formatCount(total)} req/s`] },
      {
        id: "dns",
        x: c.dns,
        lines: [this.options.narrow ? `${inDns} in DNS` : `${inDns} node${inDns === 1 ? "" : "s"} in DNS`, ""],
      },
    ];
    this.layers.boxes
      .selectAll("g.box")
      .data(boxes, (b) => (b as (typeof boxes)[number]).id)
      .join((enter) => {
        const box = enter.append("g").attr("class", (b) => `box box-${b.id}`);
        box.append("rect").attr("rx", 5);
        box.append("text").attr("class", "box-line1");
        box.append("text").attr("class", "box-line2");
        return box;
      })
      .call((box) => {
        box
          .select("rect")
          .attr("x", (b) => b.x[0])
          .attr("width", (b) => b.x[1] - b.x[0])
          .attr("y", g.middle - boxH / 2)
          .attr("height", boxH);
        box
          .select(".box-line1")
          .attr("x", (b) => (b.x[0] + b.x[1]) / 2)
          .attr("y", g.middle - boxH / 2 - 22)
          .text((b) => b.lines[0]);
        box
          .select(".box-line2")
          .attr("x", (b) => (b.x[0] + b.x[1]) / 2)
          .attr("y", g.middle - boxH / 2 - 8)
          .text((b) => b.lines[1]);
      });

    // Clients → DNS, then DNS → each node, stacked down the DNS box in node order.
    const inLinks: { id: string; d: string; cls: string; title: string }[] = [];
    if (total > 0)
      inLinks.push({
        id: "clients",
        d: ribbon(c.clients[1], g.middle, c.dns[0], g.middle, total * k),
        cls: "link",
        title: `${formatCount(total)} requests/s`,
      });
    let stack = g.middle - (total * k) / 2;
    for (const n of nodes) {
      const w = n.rps * k;
      if (w <= 0) continue;
      const p = place.get(n.id)!;
      inLinks.push({
        id: n.id,
        d: ribbon(c.dns[1], stack + w / 2, c.nodes[0], p.y, w, Math.min(w, p.height)),
        cls: "link",
        title: `DNS → ${n.id}: ${formatCount(n.rps)} requests/s`,
      });
      stack += w;
    }
    this.layers.linksIn
      .selectAll<SVGPathElement, (typeof inLinks)[number]>("path")
      .data(inLinks, (l) => l.id)
      .join((enter) => enter.append("path").call((p) => p.append("title")))
      .attr("class", (l) => l.cls)
      .attr("d", (l) => l.d)
      .call((p) => p.select("title").text((l) => l.title));

    this.drawNodeLinks(frame, nodes, place, g, data.meta.zones);
    this.drawNodes(nodes, place, g);
    this.drawTargets(data, frame, g, targetPeakRps);
  }

  private drawNodeLinks(
    frame: FlowFrame | null,
    nodes: FlowNode[],
    place: Map<string, NodePlace>,
    g: FlowGeometry,
    zones: readonly string[],
  ): void {
    const { columns: c, scale: k } = g;
    const links = (frame?.links ?? []).filter((l) => place.has(l.node));
    // Where each link leaves its node (stacked by destination zone) and enters its zone's inlet
    // (stacked by source zone, then node), shrunk to fit when a zone gets more than its band.
    const out = new Map<string, number>();
    for (const n of nodes) {
      const sent = links.filter((l) => l.node === n.id).reduce((a, l) => a + l.rps * k, 0);
      out.set(n.id, place.get(n.id)!.y - Math.min(sent, place.get(n.id)!.height) / 2);
    }
    const failed = (frame?.errors ?? []).filter((e) => e.node !== null && e.toZone !== null && place.has(e.node));
    const inlet = g.bands.map((b, z) => {
      const incoming =
        links.filter((l) => l.toZone === z).reduce((a, l) => a + l.rps * k, 0) +
        failed.filter((e) => e.toZone === z).reduce((a, e) => a + errorWidth(e, k), 0);
      const room = b.bottom - b.top - 20;
      const fit = incoming > room ? room / incoming : 1;
      return { y: (b.top + b.bottom) / 2 - (incoming * fit) / 2, fit };
    });
    const sorted = [...links].sort(
      (a, b) => a.toZone - b.toZone || a.fromZone - b.fromZone || order(nodes, a) - order(nodes, b),
    );
    const drawn = sorted.map((l) => {
      const w = l.rps * k;
      const fitOut = Math.min(1, place.get(l.node)!.height / Math.max(1e-9, linksWidth(links, l.node, k)));
      const w0 = w * fitOut;
      const y0 = out.get(l.node)! + w0 / 2;
      out.set(l.node, y0 + w0 / 2);
      const dest = inlet[l.toZone];
      const w1 = w * dest.fit;
      const y1 = dest.y + w1 / 2;
      dest.y += w1;
      return { l, d: ribbon(c.nodes[1], y0, c.inlet[0], y1, w0, w1) };
    });
    // Errors for a zone's targets (502 from dead or full targets, 504, a drain's cut requests) go
    // where they were meant to, below what was sent, hatched in their status's colour.
    const errors = [...failed]
      .sort((a, b) => a.toZone! - b.toZone! || a.kind.localeCompare(b.kind))
      .map((e) => {
        const w = errorWidth(e, k);
        const y0 = out.get(e.node!)! + w / 2;
        out.set(e.node!, y0 + w / 2);
        const dest = inlet[e.toZone!];
        const w1 = w * dest.fit;
        const y1 = dest.y + w1 / 2;
        dest.y += w1;
        return {
          label: null as { x: number; y: number; text: string } | null,
          id: `${e.node}>${e.toZone}>${e.kind}`,
          d: ribbon(c.nodes[1], y0, c.inlet[0], y1, w, w1),
          cls: `link error e${errorClass(e.kind)}`,
          title: `${e.node} → zone ${zones[e.toZone!]}: ${formatCount(e.rps)}/s answered ${errorName(e.kind)} by the load balancer`,
        };
      });
    // Errors with no target (503: a full surge queue, or nothing to route to; broken connections):
    // a stub off the node's box, or off DNS for clients that found no node at all.
    const stubs = new Map<string, number>();
    for (const e of frame?.errors ?? []) {
      if (e.toZone !== null) continue;
      const at = e.node === null ? null : place.get(e.node);
      if (e.node !== null && !at) continue;
      const w = errorWidth(e, k);
      const x0 = at ? c.nodes[1] : c.dns[1];
      const yBase = at ? at.y + at.height / 2 : g.middle + 30;
      const key = e.node ?? "dns";
      const below = stubs.get(key) ?? 0;
      stubs.set(key, below + w + 14);
      const y = yBase + 6 + below + w / 2;
      errors.push({
        // On a phone's narrow drawing the label goes under the stub: beside it would run into the targets.
        label: this.options.narrow
          ? { x: x0, y: y + w / 2 + 9, text: `${formatCount(e.rps)}/s ${errorName(e.kind)}` }
          : { x: x0 + STUB + 4, y: y + 4, text: `${formatCount(e.rps)}/s ${errorName(e.kind)}` },
        id: `${key}>none>${e.kind}`,
        d: `M${x0},${y - w / 2}h${STUB}v${w}h${-STUB}Z`,
        cls: `link error stub e${errorClass(e.kind)}`,
        title: `${e.node ?? "clients (no node answered)"}: ${formatCount(e.rps)}/s ${errorName(e.kind)}`,
      });
    }
    const labels = errors.flatMap((e) => (e.label ? [{ id: e.id, ...e.label }] : []));
    const errorLayer = this.layers.errors;
    errorLayer
      .selectAll<SVGPathElement, (typeof errors)[number]>("path")
      .data(errors, (e) => e.id)
      .join((enter) => enter.append("path").call((p) => p.append("title")))
      .attr("class", (e) => e.cls)
      .attr("d", (e) => e.d)
      .call((p) => p.select("title").text((e) => e.title));
    errorLayer
      .selectAll<SVGTextElement, (typeof labels)[number]>("text")
      .data(labels, (l) => l.id)
      .join("text")
      .attr("class", "error-label")
      .attr("x", (l) => l.x)
      .attr("y", (l) => l.y)
      .text((l) => l.text);
    this.layers.linksOut
      .selectAll<SVGPathElement, (typeof drawn)[number]>("path")
      .data(drawn, (x) => `${x.l.node}>${x.l.toZone}`)
      .join((enter) => enter.append("path").call((p) => p.append("title")))
      .attr("class", (x) => (x.l.fromZone === x.l.toZone ? "link" : "link cross-zone"))
      .attr("d", (x) => x.d)
      .call((p) =>
        p
          .select("title")
          .text(
            (x) =>
              `${x.l.node} → zone ${zones[x.l.toZone]}: ${formatCount(x.l.rps)} requests/s${x.l.fromZone === x.l.toZone ? "" : " (cross-zone)"}`,
          ),
      );
  }

  private drawNodes(nodes: FlowNode[], place: Map<string, NodePlace>, g: FlowGeometry): void {
    const { columns: c } = g;
    const w = c.nodes[1] - c.nodes[0];
    const at = (n: FlowNode) => place.get(n.id)!;
    this.layers.nodes
      .selectAll<SVGGElement, FlowNode>("g.node")
      .data(nodes, (n) => n.id)
      .join((enter) => {
        const node = enter.append("g").attr("class", "node");
        node.append("rect").attr("class", "node-box").attr("rx", 5);
        node.append("text").attr("class", "node-id");
        node.append("text").attr("class", "node-rate");
        node.append("rect").attr("class", "surge");
        node.append("title");
        return node;
      })
      .attr("class", (n) => `node node-${n.state}${n.spillRps > 0 ? " spilling" : ""}`)
      .attr("data-id", (n) => n.id)
      .call((node) => {
        node
          .select("rect")
          .attr("x", c.nodes[0])
          .attr("width", w)
          .attr("y", (n) => at(n).y - at(n).height / 2)
          .attr("height", (n) => at(n).height)
          .attr("fill", (n) => (n.state === "provisioning" ? STARTING_FILL : utilizationColor(n.utilization)));
        const dark = (n: FlowNode) => n.state !== "provisioning" && n.utilization > 0.55;
        const state = (n: FlowNode) =>
          n.state === "in-service" ? "" : n.state === "provisioning" ? "starting" : n.state;
        const figures = (n: FlowNode) =>
          n.state === "provisioning"
            ? "not in DNS yet"
            : `${formatCount(n.rps)}/s${Number.isFinite(n.utilization) ? ` · ${formatWholePercent(n.utilization)}` : ""}`;
        node
          .select(".node-id")
          .attr("x", c.nodes[0] + 8)
          .attr("y", (n) => at(n).y + (at(n).twoLines ? -3 : 4))
          .classed("on-dark", dark)
          .text((n) => [n.id, state(n)].filter(Boolean).join(" · "));
        // On one line, the figures go to the right end of the box.
        node
          .select(".node-rate")
          .attr("x", (n) => (at(n).twoLines ? c.nodes[0] + 8 : c.nodes[1] - 6))
          .attr("y", (n) => at(n).y + (at(n).twoLines ? 12 : 4))
          .attr("text-anchor", (n) => (at(n).twoLines ? "start" : "end"))
          .classed("on-dark", dark)
          .text((n) => (at(n).twoLines ? figures(n) : n.state === "provisioning" ? "" : short(n)));
        // The surge queue's level: a bar along the box's foot, full when the queue is.
        node
          .select(".surge")
          .attr("x", c.nodes[0] + 1)
          .attr("y", (n) => at(n).y + at(n).height / 2 - 4)
          .attr("height", 3)
          .attr("width", (n) => (n.surgeLimit > 0 ? (w - 2) * Math.min(1, n.surgeQueue / n.surgeLimit) : 0))
          .attr("data-level", (n) => String(n.surgeQueue));
        node
          .select("title")
          .text(
            (n) =>
              `${n.id} (${n.state}): received ${formatCount(n.rps)} requests/s` +
              (Number.isFinite(n.utilization) ? `, ${formatWholePercent(n.utilization)} of its capacity` : "") +
              `; surge queue up to ${formatCount(n.surgeQueue)} of ${formatCount(n.surgeLimit)}` +
              (n.spillRps > 0 ? `; ${formatCount(n.spillRps)}/s rejected with 503 (spillover)` : ""),
          );
      });
  }

  private drawTargets(data: RunData, frame: FlowFrame | null, g: FlowGeometry, peakRps: number): void {
    const { columns: c } = g;
    const zones = data.meta.zones;
    const inlets = g.bands.map((b) => ({
      zone: b.zone,
      top: b.top,
      bottom: b.bottom,
      rps: frame?.zoneRps[b.zone] ?? 0,
    }));
    this.layers.inlets
      .selectAll<SVGGElement, (typeof inlets)[number]>("g.inlet")
      .data(inlets, (i) => String(i.zone))
      .join((enter) => {
        const inlet = enter.append("g").attr("class", "inlet");
        inlet.append("rect").attr("rx", 2);
        inlet.append("text");
        return inlet;
      })
      .call((inlet) => {
        inlet
          .select("rect")
          .attr("x", c.inlet[0])
          .attr("width", c.inlet[1] - c.inlet[0])
          .attr("y", (i) => i.top + 10)
          .attr("height", (i) => i.bottom - i.top - 20);
        inlet
          .select("text")
          .attr("x", c.targets[0] + 8)
          .attr("y", (i) => i.top + 22)
          .text((i) => `zone ${zones[i.zone]} targets · ${formatCount(i.rps)} req/s`);
      });

    const targets =
      frame?.targets ??
      data.meta.targets.map(
        (t): FlowTarget => ({
          id: t.id,
          zone: t.zone,
          state: "healthy",
          rps: 0,
          unhealthyViews: 0,
          utilization: 0,
          backlog: 0,
          drainLeft: Number.NaN,
          inFlight: 0,
        }),
      );
    const barScale = g.barWidth / niceCeiling(Math.max(1, peakRps));
    const showLabels = g.rowHeight >= 11;
    const x0 = c.targets[0] + 8;
    // A gauge of busy workers, then the bar of requests per second.
    const gauge0 = x0 + (showLabels ? 62 : 16);
    const bar0 = gauge0 + GAUGE + 6;
    const reachable = frame?.reachable ?? 0;
    this.layers.targets
      .selectAll<SVGGElement, FlowTarget>("g.target")
      .data(targets, (t) => t.id)
      .join((enter) => {
        const target = enter.append("g").attr("class", "target");
        target.append("rect").attr("class", "chip");
        target.append("text").attr("class", "target-id");
        target.append("rect").attr("class", "gauge");
        target.append("rect").attr("class", "gauge-fill");
        target.append("rect").attr("class", "bar");
        target.append("text").attr("class", "target-rate");
        target.append("title");
        return target;
      })
      .attr("class", (t) => `target target-${t.state}${t.instance ? ` instance-${t.instance}` : ""}`)
      .attr("data-id", (t) => t.id)
      .call((target) => {
        const y = (_: FlowTarget, i: number) => g.targetY[i];
        const h = Math.max(3, Math.min(10, g.rowHeight - 4));
        target
          .select(".chip")
          .attr("x", x0)
          .attr("y", (t, i) => y(t, i) - h / 2)
          .attr("width", h)
          .attr("height", h)
          .attr("rx", 2)
          .attr("fill", (t) => HEALTH_COLORS[t.state]);
        target
          .select(".target-id")
          .attr("x", x0 + h + 5)
          .attr("y", (t, i) => y(t, i) + 4)
          .text((t) => (showLabels ? t.id : ""));
        target
          .select(".gauge")
          .attr("x", gauge0)
          .attr("y", (t, i) => y(t, i) - h / 2)
          .attr("height", h)
          .attr("width", GAUGE);
        target
          .select(".gauge-fill")
          .attr("x", gauge0)
          .attr("y", (t, i) => y(t, i) - h / 2)
          .attr("height", h)
          .attr("width", (t) => GAUGE * Math.min(1, t.utilization))
          .classed("backlogged", (t) => t.backlog > 0);
        target
          .select(".bar")
          .attr("x", bar0)
          .attr("y", (t, i) => y(t, i) - h / 2)
          .attr("height", h)
          .attr("width", (t) => Math.max(0, t.rps * barScale));
        target
          .select(".target-rate")
          .attr("x", (t) => bar0 + t.rps * barScale + 5)
          .attr("y", (t, i) => y(t, i) + 4)
          .text((t) =>
            showLabels
              ? t.instance === "launching" && t.rps === 0
                ? "launching"
                : `${targetFigures(t, reachable, this.options.narrow ?? false)}${t.instance === "terminating" ? " · terminating" : ""}`
              : "",
          );
        target
          .select("title")
          .text(
            (t) =>
              `${t.id}: ${formatCount(t.rps)} requests/s, ${TARGET_STATE_LABELS[t.state]}${t.unhealthyViews ? ` (${t.unhealthyViews} of ${reachable} nodes)` : ""}; ` +
              `${formatWholePercent(t.utilization)} of its workers busy, ${formatCount(t.backlog)} waiting in its backlog` +
              (Number.isNaN(t.drainLeft)
                ? ""
                : `; draining, ${formatStopwatch(t.drainLeft)} of its deregistration delay left, ${formatCount(t.inFlight)} in flight`) +
              (t.instance ? `; Auto Scaling instance ${t.instance}` : ""),
          );
      });
  }
}

/** A starting node's box: white, with a bold dashed outline (styles.css), apart from the blue of nodes in service. */
const STARTING_FILL = "#ffffff";

/** Pixels of a target's gauge of busy workers. */
const GAUGE = 22;

/** What a target's row says after its bar: its rate, and what else is going on at it. */
function targetFigures(t: FlowTarget, reachable: number, narrow: boolean): string {
  const draining = !Number.isNaN(t.drainLeft);
  // A phone's row has room for the drain or the rate, not both.
  if (narrow && draining)
    return `drain ${formatStopwatch(Math.ceil(t.drainLeft))} · ${formatCount(t.inFlight)} in flight`;
  const parts = [`${formatCount(t.rps)}/s`];
  if (t.backlog > 0) parts.push(`${formatCount(t.backlog)} waiting`);
  if (t.state === "partial") parts.push(`unhealthy for ${t.unhealthyViews}/${reachable}`);
  if (draining)
    parts.push(`draining ${formatStopwatch(Math.ceil(t.drainLeft))} left · ${formatCount(t.inFlight)} in flight`);
  return parts.join(" · ");
}

/** Pixels of an error stub's length, off the node's box. */
const STUB = 26;

/** An error ribbon's width: its rate to scale, but never thinner than a hairline that can be seen. */
function errorWidth(e: FlowError, k: number): number {
  return Math.max(2, e.rps * k);
}

function errorClass(kind: FlowError["kind"]): string {
  return kind === "connection error" ? "conn" : kind;
}

function errorName(kind: FlowError["kind"]): string {
  return kind === "connection error" ? "connection errors" : kind;
}

/** A one-line box's figures: the utilisation when capacity is limited, else the rate. */
function short(n: FlowNode): string {
  return Number.isFinite(n.utilization) ? formatWholePercent(n.utilization) : `${formatCount(n.rps)}/s`;
}

function linksWidth(links: readonly FlowLink[], node: string, k: number): number {
  return links.reduce((a, l) => (l.node === node ? a + l.rps * k : a), 0);
}

function order(nodes: readonly FlowNode[], l: FlowLink): number {
  return nodes.findIndex((n) => n.id === l.node);
}

/** 1, 2, 5 × 10^k at or above x: bar scales that change only now and then. */
function niceCeiling(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= x) ?? 10 * p;
}
