// The time-series charts: report.html's list of a run's charts (reports/charts/run-charts.ts),
// drawn from the buckets streamed so far, each with its caption. Redrawing a chart costs
// milliseconds, so charts are redrawn when data arrives (every 2 s at most while a run streams,
// one chart per task) and the time cursor is only moved: each chart is drawn with its cursor at
// the start of the time axis, and the page slides that line along the axis, which the chart's
// root <svg> describes (data-x0 …).
import { scaleLinear } from "d3-scale";
import { RUN_CHARTS, type RunChartInput, type RunChartSpec } from "../../reports/charts/index";
import { lineChart } from "../../reports/charts/line-chart";
import { h } from "../dom";
import type { RunData } from "../stream/run-data";
import { pooledLatencyCaption, pooledLatencyData } from "./pooled-latency";

/** The report's charts, but latency pooled per plotted bin (pooled-latency.ts), as its caption says. */
const CHARTS: readonly RunChartSpec[] = RUN_CHARTS.map((spec) =>
  spec.id === "latency" ? { ...spec, caption: "" } : spec,
);

/** A run's data in the shape the chart functions take. */
export function chartInput(data: RunData): RunChartInput {
  const { meta } = data;
  const retired = new Map(
    data.log
      .filter((e) => e.type === "node-retired" && typeof e.node === "string")
      .map((e) => [e.node as string, e.at]),
  );
  return {
    timeseries: data.timeseries(),
    simulatedSeconds: Math.min(meta.duration, data.buckets * meta.interval),
    targets: meta.targets.map((t) => ({ id: t.id, zone: meta.zones[t.zone] })),
    nodes: data.nodes.map((n) => ({ id: n.id, launchedAt: n.launchedAt, retiredAt: retired.get(n.id) ?? null })),
    log: data.log,
    ...(meta.autoScaling ? { autoScaling: meta.autoScaling } : {}),
  };
}

interface Cell {
  /** The figure: the drawing, then the chart's caption. */
  element: HTMLElement;
  caption: HTMLElement;
  drawing: HTMLElement;
  /** The SVG shown, so an unchanged chart is not parsed and laid out again. */
  svg: string;
  cursor: SVGLineElement | null;
  axis: { t0: number; t1: number; x0: number; x1: number } | null;
}

/**
 * A grid of charts for one run, or for two variants side by side (each chart's pair in one row,
 * on a shared value scale).
 */
export class ChartGrid {
  readonly element: HTMLElement;
  private readonly cells: Cell[][];
  private runs: RunData[] = [];
  private drawn: string[] = [];
  /** A draw waiting (its timer, and when it is due), or in progress. */
  private timer = 0;
  private due = 0;
  private drawing = false;
  private lastDraw = 0;
  private cursor = 0;
  private readonly width: number;

  constructor(private readonly labels: string[]) {
    const compare = labels.length > 1;
    // The drawing's own width, close to the width it is shown at, so its text stays legible.
    this.width = matchMedia("(max-width: 700px)").matches ? 400 : compare ? 560 : 620;
    this.cells = CHARTS.map((spec) =>
      labels.map(() => {
        const drawing = h("div", { class: "chart-drawing" });
        const caption = h("figcaption", { class: "chart-caption" }, spec.caption);
        return {
          caption,
          element: h("figure", { class: "chart" }, drawing, caption),
          drawing,
          svg: "",
          cursor: null,
          axis: null,
        };
      }),
    );
    this.element = h(
      "section",
      { class: compare ? "charts charts-compare" : "charts", "aria-label": "Time series" },
      ...CHARTS.map((spec, k) => {
        if (compare)
          return h("div", { class: "chart-pair", "data-chart": spec.id }, ...this.cells[k].map((c) => c.element));
        this.cells[k][0].element.dataset.chart = spec.id;
        return this.cells[k][0].element;
      }),
    );
  }

  /** New data: charts are redrawn soon (throttled while a run streams, at once when it ends). */
  update(runs: RunData[]): void {
    this.runs = runs;
    const key = runs.map((r) => `${r.version}`).join("|");
    if (this.drawn.join("|") === key) return;
    const finished = runs.every((r) => r.status !== "running");
    this.schedule(finished ? 0 : Math.max(0, 2000 - (performance.now() - this.lastDraw)));
  }

  /** Draws all charts in `wait` ms, or sooner if a draw was already due later; not while one runs. */
  private schedule(wait: number): void {
    if (this.drawing || this.runs.length === 0) return;
    const at = performance.now() + wait;
    if (this.timer && at >= this.due) return;
    clearTimeout(this.timer);
    this.due = at;
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      void this.drawAll();
    }, wait);
  }

  setCursor(seconds: number): void {
    this.cursor = seconds;
    for (const row of this.cells) for (const cell of row) moveCursor(cell, seconds);
  }

  private async drawAll(): Promise<void> {
    this.drawing = true;
    const runs = this.runs;
    this.drawn = runs.map((r) => `${r.version}`);
    const duration = Math.max(...runs.map((r) => r.meta.duration));
    for (let k = 0; k < CHARTS.length; k++) {
      const spec = CHARTS[k];
      // Every chart, in view or not (a full-page capture shows them all); one per task keeps each short.
      const row = this.cells[k];
      // Read afresh for each chart: the series are live arrays, and reading them copies nothing.
      const inputs = runs.map(chartInput);
      // A chart for what the run does not have (client series without client behaviour) stays hidden.
      const applies = spec.applies ? inputs.some(spec.applies) : true;
      const figure = runs.length > 1 ? row[0].element.parentElement : row[0].element;
      if (figure) figure.hidden = !applies;
      if (!applies) continue;
      let yDomain: readonly [number, number] | undefined;
      const pooled = spec.id === "latency";
      if (runs.length > 1 && spec.peak) {
        const peak = pooled
          ? Math.max(
              0,
              ...runs.flatMap((run) => pooledLatencyData(run).series.flatMap((x) => x.values.filter(Number.isFinite))),
            )
          : Math.max(...inputs.map(spec.peak));
        yDomain = scaleLinear()
          .domain([0, peak || 1])
          .nice()
          .domain() as [number, number];
      }
      for (let r = 0; r < runs.length; r++) {
        // One chart per task, in a task of its own: not with another chart, nor in an animation
        // frame with the flow's redraw, so no task adds several draws up.
        await nextTask();
        const cell = this.cells[k][r];
        // A caption that depends on the run (a network load balancer's resets).
        const caption = spec.captionFor?.(inputs[r]);
        const figcaption = cell.element.querySelector("figcaption");
        if (caption && figcaption && figcaption.textContent !== caption) figcaption.textContent = caption;
        const title = runs.length > 1 ? `${spec.title} · ${this.labels[r]}` : spec.title;
        const options = { title, width: this.width, timeDomain: [0, duration] as const, cursor: 0, yDomain };
        const svg = pooled
          ? lineChart(pooledLatencyData(runs[r]), { ...options, unit: "seconds", yLabel: "latency" })
          : spec.draw(inputs[r], { ...options, maxPoints: MAX_POINTS });
        if (pooled) {
          const caption = pooledLatencyCaption(runs[r]);
          if (cell.caption.textContent !== caption) cell.caption.textContent = caption;
        }
        if (svg === cell.svg) continue;
        cell.svg = svg;
        cell.drawing.innerHTML = svg;
        cell.cursor = cell.drawing.querySelector<SVGLineElement>("line.cursor");
        cell.axis = timeAxisOf(cell.drawing.querySelector("svg"));
        moveCursor(cell, this.cursor);
      }
    }
    this.lastDraw = performance.now();
    this.drawing = false;
    // Data may have come in while drawing.
    if (this.runs.map((r) => `${r.version}`).join("|") !== this.drawn.join("|")) this.update(this.runs);
    // For tools that measure the page: the charts of the finished runs are drawn.
    else if (runs.every((r) => r.status !== "running")) performance.mark("elbsim:charts-final");
  }
}

/**
 * Points per series: about one per 3 px of the plot. The share of requests per target draws a
 * layer per target, and its cost (building, parsing and painting the SVG) grows with this.
 */
const MAX_POINTS = 180;

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Where a chart's time axis runs, as its root <svg> states it (reports/charts/svg.ts `svgDocument`). */
function timeAxisOf(svg: SVGSVGElement | null): Cell["axis"] {
  const d = svg?.dataset;
  if (!d || d.x0 === undefined) return null;
  return { t0: Number(d.t0), t1: Number(d.t1), x0: Number(d.x0), x1: Number(d.x1) };
}

function moveCursor(cell: Cell, seconds: number): void {
  if (!cell.cursor || !cell.axis) return;
  const { t0, t1, x0, x1 } = cell.axis;
  const x = String(Math.round((x0 + ((seconds - t0) / (t1 - t0 || 1)) * (x1 - x0)) * 10) / 10);
  cell.cursor.setAttribute("x1", x);
  cell.cursor.setAttribute("x2", x);
}
