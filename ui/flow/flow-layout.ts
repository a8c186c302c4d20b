// Where the flow diagram puts things. Zones are horizontal bands; inside a band sit the zone's
// nodes and its targets, so a link that changes band crosses a zone boundary. The layout depends
// only on the run's shape (zones, nodes launched, targets) and its peak rate, not on the bucket
// shown, so scrubbing moves widths and colours, never positions.

export interface FlowGeometry {
  width: number;
  height: number;
  /** Pixels of link width per request per second. */
  scale: number;
  columns: {
    clients: [number, number];
    dns: [number, number];
    nodes: [number, number];
    inlet: [number, number];
    targets: [number, number];
  };
  /** Vertical centre of the clients and DNS boxes. */
  middle: number;
  bands: { zone: number; top: number; bottom: number }[];
  /** Centre of each target's row, by target index. */
  targetY: number[];
  rowHeight: number;
  /** Width available to a target's bar. */
  barWidth: number;
}

export interface LayoutInput {
  zones: number;
  nodes: readonly { id: string; zone: number }[];
  targets: readonly { zone: number }[];
  /** The largest total rate to draw, requests per second. */
  peakRps: number;
  compact: boolean;
  /** A phone's width: the narrowest drawing, whose text stays legible at 390 px. */
  narrow?: boolean;
}

const TOP = 34;
/** A node box of one line of text, and the space between boxes. */
const NODE_LINE = 22;
const NODE_GAP = 6;
/** Below a box whose node spills: the 503 rate. */
const SPILL_LINE = 15;
const GAP = 10;
const PAD = 10;

export function flowLayout({ zones, nodes, targets, peakRps, compact, narrow = false }: LayoutInput): FlowGeometry {
  const width = narrow ? 540 : compact ? 700 : 960;
  const columns = narrow
    ? { clients: [22, 70], dns: [92, 128], nodes: [190, 280], inlet: [322, 327], targets: [330, 536] }
    : compact
      ? { clients: [6, 86], dns: [132, 184], nodes: [270, 378], inlet: [456, 462], targets: [468, 694] }
      : { clients: [12, 112], dns: [172, 252], nodes: [372, 522], inlet: [640, 648], targets: [656, 948] };
  // Aim for a drawing about `budget` tall: rows and node slots shrink to fit, down to a minimum.
  const budget = 520;
  const perZone = (budget - TOP - GAP * (zones - 1)) / Math.max(1, zones) - 2 * PAD;
  const most = (counts: number[]) => Math.max(1, ...counts);
  const targetsPerZone = most(Array.from({ length: zones }, (_, z) => targets.filter((t) => t.zone === z).length));
  const nodesPerZone = most(Array.from({ length: zones }, (_, z) => nodes.filter((n) => n.zone === z).length));
  const rowHeight = Math.max(7, Math.min(18, (perZone - 22) / targetsPerZone));
  const nodeMin = Math.max(NODE_LINE + 2, Math.min(58, perZone / nodesPerZone));
  const bands: FlowGeometry["bands"] = [];
  const targetY: number[] = new Array(targets.length).fill(0);
  let y = TOP;
  for (let z = 0; z < zones; z++) {
    const zoneNodes = nodes.filter((n) => n.zone === z);
    const zoneTargets = targets.map((t, i) => ({ t, i })).filter(({ t }) => t.zone === z);
    const inner = Math.max(80, zoneTargets.length * rowHeight + 22, zoneNodes.length * nodeMin);
    const top = y;
    const bottom = y + inner + 2 * PAD;
    bands.push({ zone: z, top, bottom });
    // The zone's label takes the first line; rows are centred in the rest.
    const rowsTop = top + PAD + 18 + (inner - 18 - zoneTargets.length * rowHeight) / 2;
    zoneTargets.forEach(({ i }, k) => {
      targetY[i] = rowsTop + rowHeight * (k + 0.5);
    });
    y = bottom + GAP;
  }
  const height = y - GAP + 8;
  const bandInner = Math.min(...bands.map((b) => b.bottom - b.top - 2 * PAD));
  // The busiest moment's total fits the smallest band, so no zone's links overflow it.
  const widest = Math.min(compact ? 110 : 150, 0.85 * bandInner);
  return {
    width,
    height,
    scale: peakRps > 0 ? widest / peakRps : 0,
    columns: columns as FlowGeometry["columns"],
    middle: (TOP + height) / 2,
    bands,
    targetY,
    rowHeight,
    barWidth: narrow ? 70 : compact ? 110 : 170,
  };
}

export interface NodePlace {
  /** Centre and height of the box. */
  y: number;
  height: number;
  /** Two lines of text (id, then rate and utilisation), or one. */
  twoLines: boolean;
}

/**
 * Where each node's box goes in the bucket shown: a box is as tall as its incoming link (one line
 * of text at least, two once the link is that wide), a starting node one line, and a zone's
 * boxes are stacked in launch order and centred in its band, squeezed when they do not fit.
 */
export function placeNodes(
  nodes: readonly { id: string; zone: number; rps: number; spillRps: number; state: string }[],
  g: FlowGeometry,
  scale: number,
): Map<string, NodePlace> {
  const places = new Map<string, NodePlace>();
  for (const band of g.bands) {
    const inZone = nodes.filter((n) => n.zone === band.zone);
    if (inZone.length === 0) continue;
    const wanted = inZone.map((n) => {
      const width = n.rps * scale;
      const twoLines = n.state !== "provisioning" && width >= 30;
      // A starting node gets a full line: it is news (the controller's answer to load), not a detail.
      const height = n.state === "provisioning" ? NODE_LINE : twoLines ? Math.max(36, width) : NODE_LINE;
      return { n, height, twoLines, below: n.spillRps > 0 ? SPILL_LINE : 0 };
    });
    const room = band.bottom - band.top - 2 * PAD;
    // Squeezed to fit: boxes keep a readable minimum while they can, and shrink below it only
    // when a zone has more nodes than its band has lines.
    const total = (list: typeof wanted) =>
      list.reduce((a, w) => a + w.height + w.below, 0) + NODE_GAP * (list.length - 1);
    let fitted = wanted;
    const wide = total(wanted);
    if (wide > room)
      fitted = wanted.map((w) => ({
        ...w,
        height: Math.max(12, (w.height * room) / wide),
        below: (w.below * room) / wide,
      }));
    const squeeze = Math.min(1, room / total(fitted));
    let y = (band.top + band.bottom) / 2 - (total(fitted) * squeeze) / 2;
    for (const w of fitted) {
      const height = w.height * squeeze;
      places.set(w.n.id, { y: y + height / 2, height, twoLines: w.twoLines && height >= 30 });
      y += height + (w.below + NODE_GAP) * squeeze;
    }
  }
  return places;
}

/** A filled ribbon from a vertical span at x0 to one at x1 (a Sankey link). */
export function ribbon(x0: number, y0: number, x1: number, y1: number, w0: number, w1 = w0): string {
  const xm = (x0 + x1) / 2;
  const a0 = y0 - w0 / 2;
  const b0 = y0 + w0 / 2;
  const a1 = y1 - w1 / 2;
  const b1 = y1 + w1 / 2;
  const f = (v: number) => Math.round(v * 10) / 10;
  return `M${f(x0)},${f(a0)}C${f(xm)},${f(a0)} ${f(xm)},${f(a1)} ${f(x1)},${f(a1)}L${f(x1)},${f(b1)}C${f(xm)},${f(b1)} ${f(xm)},${f(b0)} ${f(x0)},${f(b0)}Z`;
}
