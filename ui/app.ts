// The dashboard: a header with the scenario picker, seed and run/cancel; views for the gallery, a
// run, two variants compared, and the editor. The URL holds what to show and run, so a link
// reproduces a run. Runs happen in workers (stream/runner.ts); this thread only draws.
import { Checker } from "./checker";
import { lessonNamed } from "./lessons/bundled";
import { h } from "./dom";
import { gallery, richText, splitWatch } from "./panels/gallery";
import { sourceKey } from "./editor/drafts";
import type { ScenarioEditor } from "./panels/editor";
import { RunView } from "./panels/run-view";
import { SCENARIOS, bundled, type ScenarioSummary } from "./scenarios";
import type { RunData } from "./stream/run-data";
import { ScenarioErrors, startRun, type RunHandle } from "./stream/runner";
import { readUrl, writeUrl, type UrlState, type View } from "./url-state";
import { traceFiles } from "./user-traces";

const AS_WRITTEN = "";

export class App {
  private state: UrlState = {
    view: "gallery",
    scenario: null,
    source: null,
    seed: null,
    variant: null,
    compare: null,
    run: false,
  };
  private handles: RunHandle[] = [];
  private readonly views: Record<View, HTMLElement>;
  private readonly tabs: Record<View, HTMLAnchorElement>;
  private readonly picker: HTMLSelectElement;
  private readonly variant: HTMLSelectElement;
  private readonly variantA: HTMLSelectElement;
  private readonly variantB: HTMLSelectElement;
  private readonly seed: HTMLInputElement;
  private readonly runButton: HTMLButtonElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly shareButton: HTMLButtonElement;
  /** Loaded with the editor view: it brings the scenario schema, which other views do not need. */
  private editor: Promise<ScenarioEditor> | null = null;
  /** Reads pasted scenarios and checks runs off this thread. */
  private readonly checker = new Checker();
  /** The summary of the pasted scenario `source` shows, read by the checker. */
  private sourceSummary: { text: string; summary: ScenarioSummary } | null = null;
  /** Counts states applied, so that one still reading its scenario yields to a newer one. */
  private applied = 0;
  /** Counts runs asked for and cancelled, so that a run still being checked yields to what came after. */
  private runsAsked = 0;
  /** Where a link's problems are shown, above the view. */
  private readonly notice: HTMLElement;

  constructor(readonly root: HTMLElement) {
    this.picker = h("select", { "aria-label": "Scenario", "data-testid": "scenario-picker" });
    this.variant = h("select", { "aria-label": "Variant" });
    this.variantA = h("select", { "aria-label": "Variant A" });
    this.variantB = h("select", { "aria-label": "Variant B" });
    this.seed = h("input", {
      type: "number",
      min: "0",
      step: "1",
      inputmode: "numeric",
      "aria-label": "Seed",
      class: "seed",
    });
    this.runButton = h("button", { type: "button", class: "button primary", "data-testid": "run" }, "Run");
    this.cancelButton = h(
      "button",
      { type: "button", class: "button danger", "data-testid": "cancel", hidden: "" },
      "Cancel",
    );
    this.shareButton = h(
      "button",
      { type: "button", class: "button quiet", title: "Copy a link that reproduces this run" },
      "Share",
    );
    const tab = (view: View, label: string) => h("a", { href: "#", class: "tab", "data-view": view }, label);
    this.tabs = {
      gallery: tab("gallery", "Gallery"),
      run: tab("run", "Run"),
      compare: tab("compare", "Compare"),
      editor: tab("editor", "Editor"),
    };
    this.views = {
      gallery: h("div", { class: "view", "data-view": "gallery" }, gallery(SCENARIOS)),
      run: h("div", { class: "view", "data-view": "run" }),
      compare: h("div", { class: "view", "data-view": "compare" }),
      editor: h("div", { class: "view", "data-view": "editor" }),
    };
    this.picker.append(...SCENARIOS.map((s) => h("option", { value: s.name }, s.title)));

    const header = h(
      "header",
      { class: "topbar" },
      h(
        "a",
        { class: "brand", href: "./", "data-nav": "", "aria-label": "elbsim home" },
        h("img", { src: new URL("./favicon.svg", import.meta.url).href, alt: "", width: "24", height: "24" }),
        "elbsim",
      ),
      h("nav", { class: "tabs", "aria-label": "Views" }, ...Object.values(this.tabs)),
      h(
        "div",
        { class: "controls" },
        h("label", { class: "control" }, h("span", { class: "visually-hidden" }, "Scenario"), this.picker),
        h("label", { class: "control single-only" }, h("span", {}, "Variant"), this.variant),
        h("label", { class: "control compare-only" }, h("span", {}, "A"), this.variantA),
        h("label", { class: "control compare-only" }, h("span", {}, "B"), this.variantB),
        h("label", { class: "control" }, h("span", { class: "visually-hidden" }, "Seed"), this.seed),
        this.runButton,
        this.cancelButton,
        this.shareButton,
      ),
    );
    this.notice = h("div", { class: "link-problem", role: "alert", "data-testid": "link-problem", hidden: "" });
    root.replaceChildren(header, h("main", { id: "main" }, this.notice, ...Object.values(this.views)));

    root.addEventListener("click", (e) => {
      const link = (e.target as HTMLElement).closest<HTMLAnchorElement>("a[data-nav]");
      if (link && !e.metaKey && !e.ctrlKey && !e.shiftKey && e.button === 0) {
        e.preventDefault();
        void this.navigate(link.getAttribute("href")!);
      }
      const tabLink = (e.target as HTMLElement).closest<HTMLAnchorElement>("a.tab");
      if (tabLink) {
        e.preventDefault();
        this.switchView(tabLink.dataset.view as View);
      }
    });
    this.picker.addEventListener("change", () => {
      const s = bundled(this.picker.value)!;
      const variants = Object.keys(s.variants);
      const compare = this.state.view === "compare" && variants.length > 0 ? defaultPair(variants) : null;
      void this.go({
        ...this.state,
        scenario: s.name,
        source: null,
        variant: null,
        compare,
        view: compare ? "compare" : this.state.view === "gallery" ? "run" : this.state.view,
        run: false,
        lesson: null,
        step: null,
        overrides: [],
      });
    });
    this.runButton.addEventListener("click", () => this.runFromControls());
    this.cancelButton.addEventListener("click", () => this.cancel());
    this.shareButton.addEventListener("click", async () => {
      await navigator.clipboard?.writeText(location.href).catch(() => {});
      this.shareButton.textContent = "Copied";
      setTimeout(() => (this.shareButton.textContent = "Share"), 1500);
    });
    this.seed.addEventListener("keydown", (e) => {
      if (e.key === "Enter") this.runFromControls();
    });
    addEventListener("popstate", () => void readUrl(location.search, location.hash).then((s) => this.apply(s)));
  }

  async start(): Promise<void> {
    await this.apply(await readUrl(location.search, location.hash));
  }

  private async navigate(href: string): Promise<void> {
    const url = new URL(href, location.href);
    await this.go(await readUrl(url.search, url.hash));
  }

  /** Shows `state` and records it in the URL (a new history entry). */
  private async go(state: UrlState): Promise<void> {
    history.pushState(null, "", await writeUrl(state));
    await this.apply(state);
  }

  private text(): string | null {
    return this.state.source ?? bundled(this.state.scenario)?.text ?? null;
  }

  private summary(): ScenarioSummary | null {
    const source = this.state.source;
    if (source !== null) return this.sourceSummary?.text === source ? this.sourceSummary.summary : null;
    return bundled(this.state.scenario) ?? null;
  }

  private async apply(state: UrlState): Promise<void> {
    this.cancel();
    const ticket = ++this.applied;
    if (state.source !== null && this.sourceSummary?.text !== state.source) {
      // Read off this thread: a pasted scenario can be a megabyte of YAML.
      const summary = await this.checker.summarize(state.source);
      if (ticket !== this.applied || summary === null) return;
      this.sourceSummary = { text: state.source, summary };
    }
    if (state.lesson) {
      const found = lessonNamed(state.lesson);
      if (found?.lesson)
        state = {
          ...state,
          scenario: found.lesson.scenario,
          source: null,
          variant: state.variant ?? found.lesson.variant,
          view: state.view === "compare" ? "compare" : "run",
          run: true,
        };
    }
    const problems = [...(state.problems ?? []), ...this.lessonProblems(state), ...this.linkProblems(state)];
    if (problems.length > 0) {
      // Nothing the link asked for is done: what is wrong, and the gallery to go on from.
      state = {
        ...state,
        view: "gallery",
        scenario: null,
        source: null,
        variant: null,
        compare: null,
        run: false,
        lesson: null,
        step: null,
      };
    } else if (!state.scenario && !state.source && state.view !== "gallery" && state.view !== "editor")
      state = { ...state, scenario: SCENARIOS[0]?.name ?? null };
    this.showProblems(problems);
    this.state = state;
    const summary = this.summary();
    const variants = Object.keys(summary?.variants ?? {});
    if (state.view === "compare" && !state.compare) state.compare = defaultPair(variants);
    this.picker.querySelector('option[value=""]')?.remove();
    if (!bundled(state.scenario)) {
      this.picker.prepend(
        h("option", { value: "", disabled: "" }, state.source !== null ? "(edited scenario)" : "Choose a scenario…"),
      );
      this.picker.value = "";
    } else this.picker.value = state.scenario!;
    const options = (select: HTMLSelectElement, value: string | null) => {
      select.replaceChildren(
        h("option", { value: AS_WRITTEN }, "as written"),
        ...variants.map((v) => h("option", { value: v }, v)),
      );
      select.value = value && variants.includes(value) ? value : AS_WRITTEN;
    };
    options(this.variant, state.variant);
    options(this.variantA, state.compare?.[0] ?? null);
    options(this.variantB, state.compare?.[1] ?? null);
    this.seed.value = state.seed === null ? "" : String(state.seed);
    this.seed.placeholder = summary ? `seed ${summary.seed}` : "seed";
    this.tabs.compare.classList.toggle("disabled", variants.length === 0);
    this.tabs.compare.setAttribute("aria-disabled", String(variants.length === 0));
    this.show(state.view);
    const text = this.text();
    if (state.view === "editor")
      void this.openEditor().then((editor) => {
        if (text === null) return;
        editor.open(state.source !== null ? sourceKey(state.source) : (state.scenario ?? ""), text);
      });
    if (state.view === "run" || state.view === "compare") {
      this.idle(state.view);
      if (state.run) void this.startRuns();
    }
  }

  /** A lesson the link names that does not exist, or whose file has problems (each `path: message`). */
  private lessonProblems(state: UrlState): string[] {
    if (!state.lesson) return [];
    const found = lessonNamed(state.lesson);
    if (!found) return [`There is no lesson ${JSON.stringify(clip(state.lesson))}.`];
    return found.problems.map((p) => `scenarios/lessons/${found.name}.yaml: ${p.path}: ${p.message}`);
  }

  /** What a link names that does not exist: a bundled scenario, or a variant of the scenario. */
  private linkProblems(state: UrlState): string[] {
    const problems: string[] = [];
    let summary: ScenarioSummary | null = null;
    if (state.source !== null) summary = this.sourceSummary?.summary ?? null;
    else if (state.scenario) {
      summary = bundled(state.scenario) ?? null;
      if (!summary)
        problems.push(
          `There is no bundled scenario ${JSON.stringify(clip(state.scenario))}: the bundled ones are in the gallery below.`,
        );
    }
    if (summary) {
      const variants = Object.keys(summary.variants);
      const named = state.view === "compare" ? (state.compare ?? []) : [state.variant];
      for (const variant of named)
        if (variant !== null && !variants.includes(variant))
          problems.push(
            `The scenario has no variant ${JSON.stringify(clip(variant))} (${variants.length ? `its variants: ${variants.join(", ")}` : "it has none"}).`,
          );
    }
    return problems;
  }

  private showProblems(problems: readonly string[]): void {
    this.notice.hidden = problems.length === 0;
    this.notice.replaceChildren(
      ...(problems.length === 0
        ? []
        : [
            h("h2", {}, "This link cannot be opened as it is"),
            h("ul", {}, ...problems.map((p) => h("li", {}, p))),
            h("p", {}, "Nothing was run. Choose a scenario from the gallery, or ask for the link again."),
          ]),
    );
  }

  private show(view: View): void {
    document.body.dataset.view = view;
    for (const [name, element] of Object.entries(this.views)) element.hidden = name !== view;
    for (const [name, tab] of Object.entries(this.tabs)) {
      if (name === view) tab.setAttribute("aria-current", "page");
      else tab.removeAttribute("aria-current");
    }
  }

  private switchView(view: View): void {
    if (view === "compare" && this.tabs.compare.classList.contains("disabled")) return;
    const scenario = this.state.scenario ?? (this.state.source ? null : (SCENARIOS[0]?.name ?? null));
    const compare =
      view === "compare"
        ? (this.state.compare ?? defaultPair(Object.keys(this.summary()?.variants ?? {})))
        : this.state.compare;
    void this.go({ ...this.state, scenario, view, compare, run: false, lesson: null, step: null });
  }

  /** The run or compare view before anything runs: what the scenario is, and a Run button. */
  private idle(view: "run" | "compare"): void {
    const container = this.views[view];
    const summary = this.summary();
    const title = summary?.title || "Edited scenario";
    const { about, watch } = splitWatch(summary?.description ?? "");
    const labels = view === "compare" ? this.pairLabels() : [this.state.variant ?? this.state.scenario ?? "scenario"];
    container.replaceChildren(
      h(
        "div",
        { class: "run-heading" },
        h(
          "h2",
          {},
          title,
          view === "compare"
            ? h("span", { class: "subtitle" }, ` · ${labels[0]} vs ${labels[1]}`)
            : this.state.variant
              ? h("span", { class: "subtitle" }, ` · ${this.state.variant}`)
              : null,
        ),
        h(
          "details",
          {},
          h("summary", {}, "About this scenario"),
          h("p", {}, ...richText(about)),
          watch ? h("p", { class: "watch" }, h("strong", {}, "What to watch "), ...richText(watch)) : null,
        ),
      ),
      h(
        "div",
        { class: "run-placeholder" },
        h("p", {}, view === "compare" ? "Both variants run on the same seed and the same arrivals." : "Ready to run."),
        h("button", { type: "button", class: "button primary big", "data-run": "" }, "Run"),
      ),
    );
    container.querySelector("[data-run]")!.addEventListener("click", () => this.runFromControls());
  }

  private pairLabels(): [string, string] {
    const [a, b] = this.state.compare ?? [null, null];
    const what = this.state.overrides?.length ? " + what if" : "";
    const first = a ?? "as written";
    const second = `${b ?? "as written"}${what}`;
    return [first, second === first ? `${second} (2)` : second];
  }

  private runFromControls(): void {
    if (this.state.view === "editor") return void this.openEditor().then((editor) => editor.requestRun());
    if (this.text() === null) {
      this.picker.focus();
      return;
    }
    const seed = this.seed.value.trim() === "" ? null : Number(this.seed.value);
    const view = this.state.view === "compare" ? "compare" : "run";
    const compare: [string | null, string | null] | null =
      view === "compare" ? [this.variantA.value || null, this.variantB.value || null] : null;
    void this.go({
      ...this.state,
      view,
      seed,
      variant: view === "run" ? this.variant.value || null : null,
      compare,
      run: true,
    });
  }

  private openEditor(): Promise<ScenarioEditor> {
    this.editor ??= import("./panels/editor").then(({ ScenarioEditor }) => {
      const editor = new ScenarioEditor({
        run: (text, variant) => this.runText(text, { view: "run", variant, compare: null }),
        compare: (text, variants) => this.runText(text, { view: "compare", variant: null, compare: variants }),
      });
      this.views.editor.append(editor.element);
      return editor;
    });
    return this.editor;
  }

  /** Runs text from the editor: a bundled scenario's own text keeps its short link. */
  private runText(text: string, change: Pick<UrlState, "view" | "variant" | "compare">): void {
    const same = SCENARIOS.find((s) => s.text === text);
    void this.go({ ...this.state, ...change, scenario: same?.name ?? null, source: same ? null : text, run: true });
  }

  /**
   * Checks the run first, off this thread: the scenario, its variants and their work against the
   * limits the command line applies (sim/scenario/work-estimate.ts). Only then do the run's
   * workers start; what is wrong is shown in place instead.
   */
  private async startRuns(): Promise<void> {
    const text = this.text();
    if (text === null) return;
    const view = this.state.view === "compare" ? "compare" : "run";
    const variants = view === "compare" ? (this.state.compare ?? [null, null]) : [this.state.variant];
    const ticket = ++this.runsAsked;
    this.setRunning(true);
    const overrides = this.runOverrides(view);
    const checked = await this.checker.check({
      text,
      variants,
      seed: this.state.seed ?? undefined,
      overrides,
      files: traceFiles(),
    });
    // Cancelled, or another state applied, while it was being checked.
    if (ticket !== this.runsAsked || checked === null) return;
    const container = this.views[view];
    if (checked.errors.length > 0) {
      this.setRunning(false);
      for (const stale of container.querySelectorAll(".run-placeholder, .run-view, .run-errors")) stale.remove();
      container.append(runErrors(new ScenarioErrors(checked.errors)));
      return;
    }
    this.streamRuns(text, view, variants, overrides);
  }

  /**
   * Each run's what-if overrides: in compare view the second run is the first with the overrides
   * (the baseline beside the what-if, same seed); a single run takes them itself.
   */
  private runOverrides(view: "run" | "compare"): string[][] {
    const sets = (this.state.overrides ?? []).map(([path, value]) => `${path}=${value}`);
    return view === "compare" ? [[], sets] : [sets];
  }

  private streamRuns(
    text: string,
    view: "run" | "compare",
    variants: readonly (string | null)[],
    overrides: string[][],
  ): void {
    const labels = view === "compare" ? this.pairLabels() : [this.state.variant ?? this.state.scenario ?? "scenario"];
    const declared = this.summary()?.variants ?? {};
    const sets = Object.fromEntries(this.state.overrides ?? []);
    const lesson = this.state.lesson ? (lessonNamed(this.state.lesson)?.lesson ?? null) : null;
    const runView = new RunView({
      labels,
      overrides:
        view === "compare"
          ? [declared[variants[0] ?? ""] ?? {}, { ...(declared[variants[1] ?? ""] ?? {}), ...sets }]
          : undefined,
      lesson: view === "run" ? lesson : null,
      sources: variants.map((variant, k) => ({
        text,
        variant,
        seed: this.state.seed ?? undefined,
        overrides: overrides[k] ?? [],
        files: traceFiles(),
      })),
      step: (this.state.step ?? 1) - 1,
      whatIf: {
        current: this.state.overrides ?? [],
        // The baseline (this run's variant) beside the same with the overrides, on the same seed.
        run: (overrides) => {
          const base = view === "compare" ? (this.state.compare?.[0] ?? null) : this.state.variant;
          void this.go({
            ...this.state,
            view: overrides.length ? "compare" : "run",
            variant: overrides.length ? null : base,
            compare: overrides.length ? [base, base] : null,
            overrides,
            lesson: null,
            step: null,
            run: true,
          });
        },
      },
      onStep: (step) => {
        this.state = { ...this.state, step };
        void writeUrl(this.state).then((url) => history.replaceState(null, "", url));
      },
    });
    const container = this.views[view];
    container.querySelector(".run-placeholder")?.remove();
    container.querySelector(".run-view")?.remove();
    container.querySelector(".run-errors")?.remove();
    container.append(runView.element);
    this.setRunning(true);
    // For tools and tests that measure the page while it runs (long tasks, frame times).
    performance.mark("elbsim:run-start");
    const seed = this.state.seed ?? undefined;
    this.handles = variants.map((variant, k) =>
      startRun({ text, variant, seed, files: traceFiles(), overrides: overrides[k], dnsCaches: true }, () =>
        runView.schedule(),
      ),
    );
    const handles = this.handles;
    Promise.all(handles.map((hd) => hd.data)).then(
      (runs: RunData[]) => runView.show(runs),
      (e: unknown) => {
        for (const hd of handles) hd.cancel();
        runView.element.remove();
        container.append(runErrors(e));
      },
    );
    Promise.all(handles.map((hd) => hd.finished)).then(() => {
      performance.mark("elbsim:run-end");
      if (this.handles === handles) this.setRunning(false);
    });
  }

  private cancel(): void {
    this.runsAsked++;
    const focused = document.activeElement === this.cancelButton;
    for (const handle of this.handles) handle.cancel();
    this.handles = [];
    this.setRunning(false);
    if (focused) this.runButton.focus();
  }

  private setRunning(running: boolean): void {
    this.runButton.hidden = running;
    this.cancelButton.hidden = !running;
    document.body.classList.toggle("running", running);
  }
}

function runErrors(e: unknown): HTMLElement {
  const errors =
    e instanceof ScenarioErrors ? e.errors : [{ path: "(run)", message: e instanceof Error ? e.message : String(e) }];
  return h(
    "div",
    { class: "run-errors", role: "alert" },
    h("h3", {}, "This scenario cannot run"),
    h("ul", {}, ...errors.map((x) => h("li", {}, h("code", {}, x.path), " ", x.message))),
    h("p", {}, "Open it in the editor to see each problem on its line."),
  );
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function defaultPair(variants: string[]): [string | null, string | null] {
  return variants.length >= 2 ? [variants[0], variants[1]] : [null, variants[0] ?? null];
}
