// Compare mode's call-outs: what the two variants changed (their settings) and what differed as a
// result (requests, errors, latency, spillover, how the traffic split), biggest differences first.
import { share } from "../../sim/metrics/key-metrics";
import { h } from "../dom";
import { MISSING, formatCount, formatDifference, formatLatency, formatPercent } from "../../reports/format";
import type { RunData } from "../stream/run-data";
import { answeredIn, rejectedIn, totals } from "./cards";

interface Row {
  label: string;
  a: number;
  b: number;
  format: (x: number) => string;
  /** How big the difference is, to order rows and highlight the large ones. */
  weight: number;
}

function relative(a: number, b: number): number {
  const big = Math.max(Math.abs(a), Math.abs(b));
  return big > 0 ? Math.abs(a - b) / big : 0;
}

/** The share of requests each zone's targets received. */
function zoneShares(data: RunData): number[] {
  const totalsByZone = data.meta.zones.map((z) => data.total("RequestCount", `zone=${z}`));
  const sum = totalsByZone.reduce((a, b) => a + b, 0);
  return totalsByZone.map((v) => share(v, sum));
}

/** Each node's share of the requests the nodes received, by node id. */
export function nodeShares(data: RunData): Map<string, number> {
  const counts = data.nodes.map((n) => [n.id, data.total("RequestCount", `node=${n.id}`)] as const);
  const sum = counts.reduce((a, [, v]) => a + v, 0);
  return new Map(counts.map(([id, v]) => [id, share(v, sum)]));
}

/** The smallest and largest share of requests any target received. */
function targetShareRange(data: RunData): [number, number] {
  const counts = data.meta.targets.map((t) => data.total("RequestCount", `target=${t.id}`));
  const sum = counts.reduce((a, b) => a + b, 0);
  if (sum === 0) return [0, 0];
  return [Math.min(...counts) / sum, Math.max(...counts) / sum];
}

export function differenceRows(a: RunData, b: RunData): Row[] {
  const ta = totals(a);
  const tb = totals(b);
  const rows: Row[] = [
    {
      label: "error rate",
      a: ta.errorRate,
      b: tb.errorRate,
      format: formatPercent,
      weight: Math.abs(ta.errorRate - tb.errorRate) * 4,
    },
    {
      label: "spillover (503)",
      a: ta.spillover,
      b: tb.spillover,
      format: formatCount,
      weight: relative(ta.spillover, tb.spillover),
    },
    {
      label: `${ta.p99Final ? "p99 latency" : "worst p99 so far"} (answered requests only)`,
      a: ta.p99,
      b: tb.p99,
      format: formatLatency,
      weight: relative(ta.p99, tb.p99),
    },
  ];
  // Latency's denominator: a variant that rejects more is timed over fewer, easier requests.
  const rejected = [a, b].map((d) => rejectedIn((m) => d.total(m)));
  const answered = [a, b].map((d) => answeredIn((m) => d.total(m)));
  rows.push({
    label: "rejected by the load balancer (not timed)",
    a: rejected[0],
    b: rejected[1],
    format: formatCount,
    weight: relative(rejected[0], rejected[1]),
  });
  rows.push({
    label: "answered by targets (timed)",
    a: answered[0],
    b: answered[1],
    format: formatCount,
    weight: relative(answered[0], answered[1]) / 2,
  });
  // Each node's share of the requests: what DNS caching decides (which nodes clients still use).
  const sa = nodeShares(a);
  const sb = nodeShares(b);
  for (const id of [...new Set([...sa.keys(), ...sb.keys()])].sort()) {
    const x = sa.get(id) ?? 0;
    const y = sb.get(id) ?? 0;
    rows.push({ label: `node ${id}'s share`, a: x, b: y, format: formatPercent, weight: Math.abs(x - y) * 2 });
  }
  const [minA, maxA] = targetShareRange(a);
  const [minB, maxB] = targetShareRange(b);
  rows.push({ label: "busiest target's share", a: maxA, b: maxB, format: formatPercent, weight: relative(maxA, maxB) });
  rows.push({
    label: "quietest target's share",
    a: minA,
    b: minB,
    format: formatPercent,
    weight: relative(minA, minB),
  });
  const za = zoneShares(a);
  const zb = zoneShares(b);
  a.meta.zones.forEach((z, i) => {
    rows.push({
      label: `zone ${z}'s share`,
      a: za[i],
      b: zb[i] ?? 0,
      format: formatPercent,
      weight: Math.abs(za[i] - (zb[i] ?? 0)) * 2,
    });
  });
  const nodesA = Math.max(0, ...a.values("NodeCount"));
  const nodesB = Math.max(0, ...b.values("NodeCount"));
  rows.push({
    label: "most nodes at once",
    a: nodesA,
    b: nodesB,
    format: formatCount,
    weight: relative(nodesA, nodesB),
  });
  rows.push({
    label: "requests",
    a: ta.requests,
    b: tb.requests,
    format: formatCount,
    weight: relative(ta.requests, tb.requests) / 4,
  });
  return rows.sort((x, y) => y.weight - x.weight);
}

export class Differences {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly settings: HTMLElement;

  private readonly callouts: HTMLElement;
  /** Each node's share of the requests in both runs: which nodes DNS sends clients to. */
  private readonly nodeTable: HTMLElement;

  constructor(private readonly labels: [string, string]) {
    this.settings = h("p", { class: "diff-settings" });
    this.callouts = h("div", { class: "callouts" });
    this.body = h("tbody");
    this.nodeTable = h("tbody");
    this.element = h(
      "section",
      { class: "differences", "aria-label": "Differences between the variants", "data-testid": "differences" },
      h("div", { class: "diff-head" }, h("h2", {}, "What changed"), this.settings),
      this.callouts,
      h(
        "details",
        { class: "node-shares", open: "" },
        h("summary", {}, "Each node's share of the requests"),
        h(
          "table",
          { "data-testid": "node-shares" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, "node"),
              h("th", { scope: "col" }, labels[0]),
              h("th", { scope: "col" }, labels[1]),
            ),
          ),
          this.nodeTable,
        ),
      ),
      h(
        "details",
        {},
        h("summary", {}, "Every measure"),
        h(
          "table",
          {},
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, ""),
              h("th", { scope: "col" }, labels[0]),
              h("th", { scope: "col" }, labels[1]),
              h("th", { scope: "col" }, "difference"),
            ),
          ),
          this.body,
        ),
      ),
    );
  }

  /** `overrides` are the two variants' settings, as written in the scenario. */
  update(a: RunData, b: RunData, overrides: [Record<string, unknown>, Record<string, unknown>]): void {
    const keys = [...new Set([...Object.keys(overrides[0]), ...Object.keys(overrides[1])])].filter(
      (k) => JSON.stringify(overrides[0][k]) !== JSON.stringify(overrides[1][k]),
    );
    this.settings.replaceChildren(
      ...(keys.length === 0
        ? ["Same settings: the runs differ only by chance (they should not: same seed, same arrivals)."]
        : [
            "Same seed and the same arrivals; only ",
            ...keys.flatMap((k, i) => [
              i > 0 ? ", " : "",
              h("code", {}, k),
              ` (${show(overrides[0][k])} → ${show(overrides[1][k])})`,
            ]),
            " differ.",
          ]),
    );
    const done = a.status === "done" && b.status === "done";
    const rows = differenceRows(a, b);
    // The biggest differences as call-outs; the same measure in both reads "same".
    this.callouts.replaceChildren(
      ...rows
        .slice(0, 4)
        .map((r) =>
          h(
            "div",
            { class: r.weight > 0.25 ? "callout big" : "callout" },
            h("div", { class: "callout-label" }, r.label),
            h(
              "div",
              { class: "callout-values" },
              h("span", { class: "va" }, r.format(r.a)),
              h("span", { class: "arrow", "aria-label": "versus" }, "→"),
              h("span", { class: "vb" }, r.format(r.b)),
            ),
            h("div", { class: "callout-diff" }, describeDifference(r, this.labels)),
          ),
        ),
    );
    this.body.replaceChildren(
      ...rows.map((r) => {
        const diff = describeDifference(r, this.labels);
        return h(
          "tr",
          r.weight > 0.25 ? { class: "big" } : {},
          h("th", { scope: "row" }, r.label),
          h("td", {}, r.format(r.a)),
          h("td", {}, r.format(r.b)),
          h("td", { class: "diff" }, diff),
        );
      }),
    );
    const sa = nodeShares(a);
    const sb = nodeShares(b);
    const bar = (x: number) =>
      h("td", {}, h("span", { class: "share-bar", style: `width:${Math.round(x * 100)}px` }), formatPercent(x));
    this.nodeTable.replaceChildren(
      ...[...new Set([...sa.keys(), ...sb.keys()])]
        .sort(byNode)
        .map((id) => h("tr", {}, h("th", { scope: "row" }, id), bar(sa.get(id) ?? 0), bar(sb.get(id) ?? 0))),
    );
    this.element.classList.toggle("provisional", !done);
  }
}

/** a-n2 before a-n10: zone, then number. */
function byNode(x: string, y: string): number {
  return x.localeCompare(y, "en", { numeric: true });
}

function show(value: unknown): string {
  return value === undefined ? "as written" : typeof value === "string" ? value : JSON.stringify(value);
}

function describeDifference(r: Row, [la, lb]: [string, string]): string {
  if (r.a === r.b || (!Number.isFinite(r.a) && !Number.isFinite(r.b))) return "same";
  if (!Number.isFinite(r.a) || !Number.isFinite(r.b)) return MISSING;
  if (r.format === formatPercent) return formatDifference("fraction", r.b - r.a);
  if (r.a === 0 || r.b === 0) return `only with ${r.b > r.a ? lb : la}`;
  const ratio = r.b / r.a;
  if (ratio >= 1.05) return `${ratio.toPrecision(ratio >= 10 ? 3 : 2)}× higher with ${lb}`;
  if (ratio <= 0.95) return `${(1 / ratio).toPrecision(1 / ratio >= 10 ? 3 : 2)}× higher with ${la}`;
  return "about the same";
}
