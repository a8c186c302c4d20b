// Taking a run away: the same files `elbsim run FILE --out DIR` writes (summary.json,
// timeseries.csv and the self-contained report.html, from reports/report.ts runOutputFiles),
// made in the page from the run's streamed data once it has ended. The scenario is loaded again
// here, with the run's variant, seed and overrides, for the report's settings; the loader and the
// report are fetched only when asked for.
import { h } from "../dom";
import type { RunData } from "../stream/run-data";

/** What was run, so the report can be written from the same scenario. */
export interface RunSource {
  text: string;
  variant: string | null;
  seed: number | undefined;
  overrides: string[];
  files: Record<string, string>;
}

const NAMES = ["summary.json", "timeseries.csv", "report.html"] as const;
const TYPES: Record<(typeof NAMES)[number], string> = {
  "summary.json": "application/json",
  "timeseries.csv": "text/csv",
  "report.html": "text/html",
};

export class Downloads {
  readonly element: HTMLElement;
  private readonly buttons: HTMLButtonElement[];
  private data: RunData | null = null;

  constructor(
    private readonly source: RunSource,
    testIdSuffix = "",
  ) {
    this.buttons = NAMES.map((name) =>
      h(
        "button",
        {
          type: "button",
          class: "button quiet",
          disabled: "",
          "data-download": name,
          "data-testid": `download${testIdSuffix}`,
        },
        name,
      ),
    );
    this.element = h(
      "div",
      { class: "downloads", "aria-label": "Download this run" },
      h("span", { class: "downloads-label" }, "Download"),
      ...this.buttons,
    );
    for (const button of this.buttons)
      button.addEventListener("click", () => void this.download(button.dataset.download as (typeof NAMES)[number]));
  }

  update(data: RunData): void {
    this.data = data;
    const ready = data.status === "done";
    for (const b of this.buttons) b.disabled = !ready;
  }

  private async download(name: (typeof NAMES)[number]): Promise<void> {
    const data = this.data;
    if (!data?.result) return;
    const [{ runOutputFiles }, { loadScenario }] = await Promise.all([
      import("../../reports/report"),
      import("../../sim/scenario/load"),
    ]);
    const { source } = this;
    const loaded = loadScenario(source.text, {
      variant: source.variant,
      seed: source.seed,
      overrides: source.overrides,
      readFile: (f) => {
        const text = source.files[f] ?? source.files[f.replace(/^\.\//, "")];
        if (text === undefined) throw new Error(`no file ${f}`);
        return text;
      },
    });
    if (!loaded.ok) return;
    const files = runOutputFiles({ scenario: loaded.scenario, result: data.result, timeseries: data.timeseries() });
    const content = files[name];
    const parts = typeof content === "string" ? [content] : [...content];
    const url = URL.createObjectURL(new Blob(parts, { type: TYPES[name] }));
    const link = h("a", { href: url, download: `${data.meta.scenario}-${name}` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
