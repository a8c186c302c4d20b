// The scenario editor: YAML in a text area with line numbers, checked as you type with the same
// loader the CLI uses; each error is marked on its line and listed with its path. Only a valid
// scenario can be run. A file can be dropped on it, opened, or pasted.
import { loadScenario } from "../../sim/scenario/load";
import { h } from "../dom";
import { placeErrors, type PlacedError } from "../editor/error-lines";
import { TRACES } from "../scenarios";

export interface EditorActions {
  run(text: string, variant: string | null): void;
  compare(text: string, variants: [string, string]): void;
}

export class ScenarioEditor {
  readonly element: HTMLElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly gutter: HTMLElement;
  private readonly backdrop: HTMLElement;
  private readonly errorList: HTMLElement;
  private readonly status: HTMLElement;
  private readonly runButton: HTMLButtonElement;
  private readonly compareButton: HTMLButtonElement;
  private readonly variant: HTMLSelectElement;
  private errors: PlacedError[] = [];
  private variants: string[] = [];
  private timer = 0;
  private escaped = false;

  constructor(private readonly actions: EditorActions) {
    this.textarea = h("textarea", {
      class: "editor-text",
      spellcheck: "false",
      autocapitalize: "off",
      autocomplete: "off",
      wrap: "off",
      "aria-label": "Scenario (YAML)",
      "aria-describedby": "editor-status",
      "data-testid": "editor",
    });
    this.gutter = h("div", { class: "editor-gutter", "aria-hidden": "true" });
    this.backdrop = h("div", { class: "editor-backdrop", "aria-hidden": "true" });
    this.errorList = h("ol", { class: "editor-errors", "data-testid": "editor-errors" });
    this.status = h("p", { class: "editor-status", id: "editor-status", role: "status" });
    this.runButton = h("button", { type: "button", class: "button primary", "data-testid": "editor-run" }, "Run");
    this.compareButton = h("button", { type: "button", class: "button" }, "Compare variants");
    this.variant = h("select", { "aria-label": "Variant to run" });
    const file = h("input", {
      type: "file",
      accept: ".yaml,.yml,.json,text/yaml,application/json",
      class: "visually-hidden",
      id: "editor-file",
    });
    const open = h("label", { for: "editor-file", class: "button quiet", tabindex: "0", role: "button" }, "Open file…");
    const area = h(
      "div",
      { class: "editor-area" },
      this.gutter,
      h("div", { class: "editor-scroll" }, this.backdrop, this.textarea),
    );
    this.element = h(
      "section",
      { class: "editor", "aria-label": "Scenario editor" },
      h(
        "div",
        { class: "editor-toolbar" },
        h("h2", {}, "Scenario editor"),
        h("span", { class: "hint" }, "Edit, paste, or drop a .yaml file here"),
        h("span", { class: "spacer" }),
        open,
        file,
        h("label", { class: "inline-label" }, "Variant ", this.variant),
        this.runButton,
        this.compareButton,
      ),
      area,
      this.status,
      this.errorList,
    );

    this.textarea.addEventListener("input", () => this.changed());
    this.textarea.addEventListener("scroll", () => this.syncScroll());
    this.textarea.addEventListener("keydown", (e) => {
      // Tab indents (two spaces); Escape then Tab leaves the editor, as in most code editors.
      if (e.key === "Tab" && !e.shiftKey && !this.escaped) {
        e.preventDefault();
        document.execCommand("insertText", false, "  ");
      }
      this.escaped = e.key === "Escape";
    });
    open.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        file.click();
      }
    });
    file.addEventListener("change", async () => {
      const f = file.files?.[0];
      if (f) this.setText(await f.text());
    });
    area.addEventListener("dragover", (e) => {
      e.preventDefault();
      area.classList.add("dropping");
    });
    area.addEventListener("dragleave", () => area.classList.remove("dropping"));
    area.addEventListener("drop", async (e) => {
      e.preventDefault();
      area.classList.remove("dropping");
      const f = e.dataTransfer?.files[0];
      const text = f ? await f.text() : e.dataTransfer?.getData("text/plain");
      if (text) this.setText(text);
    });
    this.errorList.addEventListener("click", (e) => {
      const line = (e.target as HTMLElement).closest<HTMLElement>("[data-line]")?.dataset.line;
      if (line) this.goToLine(Number(line));
    });
    this.runButton.addEventListener("click", () => {
      if (this.errors.length === 0) this.actions.run(this.textarea.value, this.variant.value || null);
    });
    this.compareButton.addEventListener("click", () => {
      if (this.errors.length === 0 && this.variants.length >= 2)
        this.actions.compare(this.textarea.value, [this.variants[0], this.variants[1]]);
    });
  }

  /** Runs the text if it is valid (the header's Run button, in the editor). */
  requestRun(): void {
    this.validate();
    if (this.errors.length === 0) this.actions.run(this.textarea.value, this.variant.value || null);
    else this.errorList.querySelector("button")?.focus();
  }

  get text(): string {
    return this.textarea.value;
  }

  setText(text: string): void {
    this.textarea.value = text;
    this.validate();
  }

  private changed(): void {
    this.drawLines();
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.validate(), 200);
  }

  /** Checks the text as the CLI would, and marks what is wrong. */
  validate(): void {
    const text = this.textarea.value;
    const loaded = loadScenario(text, { readFile: (name) => readTrace(name) });
    this.errors = loaded.ok ? [] : placeErrors(text, loaded.errors);
    this.variants = loaded.ok ? Object.keys(loaded.scenario.variants) : [];
    const chosen = this.variant.value;
    this.variant.replaceChildren(
      h("option", { value: "" }, "as written"),
      ...this.variants.map((v) => h("option", { value: v }, v)),
    );
    if (this.variants.includes(chosen)) this.variant.value = chosen;
    this.runButton.disabled = !loaded.ok;
    this.compareButton.disabled = !loaded.ok || this.variants.length < 2;
    this.compareButton.hidden = this.variants.length < 2;
    this.status.textContent = loaded.ok
      ? `Valid: ${loaded.scenario.name}, ${loaded.scenario.zones.length} zone(s), ${loaded.scenario.targets.reduce((a, t) => a + t.count, 0)} targets.`
      : `${this.errors.length} problem${this.errors.length === 1 ? "" : "s"}: fix ${this.errors.length === 1 ? "it" : "them"} to run the scenario.`;
    this.status.className = loaded.ok ? "editor-status ok" : "editor-status bad";
    this.errorList.replaceChildren(
      ...this.errors.map((e) =>
        h(
          "li",
          e.line !== null ? { "data-line": String(e.line) } : {},
          e.line !== null
            ? h("button", { type: "button", class: "line-link", "data-line": String(e.line) }, `line ${e.line}`)
            : h("span", { class: "line-link" }, "—"),
          h("code", {}, e.path),
          h("span", {}, e.message.replace(/^line \d+, column \d+: /, "")),
        ),
      ),
    );
    this.drawLines();
  }

  private drawLines(): void {
    const lines = this.textarea.value.split("\n");
    const bad = new Map<number, string>();
    for (const e of this.errors)
      if (e.line !== null) bad.set(e.line, `${bad.has(e.line) ? `${bad.get(e.line)}\n` : ""}${e.path}: ${e.message}`);
    this.gutter.replaceChildren(
      ...lines.map((_, i) => h("div", bad.has(i + 1) ? { class: "bad", title: bad.get(i + 1)! } : {}, String(i + 1))),
    );
    // The message sits at the right end of its line, in place.
    this.backdrop.replaceChildren(
      ...lines.map((_, i) =>
        bad.has(i + 1)
          ? h("div", { class: "bad-line" }, h("span", {}, bad.get(i + 1)!.split("\n")[0]))
          : h("div", {}, "\u200b"),
      ),
    );
    this.syncScroll();
  }

  private syncScroll(): void {
    this.gutter.scrollTop = this.textarea.scrollTop;
    this.backdrop.style.transform = `translateY(${-this.textarea.scrollTop}px)`;
  }

  private goToLine(line: number): void {
    const lines = this.textarea.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((a, l) => a + l.length + 1, 0);
    this.textarea.focus();
    this.textarea.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    const lineHeight = parseFloat(getComputedStyle(this.textarea).lineHeight) || 20;
    this.textarea.scrollTop = Math.max(0, (line - 4) * lineHeight);
  }
}

export function readTrace(name: string): string {
  const text = TRACES[name] ?? TRACES[name.replace(/^\.\//, "")];
  if (text === undefined) throw new Error(`no file ${name}`);
  return text;
}
