// The flow diagram's colours and their legend. Each colour means one thing: nodes are shaded blue
// by utilisation (a sequential ramp), targets coloured by state (the health swimlanes' colours),
// links slate within a zone and purple across zones, errors in their status's colour (the errors
// chart's). Warm colours mean trouble only: unhealthy targets and errors.
import { interpolateBlues } from "d3-scale-chromatic";
import { TARGET_STATES, TARGET_STATE_LABELS } from "../../sim/model/target-state";
import { HEALTH_COLORS, STATUS_COLORS } from "../../reports/charts/palette";
import { h } from "../dom";

/** Node fill for a utilisation in [0, 1] (a sequential, colour-blind-safe ramp); grey when unknown. */
export function utilizationColor(u: number): string {
  return Number.isFinite(u) ? interpolateBlues(0.06 + 0.74 * u) : "#dfe6ee";
}

/** The legend under the flow, in words and swatches. */
export function flowLegend(): HTMLElement {
  const gradient = Array.from({ length: 11 }, (_, i) => utilizationColor(i / 10)).join(",");
  return h(
    "div",
    { class: "flow-legend", "aria-label": "Legend of the flow" },
    h(
      "span",
      { class: "legend-item" },
      "Node utilisation ",
      h("i", { class: "ramp", style: `background:linear-gradient(90deg,${gradient})` }),
      " 0–100 %",
    ),
    h("span", { class: "legend-item" }, h("i", { class: "swatch starting" }), "node starting (not in DNS)"),
    h("span", { class: "legend-item" }, h("i", { class: "surge-swatch" }), "surge queue (bar along a node's foot)"),
    ...TARGET_STATES.map((s) =>
      h(
        "span",
        { class: "legend-item" },
        h("i", { class: "swatch", style: `background:${HEALTH_COLORS[s]}` }),
        TARGET_STATE_LABELS[s],
      ),
    ),
    h("span", { class: "legend-item" }, h("i", { class: "link-swatch same" }), "same zone"),
    h("span", { class: "legend-item" }, h("i", { class: "link-swatch cross" }), "cross-zone"),
    ...(
      [
        ["502", "502 (ELB)"],
        ["503", "503 (ELB)"],
        ["504", "504 (ELB)"],
        ["connection", "connection error"],
      ] as const
    ).map(([key, label]) =>
      h(
        "span",
        { class: "legend-item" },
        h("i", { class: "link-swatch error", style: `background:${STATUS_COLORS[key]}` }),
        label,
      ),
    ),
    h("span", { class: "legend-item" }, h("i", { class: "gauge-swatch" }), "target's workers busy"),
    h(
      "span",
      { class: "legend-note" },
      "Link width: requests per second in the bucket shown. Into a node: what it received; from a node to a zone: what it sent to that zone's targets (spilled and queued requests are not sent); errors, at least a hairline, go where they happened: into the zone whose targets they were for, or off the node (503) or DNS (no node answered).",
    ),
  );
}
