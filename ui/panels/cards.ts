// Summary cards: requests, error rate, p99 latency, spillover and the run's digest. Each shows the
// moment at the time cursor first (the bucket the slider is on), and the run's totals second:
// while a run streams, what has arrived; once it ends, the result (the CLI's numbers). Latency is
// always given with its denominator: the requests targets answered, and how many were rejected
// (a rejected request is never timed, so a variant that rejects more can look faster).
import { countsFromSeries, errorCount, errorRate, spilloverRate } from "../../sim/metrics/key-metrics";
import type { RunData } from "../stream/run-data";
import { h } from "../dom";
import {
  MISSING,
  formatCount,
  formatDollars,
  formatLatency,
  formatPercent,
  formatStopwatch as formatClock,
} from "../../reports/format";

export interface Totals {
  requests: number;
  errors: number;
  errorRate: number;
  spillover: number;
  spilloverRate: number;
  /** Whole-run p99 once done; until then the worst bucket's p99 so far. */
  p99: number;
  p99Final: boolean;
}

/** The bucket at the cursor: its rate of requests, its errors and spillovers, and its latency. */
export interface Moment {
  requestsPerSecond: number;
  errorRate: number;
  errors: number;
  spillPerSecond: number;
  /** The bucket's own p99, of `answered` requests; `rejected` got an error from the load balancer. */
  p99: number;
  answered: number;
  rejected: number;
}

export function moment(data: RunData, bucket: number): Moment | null {
  if (bucket < 0 || bucket >= data.buckets) return null;
  const at = (metric: string) => data.at(metric, "lb", bucket);
  const counts = countsFromSeries(at);
  const per = 1 / data.meta.interval;
  return {
    requestsPerSecond: at("RequestCount") * per,
    errorRate: errorRate(counts),
    errors: errorCount(counts),
    spillPerSecond: counts.spillover * per,
    p99: at("ClientLatencyP99"),
    answered: answeredIn((m) => at(m)),
    rejected: rejectedIn((m) => at(m)),
  };
}

/** Requests a target answered (2xx and the targets' 5xx): those whose latency is measured. */
export function answeredIn(total: (metric: string) => number): number {
  return total("HTTPCode_Target_2XX_Count") + total("HTTPCode_Target_5XX_Count");
}

/** Requests the load balancer answered itself, or whose connection failed: never timed. */
export function rejectedIn(total: (metric: string) => number): number {
  const http = total("HTTPCode_ELB_5XX_Count");
  const layer4 = total("TCP_ELB_Reset_Count") + total("TCP_Target_Reset_Count");
  return http + layer4 + total("ConnectionErrorCount");
}

export function totals(data: RunData): Totals {
  const r = data.result;
  const counts = r ? r.requests : countsFromSeries((metric) => data.total(metric));
  let p99 = r?.latency.p99 ?? NaN;
  if (!r) for (const v of data.values("ClientLatencyP99")) if (Number.isFinite(v) && !(v <= p99)) p99 = v;
  return {
    requests: counts.total,
    errors: errorCount(counts),
    errorRate: errorRate(counts),
    spillover: counts.spillover,
    spilloverRate: spilloverRate(counts),
    p99,
    p99Final: r !== null,
  };
}

interface Card {
  label: HTMLElement;
  value: HTMLElement;
  note: HTMLElement;
  /** The run's figure, second. */
  more: HTMLElement;
  root: HTMLElement;
}

export class SummaryCards {
  readonly element: HTMLElement;
  private readonly cards: Record<"requests" | "errors" | "p99" | "spillover", Card>;
  private readonly digest: HTMLElement;
  private readonly digestNote: HTMLElement;
  /** The run's cost at list prices, shown once a run with a cost section ends (docs/design.md#capacity-units). */
  private readonly cost: Card;

  constructor(testIdSuffix = "") {
    const card = (label: string, hint: string): Card => {
      const name = h("div", { class: "card-label" }, label);
      const value = h("div", { class: "card-value", "data-testid": "card-value" }, MISSING);
      const note = h("div", { class: "card-note" }, "");
      const more = h("div", { class: "card-note card-run" }, "");
      return {
        label: name,
        value,
        note,
        more,
        root: h("div", { class: "card", title: hint }, name, value, note, more),
      };
    };
    const requests = card("Requests", "Requests per second at the time cursor; the run's total below");
    const errors = card(
      "Error rate",
      "At the time cursor, requests that did not get a 2xx: 5xx from the load balancer or the targets, and connection errors; the run's rate below",
    );
    const p99 = card(
      "p99 latency",
      "99th percentile of client latency at the time cursor, request sent to response received, over the requests targets answered; requests the load balancer rejected are not timed",
    );
    const spillover = card(
      "Spillover",
      "Requests per second rejected with 503 at the time cursor because a node's surge queue was full (SpilloverCount); the run's total below",
    );
    this.digest = h("code", { class: "digest", "data-testid": `digest${testIdSuffix}` }, "");
    this.digestNote = h("div", { class: "card-note" }, "when the run ends");
    const digestCard = h(
      "div",
      {
        class: "card card-digest",
        title:
          "SHA-256 over the run's metrics and log: the same scenario and seed give the same digest in the browser and the CLI",
      },
      h("div", { class: "card-label" }, "Digest"),
      this.digest,
      this.digestNote,
    );
    this.cards = { requests, errors, p99, spillover };
    for (const [key, c] of Object.entries(this.cards)) c.root.dataset.card = key;
    this.cost = card("Cost", "What the run costs at the scenario's list prices (pricing:), and a month at this load");
    this.cost.root.hidden = true;
    this.element = h(
      "section",
      { class: "cards", "aria-label": "Summary" },
      requests.root,
      errors.root,
      p99.root,
      spillover.root,
      this.cost.root,
      digestCard,
    );
  }

  update(data: RunData, bucket: number): void {
    const t = totals(data);
    const m = moment(data, bucket);
    const when = m ? `at ${formatClock(data.time(bucket))}` : "";
    const run = data.status === "running" ? "so far" : "in the run";
    this.label("requests", `Requests ${when}`);
    this.set("requests", m ? `${formatCount(m.requestsPerSecond)}/s` : MISSING, `${formatCount(t.requests)} ${run}`);
    this.label("errors", `Error rate ${when}`);
    this.set(
      "errors",
      m ? formatPercent(m.errorRate) : MISSING,
      `${formatPercent(t.errorRate)} ${run} (${formatCount(t.errors)} errors)`,
    );
    this.label("p99", `p99 latency ${when}`);
    const answered = answeredIn((metric) => data.total(metric));
    const rejected = rejectedIn((metric) => data.total(metric));
    this.set(
      "p99",
      m ? formatLatency(m.p99) : MISSING,
      m ? `of ${formatCount(m.answered)} answered · ${formatCount(m.rejected)} rejected, not timed` : "",
      `${t.p99Final ? "Run" : "Worst interval so far"}: p99 ${formatLatency(t.p99)} of ${formatCount(answered)} answered requests; ${formatCount(rejected)} rejected by the load balancer are not timed`,
    );
    this.label("spillover", `Spillover ${when}`);
    this.set(
      "spillover",
      m ? `${formatCount(m.spillPerSecond)}/s` : MISSING,
      `${formatCount(t.spillover)} ${run}${t.requests > 0 ? ` (${formatPercent(t.spilloverRate)})` : ""}`,
    );
    const cost = data.result?.cost;
    this.cost.root.hidden = !cost;
    if (cost) {
      this.cost.value.textContent = formatDollars(cost.total);
      this.cost.note.textContent = `≈ ${formatDollars(cost.perMonth)} a month · LCUs ${formatDollars(cost.lcu)} · cross-zone ${formatDollars(cost.crossZone)}`;
    }
    const digest = data.result?.digest ?? "";
    if (this.digest.textContent !== digest) this.digest.textContent = digest;
    this.digest.title = digest;
    this.digestNote.textContent =
      data.status === "done"
        ? `seed ${data.meta.seed}${data.meta.variant ? ` · ${data.meta.variant}` : ""}`
        : data.status === "running"
          ? "when the run ends"
          : data.status;
  }

  private set(name: keyof SummaryCards["cards"], value: string, note: string, more = ""): void {
    const card = this.cards[name];
    if (card.value.textContent !== value) card.value.textContent = value;
    if (card.note.textContent !== note) card.note.textContent = note;
    if (card.more.textContent !== more) card.more.textContent = more;
  }

  private label(name: keyof SummaryCards["cards"], text: string): void {
    const label = this.cards[name].label;
    if (label.textContent !== text) label.textContent = text;
  }
}
