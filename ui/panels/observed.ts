// Simulated against observed, for a scenario made from real data (docs/design.md#simulated-against-observed):
// the table and overlay charts report.html shows (reports/observed.ts), redrawn as the run
// streams, at most every 2 s, and once more when it ends.
import { esc } from "../../reports/html";
import { compareObserved, observedCharts, observedHtml } from "../../reports/observed";
import { h } from "../dom";
import type { RunData } from "../stream/run-data";

const REDRAW = 2000;

export class ObservedPanel {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private drawnVersion = -1;
  private drawnAt = 0;

  constructor() {
    this.body = h("div", { class: "observed-body" });
    this.element = h(
      "section",
      { class: "observed", "aria-label": "Simulated against observed", "data-testid": "observed", hidden: "" },
      h("h2", {}, "Simulated against observed"),
      this.body,
    );
  }

  /** Shows the run's comparison, or hides the panel when its scenario observed nothing. */
  update(run: RunData): void {
    const observed = run.meta.observed;
    this.element.hidden = observed === null;
    if (!observed || run.version === this.drawnVersion) return;
    const now = performance.now();
    if (run.status === "running" && now - this.drawnAt < REDRAW) return;
    this.drawnVersion = run.version;
    this.drawnAt = now;
    const simulated = run.timeseries();
    const charts = observedCharts(observed, simulated, { timeDomain: [0, run.meta.duration], width: 620 });
    this.body.innerHTML = [
      `<p class="chart-caption">What was observed, from <code>${esc(observed.trace)}</code>, beside what was simulated so far, bucket by bucket.</p>`,
      observedHtml(compareObserved(observed, simulated)),
      `<div class="charts">`,
      ...charts.map(
        (c) =>
          `<figure class="chart"><div class="chart-drawing">${c.svg}</div><figcaption class="chart-caption">${esc(c.caption)}</figcaption></figure>`,
      ),
      `</div>`,
    ].join("\n");
  }
}
