// The flow diagram's colours and their legend: nodes by utilisation (a sequential ramp), targets
// by state (the health swimlanes' colours), links by whether they cross a zone boundary.
import { interpolateYlOrRd } from "d3-scale-chromatic";
import { TARGET_STATES, TARGET_STATE_LABELS } from "../../sim/model/target-state";
import { HEALTH_COLORS } from "../../reports/charts/palette";
import { h } from "../dom";

/** Node fill for a utilisation in [0, 1] (a sequential, colour-blind-safe ramp); grey when unknown. */
export function utilizationColor(u: number): string {
  return Number.isFinite(u) ? interpolateYlOrRd(0.06 + 0.78 * u) : "#dfe6ee";
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
    ...TARGET_STATES.filter((s) => s !== "absent").map((s) =>
      h(
        "span",
        { class: "legend-item" },
        h("i", { class: "swatch", style: `background:${HEALTH_COLORS[s]}` }),
        TARGET_STATE_LABELS[s],
      ),
    ),
    h("span", { class: "legend-item" }, h("i", { class: "link-swatch same" }), "same zone"),
    h("span", { class: "legend-item" }, h("i", { class: "link-swatch cross" }), "cross-zone"),
    h(
      "span",
      { class: "legend-note" },
      "Link width: requests per second in the bucket shown. Into a node: what it received; from a node to a zone: what it sent to that zone's targets (spilled and queued requests are not sent).",
    ),
  );
}
