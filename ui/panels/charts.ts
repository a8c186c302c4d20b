// The time-series charts, drawn with the report's chart functions (reports/charts, one file per
// chart) from the buckets streamed so far. Redrawing a chart costs milliseconds, so charts are
// redrawn when data arrives (at most a few times a second, one chart per frame) and the time
// cursor is only moved: each chart is drawn with its cursor at the start of the time axis, and
// the page slides that line along the axis.
import { scaleLinear } from "d3-scale";
import type { LogEntry, TimeSeries } from "../../sim/metrics/result";
import {
  errorData,
  healthData,
  healthSwimlanes,
  latencyData,
  lineChart,
  nodeCountChart,
  nodeCountData,
  stackedAreaChart,
  stackedBarChart,
  targetRequestData,
  zoneRequestData,
  type ChartOptions,
} from "../../reports/charts/index";
import { h } from "../dom";
import type { RunData } from "../stream/run-data";

/** What a chart is drawn from: the series so far and the parts of a result the charts read. */
export interface ChartInput {
  ts: TimeSeries;
  duration: number;
  simulated: number;
  targets: { id: string; zone: string }[];
  nodes: { id: string; launchedAt: number; retiredAt: number | null }[];
  log: LogEntry[];
}

type Options = ChartOptions & { yDomain?: readonly [number, number] };

interface ChartSpec {
  id: string;
  title: string;
  /** The largest value the chart plots, for a scale shared between variants; null when fixed (shares). */
  peak: ((input: ChartInput) => number) | null;
  draw: (input: ChartInput, options: Options) => string;
}

const sumAt = (layers: readonly { values: readonly number[] }[]) => {
  let largest = 0;
  const n = Math.max(0, ...layers.map((l) => l.values.length));
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (const l of layers) if (Number.isFinite(l.values[i])) total += l.values[i];
    largest = Math.max(largest, total);
  }
  return largest;
};

const maxOf = (series: readonly { values: readonly number[] }[]) => Math.max(0, ...series.flatMap((s) => s.values.filter(Number.isFinite)));

export const CHARTS: ChartSpec[] = [
  {
    id: "zones",
    title: "Requests per zone",
    peak: (i) => sumAt(zoneRequestData(i.ts).layers),
    draw: (i, o) => stackedAreaChart(zoneRequestData(i.ts), { ...o, yLabel: "requests/s" }),
  },
  {
    id: "targets",
    title: "Share of requests per target",
    peak: null,
    draw: (i, o) => stackedAreaChart(targetRequestData(i.ts, { targets: i.targets.map((t) => ({ ...t, requests: 0, share: 0, latencyMean: 0 })) }), { ...o, mode: "share", yLabel: "requests" }),
  },
  {
    id: "errors",
    title: "Errors by status",
    peak: (i) => sumAt(errorData(i.ts).categories),
    draw: (i, o) => stackedBarChart(errorData(i.ts), { ...o, yLabel: "errors/s", emptyText: "no errors" }),
  },
  {
    id: "latency",
    title: "Client latency",
    peak: (i) => maxOf(latencyData(i.ts).series),
    draw: (i, o) => lineChart(latencyData(i.ts), { ...o, unit: "seconds", yLabel: "latency" }),
  },
  {
    id: "nodes",
    title: "Load balancer nodes",
    peak: (i) => maxOf(nodeCountData(i.ts, { log: i.log, scaling: [] }).series) + 1,
    draw: (i, o) => nodeCountChart(nodeCountData(i.ts, { log: i.log, scaling: [] }), o),
  },
  {
    id: "health",
    title: "Target health",
    peak: null,
    draw: (i, o) =>
      healthSwimlanes(
        healthData({
          simulatedSeconds: i.simulated,
          targets: i.targets.map((t) => ({ ...t, requests: 0, share: 0, latencyMean: 0 })),
          nodes: i.nodes.map((n) => ({ ...n, zone: "", requests: 0, share: 0, inDnsAt: null })),
          log: i.log,
        }),
        o,
      ),
  },
];

/** A run's data in the shape the chart functions take. */
export function chartInput(data: RunData): ChartInput {
  const { meta } = data;
  const retired = new Map(data.log.filter((e) => e.type === "node-retired" && typeof e.node === "string").map((e) => [e.node as string, e.at]));
  return {
    ts: data.timeseries(),
    duration: meta.duration,
    simulated: Math.min(meta.duration, data.buckets * meta.interval),
    targets: meta.targets.map((t) => ({ id: t.id, zone: meta.zones[t.zone] })),
    nodes: data.nodes.map((n) => ({ id: n.id, launchedAt: n.launchedAt, retiredAt: retired.get(n.id) ?? null })),
    log: data.log,
  };
}

interface Cell {
  element: HTMLElement;
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
  private pending = false;
  private lastDraw = 0;
  private cursor = 0;
  private readonly width: number;

  constructor(private readonly labels: string[]) {
    const compare = labels.length > 1;
    // The drawing's own width, close to the width it is shown at, so its text stays legible.
    this.width = matchMedia("(max-width: 700px)").matches ? 400 : compare ? 560 : 620;
    this.cells = CHARTS.map(() => labels.map(() => ({ element: h("figure", { class: "chart" }), cursor: null, axis: null })));
    this.element = h(
      "section",
      { class: compare ? "charts charts-compare" : "charts", "aria-label": "Time series" },
      ...CHARTS.map((spec, k) =>
        compare
          ? h("div", { class: "chart-pair", "data-chart": spec.id }, ...this.cells[k].map((c) => c.element))
          : ((this.cells[k][0].element.dataset.chart = spec.id), this.cells[k][0].element),
      ),
    );
  }

  /** New data: charts are redrawn soon (throttled while a run streams, at once when it ends). */
  update(runs: RunData[]): void {
    this.runs = runs;
    const key = runs.map((r) => `${r.version}`).join("|");
    if (this.drawn.join("|") === key || this.pending) return;
    const finished = runs.every((r) => r.status !== "running");
    const wait = finished ? 0 : Math.max(0, 2000 - (performance.now() - this.lastDraw));
    this.pending = true;
    setTimeout(() => this.drawAll(), wait);
  }

  setCursor(seconds: number): void {
    this.cursor = seconds;
    for (const row of this.cells) for (const cell of row) moveCursor(cell, seconds);
  }

  private async drawAll(): Promise<void> {
    const runs = this.runs;
    this.drawn = runs.map((r) => `${r.version}`);
    const inputs = runs.map(chartInput);
    const duration = Math.max(...runs.map((r) => r.meta.duration));
    for (let k = 0; k < CHARTS.length; k++) {
      // One chart per frame keeps each main-thread task short.
      await new Promise(requestAnimationFrame);
      const spec = CHARTS[k];
      let yDomain: readonly [number, number] | undefined;
      if (runs.length > 1 && spec.peak) {
        const peak = Math.max(...inputs.map(spec.peak));
        yDomain = scaleLinear().domain([0, peak || 1]).nice().domain() as [number, number];
      }
      runs.forEach((run, r) => {
        const cell = this.cells[k][r];
        const title = runs.length > 1 ? `${spec.title} · ${this.labels[r]}` : spec.title;
        const svg = spec.draw(inputs[r], { title, width: this.width, timeDomain: [0, duration], cursor: 0, maxPoints: 240, yDomain });
        cell.element.innerHTML = svg;
        cell.cursor = cell.element.querySelector<SVGLineElement>("line.cursor");
        cell.axis = cell.cursor ? timeAxisOf(cell.element, cell.cursor, duration) : null;
        moveCursor(cell, this.cursor);
      });
    }
    this.lastDraw = performance.now();
    this.pending = false;
    // Data may have come in while drawing.
    if (this.runs.map((r) => `${r.version}`).join("|") !== this.drawn.join("|")) this.update(this.runs);
  }
}

/**
 * Where the time axis runs: the cursor line was drawn at time 0, on the axis' left end; the axis'
 * baseline is the horizontal line that starts there at the plot's bottom.
 */
function timeAxisOf(root: Element, cursor: SVGLineElement, duration: number): Cell["axis"] {
  const x0 = Number(cursor.getAttribute("x1"));
  const bottom = cursor.getAttribute("y2");
  for (const line of root.querySelectorAll("line")) {
    if (line !== cursor && line.getAttribute("y1") === bottom && line.getAttribute("y2") === bottom && Number(line.getAttribute("x1")) === x0) {
      return { t0: 0, t1: duration, x0, x1: Number(line.getAttribute("x2")) };
    }
  }
  return null;
}

function moveCursor(cell: Cell, seconds: number): void {
  if (!cell.cursor || !cell.axis) return;
  const { t0, t1, x0, x1 } = cell.axis;
  const x = String(Math.round((x0 + ((seconds - t0) / (t1 - t0 || 1)) * (x1 - x0)) * 10) / 10);
  cell.cursor.setAttribute("x1", x);
  cell.cursor.setAttribute("x2", x);
}
