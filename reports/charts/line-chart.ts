// Lines over simulated time: latency percentiles, error rates, and the same metric of several
// variants overlaid (colour for one thing, dash for the other).
import { max } from "d3-array";
import { line } from "d3-shape";
import { categorical } from "./palette";
import type { Aggregate, ChartOptions, LegendItem, Unit } from "./svg";
import {
  bin,
  binSize,
  cursorMark,
  emptyNote,
  svgDocument,
  timeAxis,
  timeLayout,
  unitAxis,
  valueAxis,
  valueScale,
} from "./svg";

export interface LineSeries {
  /** The legend's label. */
  label: string;
  /** One value per bucket; NaN (no observation) leaves a gap. */
  values: readonly number[];
  /** Stroke colour; default the next categorical colour. */
  color?: string;
  /** An SVG dash pattern ("6 3"); default solid. */
  dash?: string | null;
  /** How buckets combine when the series is binned: "mean" (default; rates, means) or "max" (percentiles). */
  aggregate?: Aggregate;
}

export interface LineChartData {
  /** Seconds per bucket. */
  interval: number;
  series: readonly LineSeries[];
}

export interface LineChartOptions extends ChartOptions {
  /** What the values are: "seconds" (drawn in ms below 2 s), "number" (default) or "share" (percent). */
  unit?: Unit;
  /** The quantity on the value axis ("latency", "requests/s"); the unit is appended. */
  yLabel?: string;
}

/** A line chart of `data.series` over simulated time, as an SVG string. */
export function lineChart(data: LineChartData, options: LineChartOptions = {}): string {
  const buckets = max(data.series, (s) => s.values.length) ?? 0;
  const size = binSize(buckets, options.maxPoints);
  const series = data.series.map((s, i) => ({
    ...s,
    color: s.color ?? categorical(i),
    bins: bin(s.values, data.interval, size, s.aggregate ?? "mean"),
  }));
  const largest = max(series, (s) => max(s.bins.values.filter(Number.isFinite))) ?? 0;
  // With a shared domain, its top decides the unit, so both charts of a pair read alike.
  const { factor, axis } = unitAxis(
    options.unit ?? "number",
    options.yDomain?.[1] ?? largest,
    options.yLabel ?? "value",
  );
  const y = valueScale(options, largest, factor);

  const legend: LegendItem[] = series.map((s) => ({ label: s.label, color: s.color, dash: s.dash }));
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

  const body = [head, valueAxis(y, frame, axis), timeAxis(x, frame)];
  if (largest === 0 && series.every((s) => s.bins.values.every((v) => !Number.isFinite(v))))
    body.push(emptyNote(frame, "no data"));
  for (const s of series) {
    const points = s.bins.values.map((v, i) => [(s.bins.starts[i] + s.bins.ends[i]) / 2, v * factor] as const);
    const path = line<readonly [number, number]>()
      .defined(([, v]) => Number.isFinite(v))
      .x(([t]) => x(t))
      .y(([, v]) => y(v))
      .digits(1)(points);
    if (!path) continue;
    const dashAttr = s.dash ? ` stroke-dasharray="${s.dash}"` : "";
    body.push(
      `<path d="${path}" fill="none" stroke="${s.color}" stroke-width="1.75" stroke-linejoin="round"${dashAttr}/>`,
    );
  }
  body.push(cursorMark(x, options.cursor, frame));
  return svgDocument(frame.width, frame.height, options.title, body, x);
}
