// Summary cards: requests, error rate, p99 latency, spillover and the run's digest. While a run
// streams they count what has arrived; once it ends they show the result (the CLI's numbers).
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
  value: HTMLElement;
  note: HTMLElement;
}

export class SummaryCards {
  readonly element: HTMLElement;
  private readonly cards: Record<"requests" | "errors" | "p99" | "spillover", Card>;
  private readonly digest: HTMLElement;
  private readonly digestNote: HTMLElement;
  /** The run's cost at list prices, shown once a run with a cost section ends (docs/design.md#capacity-units). */
  private readonly cost: Card & { root: HTMLElement };

  constructor(testIdSuffix = "") {
    const card = (label: string, hint: string): Card & { root: HTMLElement } => {
      const value = h("div", { class: "card-value" }, MISSING);
      const note = h("div", { class: "card-note" }, "");
      return {
        value,
        note,
        root: h("div", { class: "card", title: hint }, h("div", { class: "card-label" }, label), value, note),
      };
    };
    const requests = card("Requests", "Requests the clients sent, answered or not");
    const errors = card(
      "Error rate",
      "Requests that did not get a 2xx: 5xx from the load balancer or the targets, and connection errors",
    );
    const p99 = card("p99 latency", "99th percentile of client latency, request sent to response received");
    const spillover = card(
      "Spillover",
      "Requests rejected with 503 because a node's surge queue was full (SpilloverCount)",
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
    const per = 1 / data.meta.interval;
    const now = bucket >= 0 && bucket < data.buckets ? data.at("RequestCount", "lb", bucket) * per : NaN;
    this.set(
      "requests",
      formatCount(t.requests),
      Number.isFinite(now) ? `${formatCount(now)}/s at ${formatClock(data.time(bucket))}` : "",
    );
    this.set("errors", formatPercent(t.errorRate), `${formatCount(t.errors)} errors`);
    this.set(
      "p99",
      formatLatency(t.p99),
      t.p99Final
        ? `p50 ${formatLatency(data.result!.latency.p50)} · p90 ${formatLatency(data.result!.latency.p90)}`
        : "worst second so far",
    );
    this.set(
      "spillover",
      formatCount(t.spillover),
      t.requests > 0 ? `${formatPercent(t.spilloverRate)} of requests` : "",
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

  private set(name: keyof SummaryCards["cards"], value: string, note: string): void {
    const card = this.cards[name];
    if (card.value.textContent !== value) card.value.textContent = value;
    if (card.note.textContent !== note) card.note.textContent = note;
  }
}
