// Stacked bars over simulated time: errors by status (502, 503, 504, target 5xx), one bar per bin
// of buckets, so bursts stay visible as bars rather than smoothed into lines.
import { max } from "d3-array";
import { categorical } from "./palette";
import type { ChartOptions, LegendItem } from "./svg";
import {
  bin,
  binEdges,
  binSize,
  cursorMark,
  emptyNote,
  esc,
  n,
  svgDocument,
  timeAxis,
  timeLayout,
  valueAxis,
  valueScale,
} from "./svg";

export interface BarCategory {
  /** The legend's label ("503 (ELB)"). */
  label: string;
  /** One value per bucket (a rate, such as errors/s); NaN counts as nothing. */
  values: readonly number[];
  /** Fill colour; default the next categorical colour. */
  color?: string;
}

export interface StackedBarData {
  /** Seconds per bucket. */
  interval: number;
  /** Bottom category first. */
  categories: readonly BarCategory[];
}

export interface StackedBarOptions extends ChartOptions {
  /** The quantity on the value axis ("errors/s"). */
  yLabel?: string;
  /** Shown in the plot when every value is 0. Default "none". */
  emptyText?: string;
}

/** A stacked bar chart of `data.categories` over simulated time (at most 120 bars by default), as an SVG string. */
export function stackedBarChart(data: StackedBarData, options: StackedBarOptions = {}): string {
  const buckets = max(data.categories, (c) => c.values.length) ?? 0;
  const size = binSize(buckets, options.maxPoints ?? 120);
  const categories = data.categories.map((c, i) => ({
    ...c,
    color: c.color ?? categorical(i),
    bins: bin(c.values, data.interval, size),
  }));
  const frameBins = binEdges(buckets, data.interval, size);
  const totals = frameBins.starts.map((_, i) =>
    categories.reduce((a, c) => a + (Number.isFinite(c.bins.values[i]) ? c.bins.values[i] : 0), 0),
  );
  const largest = max(totals) ?? 0;
  const axis = { label: options.yLabel ?? "value" };
  const y = valueScale(options, largest);

  const legend: LegendItem[] = categories.map((c) => ({ label: c.label, color: c.color, kind: "swatch" }));
  const { head, frame, x } = timeLayout({
    options,
    legend,
    y,
    axis,
    interval: data.interval,
    buckets,
    height: 220,
    minPlot: 84,
  });
  x.clamp(true);

  const body = [head, valueAxis(y, frame, axis)];
  frameBins.starts.forEach((start, i) => {
    const x0 = x(start);
    const x1 = x(frameBins.ends[i]);
    // A gap between bars when they are wide enough to afford one.
    const gap = x1 - x0 > 4 ? Math.min(2, (x1 - x0) * 0.15) : 0;
    let base = 0;
    for (const c of categories) {
      const v = c.bins.values[i];
      if (!(v > 0)) continue;
      const y0 = y(base);
      const y1 = y(base + v);
      base += v;
      body.push(
        `<rect x="${n(x0 + gap / 2)}" y="${n(y1)}" width="${n(Math.max(0.5, x1 - x0 - gap))}" height="${n(y0 - y1)}" fill="${c.color}"><title>${esc(c.label)}</title></rect>`,
      );
    }
  });
  if (largest === 0) body.push(emptyNote(frame, options.emptyText ?? "none"));
  body.push(timeAxis(x, frame), cursorMark(x, options.cursor, frame));
  return svgDocument(frame.width, frame.height, options.title, body, x);
}
