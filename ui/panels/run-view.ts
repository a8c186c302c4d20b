// One run, or two variants side by side: the flow, the summary cards, the time slider, the
// differences and the charts. Everything is drawn from RunData: while a run streams, a few times a
// second; when the slider moves, on the next animation frame.
import { h } from "../dom";
import { flowLegend } from "../flow/flow-legend";
import { FlowView } from "../flow/flow-view";
import { formatCount, formatElapsed, formatRate, formatStopwatch as formatClock } from "../../reports/format";
import type { RunData } from "../stream/run-data";
import { SummaryCards } from "./cards";
import { ChartGrid } from "./charts";
import { Differences } from "./differences";
import { ObservedPanel } from "./observed";
import { Timeline } from "./timeline";
import { WhatIfPanel } from "./what-if";
import { Downloads, type RunSource } from "./downloads";
import { DnsCachesPanel } from "./dns-caches";
import type { Lesson } from "../lessons/lesson";
import { LessonPlayer } from "../lessons/player";

export interface RunViewOptions {
  /** One label per run: the variant names, or the scenario's name for a single run. */
  labels: string[];
  /** The variants' settings (compare mode), for the differences call-out. */
  overrides?: [Record<string, unknown>, Record<string, unknown>];
  /** One run only: a lesson to play over it, from step `step` (counted from 0). */
  lesson?: Lesson | null;
  step?: number;
  onStep?: (step: number) => void;
  /** What each run was made from, for its downloads. */
  sources?: RunSource[];
  /** The what-if controls: the link's overrides, and what to do with new ones. */
  whatIf?: { current: [string, string][]; run: (overrides: [string, string][]) => void };
}

export class RunView {
  readonly element: HTMLElement;
  private runs: RunData[] = [];
  private readonly flows: FlowView[] = [];
  private readonly cards: SummaryCards[] = [];
  private readonly progress: HTMLElement[] = [];
  private readonly downloads: (Downloads | null)[] = [];
  private readonly caches: DnsCachesPanel[] = [];
  private readonly timeline: Timeline;
  private readonly charts: ChartGrid;
  private readonly differences: Differences | null;
  /** One run only: a scenario made from real data, against what was observed. */
  private readonly observed: ObservedPanel | null;
  private readonly player: LessonPlayer | null;
  private readonly whatIf: WhatIfPanel | null;
  private frame = 0;
  private timer = 0;
  private lastDraw = 0;

  constructor(private readonly options: RunViewOptions) {
    const compare = options.labels.length > 1;
    this.timeline = new Timeline(() => this.schedule(true));
    this.charts = new ChartGrid(options.labels);
    this.differences = compare ? new Differences([options.labels[0], options.labels[1]]) : null;
    this.observed = compare ? null : new ObservedPanel();
    const legend = flowLegend();
    this.whatIf = options.whatIf ? new WhatIfPanel(options.whatIf.current, options.whatIf.run) : null;
    this.player =
      !compare && options.lesson
        ? new LessonPlayer(options.lesson, this.timeline, options.step ?? 0, (k) => options.onStep?.(k))
        : null;
    const columns = options.labels.map((label, i) => {
      const flowBox = h("div", { class: "flow-box", "data-testid": "flow" });
      // Two side by side, or a phone's width: the narrower drawing, whose text stays readable.
      const compact = compare || matchMedia("(max-width: 700px)").matches;
      const narrow = matchMedia("(max-width: 480px)").matches;
      this.flows.push(
        new FlowView(flowBox, { compact, narrow, label: `Traffic flow${compare ? ` with ${label}` : ""}` }),
      );
      const cards = new SummaryCards(compare ? `-${i === 0 ? "a" : "b"}` : "");
      this.cards.push(cards);
      const progress = h("p", { class: "run-progress", role: "status", "data-testid": "run-progress" });
      this.progress.push(progress);
      const source = options.sources?.[i];
      const downloads = source ? new Downloads(source, compare ? `-${i === 0 ? "a" : "b"}` : "") : null;
      this.downloads.push(downloads);
      const caches = new DnsCachesPanel(compare ? `-${i === 0 ? "a" : "b"}` : "");
      this.caches.push(caches);
      return h(
        "div",
        { class: "run-column", "data-testid": "run-column", "data-variant": label },
        compare ? h("h3", { class: "variant-label" }, h("span", { class: `variant-swatch v${i}` }), label) : null,
        h("div", { class: "side" }, cards.element),
        h(
          "div",
          { class: "flow-stack" },
          h("div", { class: "flow-panel" }, flowBox),
          compare ? null : this.timeline.element,
          compare ? null : legend,
          progress,
          downloads?.element ?? null,
          caches.element,
        ),
      );
    });
    this.element = h(
      "section",
      { class: compare ? "run-view compare" : "run-view", "aria-label": compare ? "Compare variants" : "Run" },
      this.differences?.element ?? null,
      this.player?.element ?? null,
      this.whatIf?.element ?? null,
      h("div", { class: compare ? "run-columns two" : "run-columns" }, ...columns),
      compare ? this.timeline.element : null,
      compare ? legend : null,
      this.charts.element,
      this.observed?.element ?? null,
    );
  }

  /** Shows these runs (the same scenario's variants), from their start. */
  show(runs: RunData[]): void {
    this.runs = runs;
    this.timeline.reset();
    this.schedule();
  }

  /**
   * Redraws on the next frame. New data while a run streams redraws at most a few times a second:
   * the worker shares the machine with this thread, and every frame drawn is time it does not
   * get. Moving the slider (`now`) redraws on the next frame.
   */
  schedule(now = false): void {
    if (this.frame) return;
    const wait =
      now || !this.runs.some((r) => r.status === "running") ? 0 : LIVE_INTERVAL - (performance.now() - this.lastDraw);
    if (wait > 0) {
      if (!this.timer)
        this.timer = window.setTimeout(() => {
          this.timer = 0;
          this.schedule(true);
        }, wait);
      return;
    }
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.lastDraw = performance.now();
      this.draw();
    });
  }

  private draw(): void {
    const runs = this.runs;
    if (runs.length === 0) return;
    const first = runs[0];
    const received = Math.min(...runs.map((r) => r.buckets));
    const log = runs.length === 1 ? first.log : runs.flatMap((r) => r.log).sort((a, b) => a.at - b.at);
    this.timeline.update(
      first.meta.totalBuckets,
      received,
      first.meta.interval,
      log,
      runs.some((r) => r.status === "running"),
    );
    const bucket = this.timeline.bucket;
    const peak = Math.max(...runs.map(peakRps));
    const targetPeak = Math.max(...runs.map((r) => r.peak("RequestCount", "target=") / r.meta.interval));
    // Two variants: each column, and the differences, in a task of their own, since two flows
    // drawn in one task would make it the page's longest.
    const step = (k: number, draw: () => void) => {
      if (k === 0) draw();
      else setTimeout(draw, 0);
    };
    runs.forEach((run, i) => {
      step(i, () => {
        this.flows[i].draw(run, Math.min(bucket, run.buckets - 1), peak, targetPeak);
        this.cards[i].update(run, bucket);
        this.progress[i].textContent = progressText(run);
        this.progress[i].dataset.now = String(run.now);
        this.downloads[i]?.update(run);
        this.caches[i].update(run, Math.min(bucket, run.buckets - 1));
        if (run.result) {
          this.progress[i].dataset.requests = String(run.result.requests.total);
          this.progress[i].dataset.wallSeconds = String(run.wallSeconds);
        }
      });
    });
    const { differences, options } = this;
    if (differences && runs.length === 2 && options.overrides)
      step(2, () => differences.update(runs[0], runs[1], options.overrides!));
    this.charts.update(runs);
    this.charts.setCursor((bucket + 0.5) * first.meta.interval);
    this.observed?.update(first);
    this.player?.update(this.element);
    this.whatIf?.update(first.meta.whatIf);
  }
}

/** Milliseconds between redraws while a run streams. */
const LIVE_INTERVAL = 250;

/** The width scale's reference: the clients' peak rate, or more if a bucket exceeded it. */
function peakRps(run: RunData): number {
  return Math.max(run.meta.offeredPeak * 1.1, run.peak("RequestCount", "lb") / run.meta.interval);
}

function progressText(run: RunData): string {
  const speed = run.wallSeconds > 0 ? ` · ${formatRate(run.events / run.wallSeconds)} events/s` : "";
  switch (run.status) {
    case "running":
      return `Simulating… ${formatClock(run.now)} of ${formatClock(run.meta.duration)}${speed}`;
    case "done": {
      const total = run.result!.requests.total;
      return `Simulated ${formatClock(run.meta.duration)}: ${formatCount(total)} requests in ${formatElapsed(run.wallSeconds)} of wall time (${formatRate(total / run.wallSeconds)} simulated requests/s)`;
    }
    case "cancelled":
      return `Cancelled at ${formatClock(run.now)} of ${formatClock(run.meta.duration)}: what was simulated stays to explore.`;
    case "failed":
      return `The run failed: ${run.error ?? "unknown error"}`;
  }
}
