// Load balancer nodes over simulated time, as steps, with the controller's actions as labelled
// vertical rules: a scale-out decision, then the nodes becoming ready minutes later
// (docs/design.md#controller). The gap between the two is the point of the chart.
import { max } from "d3-array";
import { curveStepAfter, line } from "d3-shape";
import { formatClock as clock } from "../format";
import { MARKER_COLORS, categorical } from "./palette";
import type { ChartOptions, LegendItem } from "./svg";
import {
  bin,
  binSize,
  cursorMark,
  esc,
  n,
  svgDocument,
  textWidth,
  timeAxis,
  timeLayout,
  valueAxis,
  valueScale,
} from "./svg";

export interface ScalingMarker {
  /** When, in seconds. */
  at: number;
  /** "scale-out", "scale-in", "node-ready", "node-retiring", "node-retired" or another log type; sets the colour. */
  kind: string;
  /** Short text beside the rule ("+1 per zone", "a-n2 ready"). */
  label: string;
}

export interface NodeCountSeries {
  /** The legend's label ("all zones", "zone a"). */
  label: string;
  /** Nodes at each bucket's close. */
  values: readonly number[];
  /** Stroke colour; default the next categorical colour. */
  color?: string;
  /** An SVG dash pattern, so overlaid equal counts stay visible; default solid. */
  dash?: string | null;
}

export interface NodeCountData {
  /** Seconds per bucket. */
  interval: number;
  series: readonly NodeCountSeries[];
  /** Scaling events drawn as vertical rules; markers of one kind at one time merge into one. */
  markers?: readonly ScalingMarker[];
}

export interface NodeCountOptions extends ChartOptions {
  /** The quantity on the value axis. Default "nodes". */
  yLabel?: string;
  /** Rows of marker labels before further labels are left out (their rules stay). Default 3. */
  labelRows?: number;
}

const ROW = 13;

/** A step chart of node counts with scaling markers, as an SVG string. */
export function nodeCountChart(data: NodeCountData, options: NodeCountOptions = {}): string {
  const buckets = max(data.series, (s) => s.values.length) ?? 0;
  const size = binSize(buckets, options.maxPoints);
  const series = data.series.map((s, i) => ({
    ...s,
    color: s.color ?? categorical(i),
    bins: bin(s.values, data.interval, size, "max"),
  }));
  const markers = mergeMarkers(data.markers ?? []);
  const kinds = [...new Set(markers.map((m) => m.kind))];

  const largest = max(series, (s) => max(s.bins.values.filter(Number.isFinite))) ?? 0;
  const axis = { label: options.yLabel ?? "nodes", format: "d", integer: true };
  // Headroom of one node above the most, so the top step does not run along the frame.
  const y = valueScale(options, largest, 1, Math.max(1, Math.ceil(largest) + 1));
  const legend: LegendItem[] = [
    ...series.map((s) => ({ label: s.label, color: s.color, dash: s.dash })),
    ...kinds.map((k) => ({ label: k, color: markerColor(k), kind: "rule" as const })),
  ];
  const rows = Math.min(options.labelRows ?? 3, markers.length);
  const above = rows * ROW + (rows > 0 ? 4 : 0);
  const { head, frame, x } = timeLayout({
    options,
    legend,
    y,
    axis,
    interval: data.interval,
    buckets,
    height: 260,
    minPlot: 74,
    above,
  });
  const [, end] = x.domain();

  const body = [head, valueAxis(y, frame, axis), timeAxis(x, frame)];
  for (const s of series) {
    const points = s.bins.values.map((v, i) => [s.bins.starts[i], v] as const);
    const last = points.at(-1);
    if (last) points.push([Math.max(end, s.bins.ends.at(-1) ?? end), last[1]]);
    const path = line<readonly [number, number]>()
      .defined(([, v]) => Number.isFinite(v))
      .x(([t]) => x(t))
      .y(([, v]) => y(v))
      .curve(curveStepAfter)
      .digits(1)(points);
    if (path)
      body.push(
        `<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}/>`,
      );
  }

  // Rules span the plot and the label rows above it; each label takes the first row where it fits
  // and is drawn after every rule, on a white box, so no rule runs through its text.
  const rowEnds = new Array<number>(rows).fill(-Infinity);
  const labelTop = frame.top - 18 - rows * ROW;
  const labels: string[] = [];
  for (const m of markers) {
    if (m.at < x.domain()[0] || m.at > end) continue;
    const px = x(m.at);
    const color = markerColor(m.kind);
    body.push(
      `<line x1="${n(px)}" x2="${n(px)}" y1="${n(labelTop)}" y2="${n(frame.bottom)}" stroke="${color}" stroke-width="1.5" stroke-dasharray="3 2"><title>${esc(`${m.label} at ${clock(m.at)}`)}</title></line>`,
    );
    const w = textWidth(m.label, 10);
    const leftward = px + 3 + w > frame.right;
    const from = leftward ? px - 3 - w : px + 3;
    const row = rowEnds.findIndex((e) => e < from - 4);
    if (row < 0) continue;
    rowEnds[row] = from + w;
    const anchor = leftward ? ` text-anchor="end"` : "";
    const ty = labelTop + row * ROW;
    labels.push(
      `<rect x="${n(from - 1)}" y="${n(ty)}" width="${n(w + 2)}" height="${ROW - 1}" fill="#ffffff" fill-opacity="0.9"/>`,
    );
    labels.push(
      `<text x="${n(leftward ? px - 3 : px + 3)}" y="${n(ty + 10)}" font-size="10" fill="currentColor"${anchor}>${esc(m.label)}</text>`,
    );
  }
  body.push(...labels);
  body.push(cursorMark(x, options.cursor, frame));
  return svgDocument(frame.width, frame.height, options.title, body, x);
}

function markerColor(kind: string): string {
  return MARKER_COLORS[kind] ?? "#666666";
}

/** One marker per kind and time, labels of merged markers counted ("a-n2 ready +2"). */
function mergeMarkers(markers: readonly ScalingMarker[]): ScalingMarker[] {
  const merged = new Map<string, { marker: ScalingMarker; count: number }>();
  for (const m of [...markers].sort((a, b) => a.at - b.at)) {
    const key = `${m.kind}@${m.at}`;
    const seen = merged.get(key);
    if (seen) seen.count++;
    else merged.set(key, { marker: m, count: 1 });
  }
  return [...merged.values()].map(({ marker, count }) =>
    count === 1 ? marker : { ...marker, label: `${marker.label} +${count - 1}` },
  );
}
