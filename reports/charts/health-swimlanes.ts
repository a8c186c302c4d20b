// One lane per target, coloured by its state over time, read from the run's log. Every node checks
// every target on its own (docs/aws-behaviour.md#every-node-checks-every-target), so a target can be
// unhealthy in some nodes' view and healthy in others': the lanes show that split instead of a
// single verdict. The states, their names and their precedence are sim/model/target-state.ts's, as
// in the dashboard.
import { scaleLinear } from "d3-scale";
import type { LogEntry } from "../../sim/metrics/result";
import {
  type HealthViewName,
  TARGET_STATES,
  TARGET_STATE_LABELS,
  type TargetState,
  classifyTarget,
} from "../../sim/model/target-state";
import { formatClock as clock } from "../format";
import { HEALTH_COLORS } from "./palette";
import type { ChartOptions, Frame, LegendItem } from "./svg";
import { DEFAULT_WIDTH, MIN_LEFT, cursorMark, esc, header, n, svgDocument, textWidth, timeAxis } from "./svg";

export interface HealthTarget {
  id: string;
  zone: string;
}

export interface HealthNode {
  id: string;
  launchedAt: number;
  retiredAt: number | null;
  /** When it went into service and began checking (its `node-ready`), if after its launch. */
  readyAt?: number;
}

export interface HealthSegment {
  target: string;
  start: number;
  end: number;
  state: TargetState;
  /** Nodes that saw the target unhealthy, of `views` nodes in service. */
  unhealthyViews: number;
  views: number;
}

export interface HealthSwimlanesData {
  /** The run's length in seconds. */
  duration: number;
  /** One lane each, in this order (zones grouped as given). */
  targets: readonly HealthTarget[];
  /** The nodes, to count how many views a target has at each time; default the nodes named in the log. */
  nodes?: readonly HealthNode[];
  /** The run's log: health, fail, recover, outage, restore, register, deregister, deregistered, node-retired. */
  log: readonly LogEntry[];
}

export interface HealthSwimlanesOptions extends ChartOptions {
  /** Height of one lane in px. Default 14. */
  laneHeight?: number;
}

/** What the log has said of one target so far. */
interface Lane {
  lifecycle: "registered" | "draining" | "absent";
  failed: boolean;
  /** Registered during the run (at `registeredAt`): nodes without a result yet read "initial". */
  fresh: boolean;
  registeredAt: number;
  /** Each node's view, by node id. */
  views: Map<string, HealthViewName>;
}

/** The segments of every target's lane, in target order then time. */
export function healthSegments(data: HealthSwimlanesData): HealthSegment[] {
  const log = [...data.log].sort((a, b) => a.at - b.at);
  const firstLifecycle = new Map<string, string>();
  for (const e of log) {
    if (
      typeof e.target === "string" &&
      (e.type === "register" || e.type === "deregister") &&
      !firstLifecycle.has(e.target)
    )
      firstLifecycle.set(e.target, e.type);
  }
  const states = new Map<string, Lane>(
    data.targets.map((t) => [
      t.id,
      {
        lifecycle: firstLifecycle.get(t.id) === "register" ? "absent" : "registered",
        failed: false,
        fresh: false,
        registeredAt: 0,
        views: new Map(),
      },
    ]),
  );
  const zonesOut = new Set<string>();
  const seenNodes = new Set<string>();
  const retired = new Set<string>();

  const nodesAt = (t: number): string[] =>
    data.nodes
      ? data.nodes
          .filter(
            (nd) =>
              (nd.readyAt ?? nd.launchedAt) <= t && (nd.retiredAt === null || t < nd.retiredAt) && !retired.has(nd.id),
          )
          .map((nd) => nd.id)
      : [...seenNodes].filter((id) => !retired.has(id));

  // A node launched after the target registered starts from a peer's views, its zone's first
  // (sim/model/lb-node.ts learnFrom), and logs nothing until its own checks change one: read the
  // view of a node of its zone that has one, else of any node, else "initial".
  const launched = new Map((data.nodes ?? []).map((nd) => [nd.id, nd.launchedAt]));
  const learned = (s: Lane, id: string): HealthViewName => {
    if (!((launched.get(id) ?? 0) > s.registeredAt)) return "initial";
    const zone = id.slice(0, id.lastIndexOf("-n") + 2);
    for (const [other, view] of s.views) if (other.startsWith(zone)) return view;
    for (const view of s.views.values()) return view;
    return "initial";
  };

  const stateOf = (target: HealthTarget, t: number): Omit<HealthSegment, "target" | "start" | "end"> => {
    const s = states.get(target.id)!;
    const nodes = nodesAt(t);
    let unhealthy = 0;
    let initial = 0;
    for (const id of nodes) {
      const view = s.views.get(id) ?? (s.fresh ? learned(s, id) : "healthy");
      if (view === "unhealthy") unhealthy++;
      else if (view === "initial") initial++;
    }
    const views = nodes.length;
    const state = classifyTarget({
      registered: s.lifecycle !== "absent",
      draining: s.lifecycle === "draining",
      failed: s.failed || zonesOut.has(target.zone),
      unhealthyViews: unhealthy,
      initialViews: initial,
      views,
    });
    return { state, unhealthyViews: unhealthy, views };
  };

  const apply = (e: LogEntry) => {
    if (typeof e.node === "string" && e.type === "health") seenNodes.add(e.node);
    const s = typeof e.target === "string" ? states.get(e.target) : undefined;
    switch (e.type) {
      case "health":
        if (s && typeof e.node === "string") s.views.set(e.node, String(e.state) as HealthViewName);
        break;
      case "fail":
        if (s) s.failed = true;
        break;
      case "recover":
        if (s) s.failed = false;
        break;
      case "outage":
        if (typeof e.zone === "string") zonesOut.add(e.zone);
        break;
      case "restore":
        if (typeof e.zone === "string") zonesOut.delete(e.zone);
        break;
      case "register":
        if (s) {
          s.lifecycle = "registered";
          s.fresh = true;
          s.registeredAt = e.at;
          s.views.clear();
        }
        break;
      case "deregister":
        if (s) s.lifecycle = "draining";
        break;
      case "deregistered":
        if (s) s.lifecycle = "absent";
        break;
      case "node-retired":
        if (typeof e.node === "string") retired.add(e.node);
        break;
    }
  };

  // Change points: every log time and every node launch or retirement.
  const times = new Set<number>([0, ...log.map((e) => e.at)]);
  for (const nd of data.nodes ?? []) {
    times.add(nd.launchedAt);
    if (nd.readyAt !== undefined) times.add(nd.readyAt);
    if (nd.retiredAt !== null) times.add(nd.retiredAt);
  }
  const ordered = [...times].filter((t) => t >= 0 && t < data.duration).sort((a, b) => a - b);
  const open = new Map<string, HealthSegment>();
  const segments = new Map<string, HealthSegment[]>(data.targets.map((t) => [t.id, []]));
  let next = 0;
  for (const t of ordered) {
    while (next < log.length && log[next].at <= t) apply(log[next++]);
    for (const target of data.targets) {
      const now = stateOf(target, t);
      const current = open.get(target.id);
      if (current && current.state === now.state && current.unhealthyViews === now.unhealthyViews) continue;
      if (current) current.end = t;
      const segment = { target: target.id, start: t, end: data.duration, ...now };
      open.set(target.id, segment);
      segments.get(target.id)!.push(segment);
    }
  }
  return data.targets.flatMap((t) => segments.get(t.id)!);
}

/** Health swimlanes, one per target, as an SVG string. */
export function healthSwimlanes(data: HealthSwimlanesData, options: HealthSwimlanesOptions = {}): string {
  const width = options.width ?? DEFAULT_WIDTH;
  const laneHeight = options.laneHeight ?? 14;
  const segments = healthSegments(data);
  const present = new Set(segments.map((s) => s.state));
  const legend: LegendItem[] = TARGET_STATES.filter((s) => present.has(s) || s === "healthy").map((s) => ({
    label: TARGET_STATE_LABELS[s],
    color: HEALTH_COLORS[s],
    kind: "swatch",
  }));
  const head = header(options.title, legend, width);

  // Lanes, with a gap between zones.
  const laneY = new Map<string, number>();
  let y = head.bottom + 10;
  data.targets.forEach((t, i) => {
    if (i > 0 && data.targets[i - 1].zone !== t.zone) y += 6;
    laneY.set(t.id, y);
    y += laneHeight + 3;
  });
  const left = Math.max(MIN_LEFT, Math.ceil(Math.max(0, ...data.targets.map((t) => textWidth(t.id))) + 16));
  const frame: Frame = { width, height: 0, left, right: width - 16, top: head.bottom + 6, bottom: y + 2 };
  const height = Math.max(options.height ?? 0, frame.bottom + 36);
  frame.height = height;
  const x = scaleLinear()
    .domain(options.timeDomain ? [options.timeDomain[0], options.timeDomain[1]] : [0, data.duration || 1])
    .range([frame.left, frame.right])
    .clamp(true);

  const body = [head.svg];
  for (const t of data.targets) {
    const ly = laneY.get(t.id)!;
    body.push(
      `<text x="${n(left - 6)}" y="${n(ly + laneHeight / 2 + 4)}" text-anchor="end" fill="currentColor">${esc(t.id)}</text>`,
    );
  }
  for (const s of segments) {
    const x0 = x(s.start);
    const x1 = x(s.end);
    if (x1 <= x0) continue;
    const what =
      s.state === "partial"
        ? `unhealthy in ${s.unhealthyViews} of ${s.views} nodes' view`
        : TARGET_STATE_LABELS[s.state];
    const tip = `${s.target}: ${what}, ${clock(s.start)}–${clock(s.end)}`;
    body.push(
      `<rect x="${n(x0)}" y="${n(laneY.get(s.target)!)}" width="${n(x1 - x0)}" height="${n(laneHeight)}" fill="${HEALTH_COLORS[s.state]}"><title>${esc(tip)}</title></rect>`,
    );
  }
  body.push(timeAxis(x, frame), cursorMark(x, options.cursor, frame));
  return svgDocument(width, height, options.title, body, x);
}
