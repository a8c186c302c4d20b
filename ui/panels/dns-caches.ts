// DNS as a lookup, not a hop: what the clients' caches hold at the time cursor (the latest sample
// at or before it, stream-run.ts cacheSampler). For each client group: the share of its clients
// whose cached answer lists each node, how old the answers are against how long the group keeps
// one (the TTL, a fixed time, or forever), and how many hold an answer from an older record set
// than DNS publishes now: `forever` clients stuck on the nodes they first saw.
import { formatPercent, formatStopwatch } from "../../reports/format";
import { h } from "../dom";
import { formatSeconds } from "../../sim/scenario/units";
import type { RunData } from "../stream/run-data";

export class DnsCachesPanel {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private shown = "";

  constructor(testIdSuffix = "") {
    this.body = h("div", { class: "dns-body" });
    this.element = h(
      "details",
      { class: "dns-caches", open: "", "data-testid": `dns-caches${testIdSuffix}` },
      h("summary", {}, "What the clients' DNS caches hold"),
      this.body,
    );
  }

  update(data: RunData, bucket: number): void {
    let sample = null;
    for (const s of data.dns) {
      if (s.bucket > bucket) break;
      sample = s;
    }
    this.element.hidden = data.dns.length === 0;
    const key = `${sample?.bucket ?? -1}|${data.nodes.length}`;
    if (!sample || key === this.shown) return;
    this.shown = key;
    this.body.replaceChildren(
      h("p", { class: "dns-when" }, `At ${formatStopwatch(data.time(sample.bucket))}, clients' caches:`),
      ...sample.groups.map((g) => {
        const keeps = Number.isFinite(g.keeps) ? `of a ${formatSeconds(g.keeps)} cache` : "cached forever";
        const stale = g.answered > 0 ? g.stale / g.answered : 0;
        return h(
          "div",
          { class: "dns-group", "data-group": g.name },
          h(
            "p",
            { class: "dns-facts" },
            h("strong", {}, g.name),
            ` · ${formatPercent(g.answered / g.clients)} of ${g.clients.toLocaleString("en")} clients hold an answer, `,
            `mean age ${formatStopwatch(g.meanAge)} ${keeps}`,
            Number.isFinite(g.keeps)
              ? `, ${formatPercent(g.answered > 0 ? g.expired / g.answered : 0)} past it (looked up again at the client's next new connection)`
              : "",
            " · ",
            h(
              "span",
              { class: stale > 0.5 ? "dns-stale many" : "dns-stale", "data-testid": "dns-stale" },
              `${formatPercent(stale)} from an older record set than DNS gives now`,
            ),
          ),
          h(
            "table",
            { class: "dns-nodes" },
            h(
              "tbody",
              {},
              ...data.nodes.map((n, i) => {
                const share = g.clients > 0 ? g.holders[i] / g.clients : 0;
                return h(
                  "tr",
                  { "data-node": n.id },
                  h("th", { scope: "row" }, n.id),
                  h("td", {}, h("span", { class: "share-bar", style: `width:${Math.round(share * 120)}px` })),
                  h("td", { class: "dns-share" }, formatPercent(share)),
                );
              }),
            ),
          ),
        );
      }),
    );
  }
}
