// Means with 95 % interval bars against a setting (JMT's what-if view): one chart per metric of a
// sweep, the setting along the bottom, one series per combination of the other settings; or the
// variants of a replicated run side by side, each replication's value a faint dot beside its bar.
// A threshold on the metric is a dashed rule across the plot.
import { max, min } from "d3-array";
import { scaleLinear, scalePoint } from "d3-scale";
import { categorical } from "./palette";
import type { ChartOptions, LegendItem, Unit } from "./svg";
import {
  DEFAULT_WIDTH,
  axisMargin,
  emptyNote,
  esc,
  header,
  n,
  svgDocument,
  textWidth,
  unitAxis,
  valueAxis,
} from "./svg";

export interface IntervalPoint {
  /** Where along the setting: a number (a numeric sweep) or a label (a list of values, a variant). */
  x: number | string;
  mean: number;
  /** The interval's ends; NaN (one replication) draws the mean alone. */
  low: number;
  high: number;
  /** Each replication's value, drawn as faint dots. */
  values?: readonly number[];
}

export interface IntervalSeries {
  label: string;
  points: readonly IntervalPoint[];
  color?: string;
}

export interface IntervalChartOptions extends ChartOptions {
  /** What the values are: "seconds" (drawn in ms below 2 s), "number" (default) or "share" (percent). */
  unit?: Unit;
  /** The quantity on the value axis; the unit is appended. */
  yLabel?: string;
  /** The setting along the bottom. */
  xLabel?: string;
  /** Horizontal rules: a threshold's limit and its text. */
  rules?: readonly { value: number; label: string }[];
}

const DOT = 3.5;

/** Interval bars of every series against the setting, as an SVG string. */
export function intervalChart(series: readonly IntervalSeries[], options: IntervalChartOptions = {}): string {
  const width = options.width ?? DEFAULT_WIDTH;
  const colored = series.map((s, i) => ({ ...s, color: s.color ?? categorical(i) }));
  const points = colored.flatMap((s) => s.points);
  const tops = points.flatMap((p) => [p.mean, p.high, ...(p.values ?? [])]).filter(Number.isFinite);
  const largest = Math.max(max(tops) ?? 0, max(options.rules ?? [], (r) => r.value) ?? 0);
  const { factor, axis } = unitAxis(
    options.unit ?? "number",
    options.yDomain?.[1] ?? largest,
    options.yLabel ?? "value",
  );
  const y = options.yDomain
    ? scaleLinear()
        .domain([options.yDomain[0] * factor, options.yDomain[1] * factor])
        .clamp(true)
    : scaleLinear()
        .domain([0, largest * factor || 1])
        .nice()
        // The metrics are never negative: an interval reaching below 0 is drawn to 0.
        .clamp(true);
  const legend: LegendItem[] =
    colored.length > 1 || (options.rules?.length ?? 0) > 0
      ? [
          ...(colored.length > 1 ? colored.map((s) => ({ label: s.label, color: s.color })) : []),
          ...(options.rules ?? []).map((r) => ({ label: r.label, color: "#595959", kind: "rule" as const })),
        ]
      : [];
  const head = header(options.title, legend, width);
  const top = head.bottom + 22;
  const height = Math.max(options.height ?? 260, top + 140 + 44);
  const frame = { width, height, left: axisMargin(y, axis), right: width - 16, top, bottom: height - 44 };
  y.range([frame.bottom, frame.top]);

  const numeric = points.length > 0 && points.every((p) => typeof p.x === "number");
  const xs = [...new Set(points.map((p) => p.x))];
  const inset = 28;
  let place: (x: number | string) => number;
  let ticks: { at: number; label: string }[];
  if (numeric) {
    const lo = min(xs as number[]) ?? 0;
    const hi = max(xs as number[]) ?? 1;
    const sx = scaleLinear()
      .domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi])
      .range([frame.left + inset, frame.right - inset]);
    place = (x) => sx(x as number);
    ticks =
      xs.length <= 12
        ? (xs as number[]).map((x) => ({ at: sx(x), label: String(x) }))
        : sx.ticks(8).map((t) => ({ at: sx(t), label: String(t) }));
  } else {
    const sx = scalePoint<string>()
      .domain(xs.map(String))
      .range([frame.left + inset, frame.right - inset])
      .padding(xs.length === 1 ? 0.5 : 0.2);
    place = (x) => sx(String(x)) ?? frame.left;
    ticks = xs.map((x) => ({ at: sx(String(x)) ?? frame.left, label: String(x) }));
  }
  // Series at the same x step aside from each other, so their bars do not hide one another.
  const step = Math.min(14, (frame.right - frame.left) / Math.max(1, xs.length) / (colored.length + 1));
  const dodge = (i: number) => (i - (colored.length - 1) / 2) * step;

  const body = [head.svg, valueAxis(y, frame, axis), xAxis(ticks, frame, options.xLabel)];
  if (tops.length === 0) body.push(emptyNote(frame, "no data"));
  for (const rule of options.rules ?? []) {
    const py = y(rule.value * factor);
    body.push(
      `<line class="rule" x1="${n(frame.left)}" x2="${n(frame.right)}" y1="${n(py)}" y2="${n(py)}" stroke="#595959" stroke-width="1.5" stroke-dasharray="3 2"/>`,
    );
  }
  colored.forEach((s, i) => {
    const at = (p: IntervalPoint) => place(p.x) + dodge(i);
    const drawn = s.points.filter((p) => Number.isFinite(p.mean));
    if (numeric && drawn.length > 1) {
      const d = drawn.map((p, k) => `${k === 0 ? "M" : "L"}${n(at(p))},${n(y(p.mean * factor))}`).join("");
      body.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.25" stroke-opacity="0.6"/>`);
    }
    for (const p of s.points) {
      const px = at(p);
      for (const [k, v] of (p.values ?? []).entries()) {
        if (!Number.isFinite(v)) continue;
        // Each replication a faint dot to the bar's right, spread a little so equal values show.
        const spread = ((k % 5) - 2) * 1.2;
        body.push(
          `<circle cx="${n(px + 9 + spread)}" cy="${n(y(v * factor))}" r="1.8" fill="${s.color}" fill-opacity="0.35"/>`,
        );
      }
      if (!Number.isFinite(p.mean)) continue;
      const title = `${s.label}${s.label ? ", " : ""}${p.x}: ${p.mean}${Number.isFinite(p.low) ? ` (${p.low} – ${p.high})` : ""}`;
      const parts = [`<g class="interval"><title>${esc(title)}</title>`];
      if (Number.isFinite(p.low) && Number.isFinite(p.high)) {
        const [y0, y1] = [y(p.low * factor), y(p.high * factor)];
        parts.push(
          `<line x1="${n(px)}" x2="${n(px)}" y1="${n(y0)}" y2="${n(y1)}" stroke="${s.color}" stroke-width="1.75"/>`,
          `<line x1="${n(px - 4)}" x2="${n(px + 4)}" y1="${n(y0)}" y2="${n(y0)}" stroke="${s.color}" stroke-width="1.75"/>`,
          `<line x1="${n(px - 4)}" x2="${n(px + 4)}" y1="${n(y1)}" y2="${n(y1)}" stroke="${s.color}" stroke-width="1.75"/>`,
        );
      }
      parts.push(`<circle cx="${n(px)}" cy="${n(y(p.mean * factor))}" r="${DOT}" fill="${s.color}"/></g>`);
      body.push(parts.join(""));
    }
  });
  return svgDocument(width, height, options.title, body);
}

/** The setting's values along the bottom, labels thinned when they would overlap. */
function xAxis(
  ticks: readonly { at: number; label: string }[],
  frame: { left: number; right: number; bottom: number },
  label?: string,
): string {
  const parts = [
    `<line x1="${n(frame.left)}" x2="${n(frame.right)}" y1="${n(frame.bottom)}" y2="${n(frame.bottom)}" stroke="currentColor" stroke-opacity="0.6"/>`,
  ];
  const room = ticks.length > 1 ? Math.abs(ticks[1].at - ticks[0].at) : Infinity;
  const widest = max(ticks, (t) => textWidth(t.label)) ?? 0;
  const every = Math.max(1, Math.ceil((widest + 8) / room));
  ticks.forEach((t, i) => {
    parts.push(
      `<line x1="${n(t.at)}" x2="${n(t.at)}" y1="${n(frame.bottom)}" y2="${n(frame.bottom + 4)}" stroke="currentColor" stroke-opacity="0.6"/>`,
    );
    if (i % every === 0)
      parts.push(
        `<text x="${n(t.at)}" y="${n(frame.bottom + 16)}" text-anchor="middle" fill="#595959">${esc(t.label)}</text>`,
      );
  });
  if (label)
    parts.push(
      `<text x="${n(frame.right)}" y="${n(frame.bottom + 33)}" text-anchor="end" fill="#595959" font-weight="600">${esc(label)} →</text>`,
    );
  return parts.join("\n");
}
