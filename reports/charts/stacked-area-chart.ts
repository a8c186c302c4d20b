// Stacked areas over simulated time: requests per zone or per target, as rates or as shares of the
// total, so both the split and its drift after scaling or failures show.
import { max } from "d3-array";
import { scaleLinear } from "d3-scale";
import { area } from "d3-shape";
import { categorical } from "./palette";
import type { ChartOptions, LegendItem } from "./svg";
import {
  bin,
  binEdges,
  binSize,
  cursorMark,
  emptyNote,
  esc,
  svgDocument,
  timeAxis,
  timeLayout,
  unitAxis,
  valueAxis,
  valueScale,
} from "./svg";

export interface AreaLayer {
  /** The layer's name (legend entry, unless grouped). */
  label: string;
  /** One value per bucket; NaN counts as nothing. */
  values: readonly number[];
  /** Layers of one group share a colour (alternating shades) and one legend entry, e.g. targets by zone. */
  group?: string;
}

export interface StackedAreaData {
  /** Seconds per bucket. */
  interval: number;
  /** Bottom layer first. */
  layers: readonly AreaLayer[];
}

export interface StackedAreaOptions extends ChartOptions {
  /** "stack" (default) stacks the values; "share" shows each layer's fraction of the total (0–100 %). */
  mode?: "stack" | "share";
  /** The quantity on the value axis ("requests/s", "requests"); a "share" axis reads "share of <label>". */
  yLabel?: string;
}

/** A stacked area chart of `data.layers` over simulated time, as an SVG string. */
export function stackedAreaChart(data: StackedAreaData, options: StackedAreaOptions = {}): string {
  const mode = options.mode ?? "stack";
  const buckets = max(data.layers, (l) => l.values.length) ?? 0;
  const size = binSize(buckets, options.maxPoints);
  const binned = data.layers.map((l) =>
    bin(l.values, data.interval, size).values.map((v) => (Number.isFinite(v) ? v : 0)),
  );
  const bins = binEdges(buckets, data.interval, size);
  const count = bins.starts.length;

  // Cumulative sums: tops[l][i] is the top of layer l in bin i.
  const totals = Array.from({ length: count }, (_, i) => binned.reduce((a, values) => a + (values[i] ?? 0), 0));
  const tops: number[][] = [];
  let below = new Array<number>(count).fill(0);
  for (const values of binned) {
    const top = below.map(
      (b, i) => b + (mode === "share" ? (totals[i] > 0 ? (values[i] ?? 0) / totals[i] : NaN) : (values[i] ?? 0)),
    );
    tops.push(top);
    below = top;
  }

  const groups = [...new Set(data.layers.map((l) => l.group).filter((g): g is string => g !== undefined))];
  const colorOf = (l: number) => {
    const group = data.layers[l].group;
    return group === undefined ? categorical(l) : categorical(groups.indexOf(group));
  };
  // Within a group, alternate shades so neighbouring layers stay apart.
  const shade = new Map<string, number>();
  const opacityOf = data.layers.map((l) => {
    if (l.group === undefined) return 0.85;
    const k = shade.get(l.group) ?? 0;
    shade.set(l.group, k + 1);
    return k % 2 === 0 ? 0.9 : 0.6;
  });

  const legend: LegendItem[] =
    groups.length > 0
      ? groups.map((g, i) => ({ label: g, color: categorical(i), kind: "swatch" }))
      : data.layers.map((l, i) => ({ label: l.label, color: colorOf(i), kind: "swatch" }));
  const largest = mode === "share" ? 1 : (max(totals) ?? 0);
  const { axis } = unitAxis(
    mode === "share" ? "share" : "number",
    largest,
    mode === "share" ? `share of ${options.yLabel ?? "total"}` : (options.yLabel ?? "value"),
  );
  const y = mode === "share" ? scaleLinear().domain([0, 1]) : valueScale(options, largest);

  const { head, frame, x } = timeLayout({
    options,
    legend,
    y,
    axis,
    interval: data.interval,
    buckets,
    height: 260,
    minPlot: 120,
  });

  const body = [head, valueAxis(y, frame, axis)];
  const mid = (i: number) => (bins.starts[i] + bins.ends[i]) / 2;
  // Thin white edges part a few layers; with many, the alternating shades do it with less noise.
  const separator = data.layers.length <= 12 ? ` stroke="#ffffff" stroke-width="0.5"` : "";
  tops.forEach((top, l) => {
    const bottom = l === 0 ? top.map((v) => (Number.isFinite(v) ? 0 : NaN)) : tops[l - 1];
    const path = area<number>()
      .defined((i) => Number.isFinite(top[i]) && Number.isFinite(bottom[i]))
      .x((i) => x(mid(i)))
      .y0((i) => y(bottom[i]))
      .y1((i) => y(top[i]))
      .digits(1)(top.map((_, i) => i));
    if (!path) return;
    body.push(
      `<path d="${path}" fill="${colorOf(l)}" fill-opacity="${opacityOf[l]}"${separator}><title>${esc(data.layers[l].label)}</title></path>`,
    );
  });
  if (largest === 0) body.push(emptyNote(frame, "no requests"));
  body.push(timeAxis(x, frame), cursorMark(x, options.cursor, frame));
  return svgDocument(frame.width, frame.height, options.title, body, x);
}
