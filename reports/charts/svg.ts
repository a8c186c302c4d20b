// The parts every chart shares: options, escaping, rounding, the frame, axes, legend, cursor and
// binning. Charts are strings of SVG built without a DOM, so they render the same in Node (the
// report), in a worker and in the page (the dashboard). Coordinates are rounded to 0.1 px so
// snapshots stay stable and files small.
import { max } from "d3-array";
import type { ScaleLinear } from "d3-scale";
import { scaleLinear } from "d3-scale";
import { formatDuration } from "../format";

/** Options every chart takes. */
export interface ChartOptions {
  /** Width of the drawing in px (its viewBox); the SVG is `width="100%"` and scales to its box. Default 720. */
  width?: number;
  /** Height of the drawing in px. Each chart has its own default. */
  height?: number;
  /** Title drawn at the top; also the SVG's accessible name. */
  title?: string;
  /** A time in seconds marked with a vertical line (the dashboard's current bucket); null or absent for none. */
  cursor?: number | null;
  /** The time axis' extent in seconds; default [0, buckets × interval]. Charts given the same line up. */
  timeDomain?: readonly [number, number];
  /** At most this many points (or bars) per series: longer series are averaged into bins. Default 480. */
  maxPoints?: number;
  /**
   * The value axis' extent in the data's units (seconds for latency); charts given the same one
   * share a scale, as compare mode's pairs do. Values beyond it are clipped to its edges. Default
   * from 0 to the largest value, rounded out to nice ticks. Share charts and the health
   * swimlanes, whose axes are fixed, ignore it.
   */
  yDomain?: readonly [number, number];
}

export const DEFAULT_WIDTH = 720;
export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const TITLE_SIZE = 14;
const LABEL_SIZE = 11;
const MUTED = "#595959";
/** The least left margin, so charts stacked in a page line their time axes up. */
export const MIN_LEFT = 52;

/** Escapes text for XML content and attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(
    /[&<>"']/g,
    (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[c]};`,
  );
}

/** A coordinate rounded to 0.1 px, without "-0". */
export function n(x: number): string {
  const r = Math.round(x * 10) / 10;
  return r === 0 ? "0" : String(r);
}

/** An estimate of a label's width in px (system-ui averages a little under 0.6 em per character). */
export function textWidth(text: string, size = LABEL_SIZE): number {
  return text.length * size * 0.58;
}

/** The plot area inside the drawing. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A legend entry: a line (with optional dash) or a filled swatch. */
export interface LegendItem {
  label: string;
  color: string;
  kind?: "line" | "swatch" | "rule";
  dash?: string | null;
}

/**
 * The title and the legend, wrapped to `width`; returns the SVG and the y where they end. Entries
 * wrap onto new rows rather than run off the edge.
 */
export function header(
  title: string | undefined,
  items: readonly LegendItem[],
  width: number,
  left = 0,
): { svg: string; bottom: number } {
  const parts: string[] = [];
  let y = 6;
  if (title) {
    parts.push(
      `<text x="${n(left)}" y="${n(y + TITLE_SIZE)}" font-size="${TITLE_SIZE}" font-weight="600" fill="currentColor">${esc(title)}</text>`,
    );
    y += TITLE_SIZE + 8;
  }
  let x = left;
  const rowHeight = 16;
  if (items.length > 0) y += 2;
  for (const item of items) {
    const w = 22 + textWidth(item.label) + 14;
    if (x + w > width - 8 && x > left) {
      x = left;
      y += rowHeight;
    }
    const cy = y + 6;
    if (item.kind === "swatch") {
      parts.push(`<rect x="${n(x)}" y="${n(cy - 5)}" width="14" height="10" fill="${item.color}"/>`);
    } else {
      const dashAttr = item.dash
        ? ` stroke-dasharray="${item.dash}"`
        : item.kind === "rule"
          ? ` stroke-dasharray="3 2"`
          : "";
      if (item.kind === "rule")
        parts.push(
          `<line x1="${n(x + 7)}" x2="${n(x + 7)}" y1="${n(cy - 6)}" y2="${n(cy + 6)}" stroke="${item.color}" stroke-width="2"${dashAttr}/>`,
        );
      else
        parts.push(
          `<line x1="${n(x)}" x2="${n(x + 16)}" y1="${n(cy)}" y2="${n(cy)}" stroke="${item.color}" stroke-width="2.5"${dashAttr}/>`,
        );
    }
    parts.push(
      `<text x="${n(x + 20)}" y="${n(cy + 4)}" font-size="${LABEL_SIZE}" fill="currentColor">${esc(item.label)}</text>`,
    );
    x += w;
  }
  if (items.length > 0) y += rowHeight;
  return { svg: parts.join("\n"), bottom: y };
}

/**
 * The whole SVG document around `body`. A chart over time passes its time scale `x`: the root then
 * carries where the time axis runs, `data-t0`/`data-t1` (seconds) at `data-x0`/`data-x1` (viewBox
 * units), so a page can place a cursor or read a click without parsing the drawing.
 */
export function svgDocument(
  width: number,
  height: number,
  title: string | undefined,
  body: readonly string[],
  x?: ScaleLinear<number, number>,
): string {
  const label = title ? ` aria-label="${esc(title)}"` : "";
  const [t0, t1] = x?.domain() ?? [];
  const [x0, x1] = x?.range() ?? [];
  const time = x ? ` data-t0="${t0}" data-t1="${t1}" data-x0="${n(x0)}" data-x1="${n(x1)}"` : "";
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(width)} ${n(height)}" width="100%" role="img"${label}${time} font-family="${FONT}" font-size="${LABEL_SIZE}" style="max-width:100%;height:auto">`,
    title ? `<title>${esc(title)}</title>` : "",
    ...body,
    `</svg>`,
  ]
    .filter((line) => line !== "")
    .join("\n");
}

const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** Tick times at a round duration step (1 s … 1 d), at most `count` of them. */
export function timeTicks(domain: readonly [number, number], count: number): number[] {
  const [t0, t1] = domain;
  const span = t1 - t0;
  if (!(span > 0)) return [t0];
  if (span < 2) return scaleLinear().domain(domain).ticks(count);
  const step = TIME_STEPS.find((s) => span / s <= count) ?? Math.ceil(span / count / 86400) * 86400;
  const ticks: number[] = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1 + 1e-9; t += step) ticks.push(t);
  return ticks;
}

/** A time axis along the bottom of the frame: ticks labelled as durations (`30s`, `5m`, `1h30m`). */
export function timeAxis(x: ScaleLinear<number, number>, frame: Frame): string {
  const ticks = timeTicks(x.domain() as [number, number], Math.max(2, Math.floor((frame.right - frame.left) / 70)));
  const parts = [
    `<line x1="${n(frame.left)}" x2="${n(frame.right)}" y1="${n(frame.bottom)}" y2="${n(frame.bottom)}" stroke="currentColor" stroke-opacity="0.6"/>`,
  ];
  for (const t of ticks) {
    const px = x(t);
    parts.push(
      `<line x1="${n(px)}" x2="${n(px)}" y1="${n(frame.bottom)}" y2="${n(frame.bottom + 4)}" stroke="currentColor" stroke-opacity="0.6"/>`,
    );
    // A tick at the plot's right edge has its label end there: centred on the tick, a long label
    // ("1h10m") ran past the drawing and was cut off.
    const label = formatDuration(t);
    const lx = px >= frame.right - 0.5 ? px - textWidth(label) / 2 : px;
    parts.push(
      `<text x="${n(lx)}" y="${n(frame.bottom + 16)}" text-anchor="middle" fill="${MUTED}">${esc(label)}</text>`,
    );
  }
  parts.push(
    `<text x="${n(frame.right)}" y="${n(frame.bottom + 31)}" text-anchor="end" fill="${MUTED}">simulated time →</text>`,
  );
  return parts.join("\n");
}

/** How a value axis reads: its label (with the unit) and the d3-format of its ticks. */
export interface ValueAxis {
  label: string;
  /**
   * A d3-format specifier for tick labels, its precision chosen for the tick step when it gives
   * none ("%": 0–1.5 % reads 0.0 %, 0.5 %, 1.0 %, not 0 %, 0 %, 1 %); default: d3's choice.
   */
  format?: string;
  /** Only whole-number ticks (counts of things). */
  integer?: boolean;
}

/** A value axis on the left with light grid lines, and its label above it. */
export function valueAxis(y: ScaleLinear<number, number>, frame: Frame, axis: ValueAxis): string {
  const count = Math.max(2, Math.floor((frame.bottom - frame.top) / 36));
  // Whole-number axes ask for more ticks and keep the whole ones, so 0–3 nodes reads 0, 1, 2, 3.
  const ticks = axis.integer ? y.ticks(Math.max(count, 5)).filter((t) => Number.isInteger(t)) : y.ticks(count);
  const fmt = y.tickFormat(count, axis.format);
  const parts: string[] = [];
  for (const t of ticks) {
    const py = y(t);
    parts.push(
      `<line x1="${n(frame.left)}" x2="${n(frame.right)}" y1="${n(py)}" y2="${n(py)}" stroke="currentColor" stroke-opacity="${t === 0 ? 0.35 : 0.1}"/>`,
    );
    parts.push(
      `<text x="${n(frame.left - 6)}" y="${n(py + 4)}" text-anchor="end" fill="${MUTED}">${esc(fmt(t))}</text>`,
    );
  }
  parts.push(
    `<text x="${n(frame.left - 6)}" y="${n(frame.top - 8)}" text-anchor="start" fill="${MUTED}" font-weight="600">${esc(axis.label)}</text>`,
  );
  return parts.join("\n");
}

/**
 * The value scale of a chart whose largest value is `largest`: `options.yDomain` when given
 * (clamped, so nothing drawn leaves the plot), else 0 to `fallback` (default `largest`, or 1 when
 * that is 0) rounded out to nice ticks. `factor` converts values to drawn units (ms).
 */
export function valueScale(
  options: ChartOptions,
  largest: number,
  factor = 1,
  fallback = largest,
): ScaleLinear<number, number> {
  if (options.yDomain)
    return scaleLinear()
      .domain([options.yDomain[0] * factor, options.yDomain[1] * factor])
      .clamp(true);
  return scaleLinear()
    .domain([0, fallback * factor || 1])
    .nice();
}

/** The left margin a value axis needs for its widest tick label. */
export function axisMargin(y: ScaleLinear<number, number>, axis: ValueAxis): number {
  const fmt = y.tickFormat(6, axis.format);
  const widest = max(y.ticks(6), (t) => textWidth(fmt(t))) ?? 0;
  return Math.max(MIN_LEFT, Math.ceil(widest) + 14);
}

/** A vertical line at `cursor` seconds, if it falls inside the time axis. */
export function cursorMark(x: ScaleLinear<number, number>, cursor: number | null | undefined, frame: Frame): string {
  if (cursor == null || !Number.isFinite(cursor)) return "";
  const [t0, t1] = x.domain();
  if (cursor < t0 || cursor > t1) return "";
  const px = x(cursor);
  return `<line class="cursor" x1="${n(px)}" x2="${n(px)}" y1="${n(frame.top)}" y2="${n(frame.bottom)}" stroke="currentColor" stroke-width="1.5" stroke-opacity="0.8"/>`;
}

/** A message in the middle of an empty plot. */
export function emptyNote(frame: Frame, text: string): string {
  return `<text x="${n((frame.left + frame.right) / 2)}" y="${n((frame.top + frame.bottom) / 2)}" text-anchor="middle" fill="${MUTED}">${esc(text)}</text>`;
}

/** The time extent of `buckets` buckets of `interval` seconds, unless the options give one. */
export function timeDomain(options: ChartOptions, interval: number, buckets: number): [number, number] {
  if (options.timeDomain) return [options.timeDomain[0], options.timeDomain[1]];
  return [0, Math.max(interval * buckets, interval)];
}

/** How a bin of buckets becomes one value. */
export type Aggregate = "mean" | "max";

/** Buckets grouped into bins of `size`: each bin's start and end time and aggregated value. */
export interface Bins {
  size: number;
  starts: number[];
  ends: number[];
  values: number[];
}

/** Bin size so that `buckets` fit in `maxPoints`. */
export function binSize(buckets: number, maxPoints = 480): number {
  return Math.max(1, Math.ceil(buckets / Math.max(1, maxPoints)));
}

/**
 * Groups `values` (one per bucket of `interval` seconds) into bins of `size` buckets. NaN means no
 * observation and is skipped; a bin with none is NaN. "mean" suits rates and means, "max" suits
 * percentiles and gauges (a bin's p99 is at most its largest bucket's).
 */
export function bin(values: readonly number[], interval: number, size: number, how: Aggregate = "mean"): Bins {
  const { starts, ends } = binEdges(values.length, interval, size);
  const out = starts.map((_, b) => {
    let acc = how === "max" ? -Infinity : 0;
    let count = 0;
    for (let k = b * size; k < Math.min(values.length, (b + 1) * size); k++) {
      const v = values[k];
      if (!Number.isFinite(v)) continue;
      acc = how === "max" ? Math.max(acc, v) : acc + v;
      count++;
    }
    return count === 0 ? NaN : how === "max" ? acc : acc / count;
  });
  return { size, starts, ends, values: out };
}

/** What a chart's values are, which decides how its value axis reads. */
export type Unit = "seconds" | "number" | "share";

/**
 * The factor values are drawn with and the axis that reads them: seconds below 2 s are drawn in
 * milliseconds, shares in percent; `label` names the quantity and gets the unit appended.
 */
export function unitAxis(unit: Unit, largest: number, label: string): { factor: number; axis: ValueAxis } {
  if (unit === "seconds")
    return largest < 2
      ? { factor: 1000, axis: { label: `${label} (ms)` } }
      : { factor: 1, axis: { label: `${label} (s)` } };
  if (unit === "share") return { factor: 1, axis: { label: `${label} (%)`, format: "%" } };
  return { factor: 1, axis: { label } };
}

/** The start and end times of the bins of `buckets` buckets. */
export function binEdges(buckets: number, interval: number, size: number): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < buckets; i += size) {
    starts.push(i * interval);
    ends.push(Math.min(buckets, i + size) * interval);
  }
  return { starts, ends };
}

/** What `timeLayout` needs to place a chart over simulated time. */
export interface TimeLayoutSpec {
  options: ChartOptions;
  legend: readonly LegendItem[];
  /** The value scale (domain set); its range is set here. */
  y: ScaleLinear<number, number>;
  axis: ValueAxis;
  interval: number;
  buckets: number;
  /** Default height of the drawing. */
  height: number;
  /** The least height of the plot itself; the drawing grows when the legend wraps. */
  minPlot: number;
  /** Extra space between the legend and the plot (marker labels). */
  above?: number;
}

/**
 * The layout every chart over time shares: title and legend at the top, the plot under them
 * with the value axis' margin on the left and the time axis below. Sets `y`'s range.
 */
export function timeLayout(spec: TimeLayoutSpec): { head: string; frame: Frame; x: ScaleLinear<number, number> } {
  const width = spec.options.width ?? DEFAULT_WIDTH;
  const head = header(spec.options.title, spec.legend, width);
  const top = head.bottom + 22 + (spec.above ?? 0);
  const height = Math.max(spec.options.height ?? spec.height, top + spec.minPlot + 36);
  const frame: Frame = {
    width,
    height,
    left: axisMargin(spec.y, spec.axis),
    right: width - 16,
    top,
    bottom: height - 36,
  };
  spec.y.range([frame.bottom, frame.top]);
  const x = scaleLinear()
    .domain(timeDomain(spec.options, spec.interval, spec.buckets))
    .range([frame.left, frame.right]);
  return { head: head.svg, frame, x };
}
