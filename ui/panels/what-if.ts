// What-if controls: the settings a class varies (stream/what-if-settings.ts), each set to the value
// the run used. Changing some and asking to run writes them as --set overrides (PATH=VALUE, as
// the command line takes them); the app reruns the scenario with them beside the baseline, on the
// same seed (the same arrivals: common random numbers), and the overrides travel in the link.
import { h } from "../dom";
import type { WhatIfSetting } from "../stream/what-if-settings";

const CACHES = ["ttl", "forever", "5s", "30s", "60s", "300s"];

export class WhatIfPanel {
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private built = "";
  private controls: { setting: WhatIfSetting; input: HTMLInputElement | HTMLSelectElement }[] = [];

  constructor(
    private readonly current: readonly [string, string][],
    private readonly run: (overrides: [string, string][]) => void,
  ) {
    this.grid = h("div", { class: "what-if-grid" });
    const go = h("button", { type: "button", class: "button primary", "data-testid": "what-if-run" }, "Run what if");
    const reset = h("button", { type: "button", class: "button quiet" }, "Reset");
    this.element = h(
      "details",
      { class: "what-if", "data-testid": "what-if", ...(current.length ? { open: "" } : {}) },
      h("summary", {}, "What if…", current.length ? ` (${current.length} changed)` : ""),
      h(
        "p",
        { class: "what-if-note" },
        "Change a setting and run: the same seed and the same arrivals, beside the baseline, with the difference shown. Each change is a --set override (elbsim run FILE --set PATH=VALUE) and travels in the link.",
      ),
      this.grid,
      h("div", { class: "what-if-actions" }, go, reset),
    );
    go.addEventListener("click", () => this.run(this.overrides()));
    reset.addEventListener("click", () => {
      for (const c of this.controls) c.input.value = c.setting.value;
    });
  }

  /** The run's settings: controls are built once, from its values, with the link's overrides applied. */
  update(settings: readonly WhatIfSetting[]): void {
    const key = settings.map((s) => `${s.paths.join("+")}=${s.value}`).join("|");
    if (key === this.built) return;
    this.built = key;
    const given = new Map(this.current);
    this.controls = settings.map((setting) => {
      const value = given.get(setting.paths[0]) ?? setting.value;
      const input = control(setting, value);
      input.dataset.path = setting.paths[0];
      return { setting, input };
    });
    this.grid.replaceChildren(
      ...this.controls.map(({ setting, input }) =>
        h(
          "label",
          { class: "what-if-item" },
          h("span", {}, setting.label),
          input,
          h("small", {}, `run: ${setting.value}`),
        ),
      ),
    );
  }

  /** The controls that differ from the baseline's values, as overrides. */
  overrides(): [string, string][] {
    return this.controls
      .filter(({ setting, input }) => input.value.trim() !== "" && input.value.trim() !== setting.value)
      .flatMap(({ setting, input }) => setting.paths.map((path): [string, string] => [path, input.value.trim()]));
  }
}

function control(setting: WhatIfSetting, value: string): HTMLInputElement | HTMLSelectElement {
  if (setting.kind === "boolean" || setting.kind === "cache") {
    const options = setting.kind === "boolean" ? ["true", "false"] : [...new Set([...CACHES, setting.value, value])];
    const select = h(
      "select",
      { "aria-label": setting.label },
      ...options.map((o) => h("option", { value: o }, setting.kind === "boolean" ? (o === "true" ? "on" : "off") : o)),
    );
    select.value = value;
    return select;
  }
  const number = setting.kind === "count" || setting.kind === "rate";
  return h("input", {
    type: number ? "number" : "text",
    ...(number
      ? { min: setting.kind === "count" ? "1" : "0", step: "1", inputmode: "numeric" }
      : { pattern: "[0-9.]+(ms|s|m|h)?" }),
    value,
    "aria-label": setting.label,
    class: "what-if-input",
  });
}
