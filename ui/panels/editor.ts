// The scenario editor: YAML in a text area with line numbers, checked as you type with the same
// loader the CLI uses and the same work limits, on a thread of its own (checker.ts) a moment
// after the typing stops, so a megabyte of pasted YAML never blocks the page; each error is
// marked on its line and listed with its path. Only a valid scenario can be run. A file can be
// dropped on it, opened, or pasted. Edits are kept in the browser's local storage, per scenario, as
// they are typed: another tab, another scenario or a reload brings them back, and only "Discard
// edits" (after asking) or replacing the text with a file (after asking) drops them.
import { Checker } from "../checker";
import { h } from "../dom";
import { forgetDraft, readDraft, writeDraft } from "../editor/drafts";
import { addUserTrace, traceFiles, userTraces } from "../user-traces";
import { placeErrors, type PlacedError } from "../editor/error-lines";

export interface EditorActions {
  run(text: string, variant: string | null): void;
  compare(text: string, variants: [string, string]): void;
}

/** Pixels per line of the editor (styles.css: .editor-area's line-height). */
const LINE_HEIGHT = 20;

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
  private readonly numbers: HTMLElement;
  private readonly checker = new Checker();
  private errors: PlacedError[] = [];
  private variants: string[] = [];
  private timer = 0;
  private escaped = false;
  /** The line count the gutter shows. */
  private numbered = 0;
  /** Which scenario's text this is (its draft's key), and its text before any edit. */
  private key = "";
  private original = "";
  private readonly draftNote: HTMLElement;
  private readonly traceList: HTMLElement;
  /** The newest check: whether the text as it was then is valid. */
  private checked: Promise<boolean> = Promise.resolve(false);

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
    this.numbers = h("div", { class: "numbers" });
    this.gutter = h("div", { class: "editor-gutter", "aria-hidden": "true" }, this.numbers);
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
    const traceInput = h("input", {
      type: "file",
      accept: ".csv,.txt,text/csv",
      multiple: "",
      class: "visually-hidden",
      id: "editor-trace",
      "data-testid": "editor-trace",
    });
    const traceButton = h(
      "label",
      {
        for: "editor-trace",
        class: "button quiet",
        tabindex: "0",
        role: "button",
        title: "A CSV the scenario names (trace: traces/NAME.csv), kept in this browser",
      },
      "Add trace file…",
    );
    this.traceList = h("span", { class: "hint", "data-testid": "editor-traces" }, traceNames());
    traceInput.addEventListener("change", async () => {
      for (const f of traceInput.files ?? []) addUserTrace(f.name, await f.text());
      this.traceList.textContent = traceNames();
      void this.validate();
    });
    const discard = h(
      "button",
      { type: "button", class: "button quiet", "data-testid": "editor-discard" },
      "Discard edits",
    );
    this.draftNote = h(
      "p",
      { class: "editor-draft", "data-testid": "editor-draft", hidden: "" },
      "Your edits are kept in this browser (they come back after a reload). ",
      discard,
    );
    discard.addEventListener("click", () => {
      if (!confirm("Discard your edits and go back to the scenario as it was?")) return;
      forgetDraft(this.key);
      this.setText(this.original);
      this.draftNote.hidden = true;
    });
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
        traceButton,
        traceInput,
        this.traceList,
        h("label", { class: "inline-label" }, "Variant ", this.variant),
        this.runButton,
        this.compareButton,
      ),
      this.draftNote,
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
      if (f && this.mayReplace()) this.replaceText(await f.text());
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
      if (text && this.mayReplace()) this.replaceText(text);
    });
    this.errorList.addEventListener("click", (e) => {
      const line = (e.target as HTMLElement).closest<HTMLElement>("[data-line]")?.dataset.line;
      if (line) this.goToLine(Number(line));
    });
    this.runButton.addEventListener("click", () => void this.requestRun());
    this.compareButton.addEventListener("click", async () => {
      const text = this.textarea.value;
      if ((await this.settled()) && this.variants.length >= 2)
        this.actions.compare(text, [this.variants[0], this.variants[1]]);
    });
  }

  /** Runs the text if it is valid (the header's Run button, in the editor). */
  async requestRun(): Promise<void> {
    const text = this.textarea.value;
    if (await this.settled()) this.actions.run(text, this.variant.value || null);
    else this.errorList.querySelector("button")?.focus();
  }

  /** Whether the text as it is now is valid: checks it at once if a check is still waiting to start. */
  private settled(): Promise<boolean> {
    if (this.timer !== 0) this.validate();
    return this.checked;
  }

  get text(): string {
    return this.textarea.value;
  }

  setText(text: string): void {
    this.textarea.value = text;
    this.drawLines();
    void this.validate();
  }

  /**
   * Shows scenario `key`'s text: the edits kept for it, if any, else `original`. Nothing typed is
   * lost by opening another: each scenario's edits are kept under its own key.
   */
  open(key: string, original: string): void {
    if (key === this.key && original === this.original) return;
    this.key = key;
    this.original = original;
    const draft = readDraft(key);
    const edited = draft !== null && draft !== original;
    this.draftNote.hidden = !edited;
    this.setText(edited ? draft : original);
  }

  /** Asks before a file replaces edits that differ from the scenario as it was. */
  private mayReplace(): boolean {
    return this.textarea.value === this.original || confirm("Replace your edits with this file? They are not kept.");
  }

  private replaceText(text: string): void {
    this.setText(text);
    this.keepDraft();
  }

  private keepDraft(): void {
    const edited = this.textarea.value !== this.original;
    if (edited) writeDraft(this.key, this.textarea.value);
    else forgetDraft(this.key);
    this.draftNote.hidden = !edited;
  }

  private changed(): void {
    this.keepDraft();
    this.drawLines();
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.validate(), 300);
    this.status.textContent = "Checking…";
    this.status.className = "editor-status checking";
  }

  /** Checks the text as the CLI would, on the checking thread, and marks what is wrong. */
  validate(): Promise<boolean> {
    clearTimeout(this.timer);
    this.timer = 0;
    const text = this.textarea.value;
    this.runButton.disabled = true;
    this.compareButton.disabled = true;
    this.status.textContent = "Checking…";
    this.status.className = "editor-status checking";
    this.checked = this.checker.check({ text, variants: [null], files: traceFiles() }).then((result) => {
      // Replaced by a newer check, or the text changed since (its check is on the way): that one answers.
      if (result === null || text !== this.textarea.value) return false;
      this.show(text, result.errors, result.loaded);
      return result.errors.length === 0;
    });
    return this.checked;
  }

  private show(
    text: string,
    errors: { path: string; message: string }[],
    loaded: { name: string; zones: number; targets: number; variants: string[] } | null,
  ): void {
    const ok = errors.length === 0 && loaded !== null;
    this.errors = ok ? [] : placeErrors(text, errors);
    this.variants = loaded?.variants ?? [];
    const chosen = this.variant.value;
    this.variant.replaceChildren(
      h("option", { value: "" }, "as written"),
      ...this.variants.map((v) => h("option", { value: v }, v)),
    );
    if (this.variants.includes(chosen)) this.variant.value = chosen;
    this.runButton.disabled = !ok;
    this.compareButton.disabled = !ok || this.variants.length < 2;
    this.compareButton.hidden = this.variants.length < 2;
    this.status.textContent =
      ok && loaded
        ? `Valid: ${loaded.name}, ${loaded.zones} zone(s), ${loaded.targets} targets.`
        : `${this.errors.length} problem${this.errors.length === 1 ? "" : "s"}: fix ${this.errors.length === 1 ? "it" : "them"} to run the scenario.`;
    this.status.className = ok ? "editor-status ok" : "editor-status bad";
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

  /**
   * Line numbers as one text, redrawn only when the count changes, and a mark on each line with a
   * problem: a long text costs the page one text node, not an element per line.
   */
  private drawLines(): void {
    const text = this.textarea.value;
    let count = 1;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
    if (count !== this.numbered) {
      this.numbers.textContent = Array.from({ length: count }, (_, i) => i + 1).join("\n");
      this.numbered = count;
    }
    const bad = new Map<number, string>();
    for (const e of this.errors)
      if (e.line !== null) bad.set(e.line, `${bad.has(e.line) ? `${bad.get(e.line)}\n` : ""}${e.path}: ${e.message}`);
    const top = (line: number) => `top: ${(line - 1) * LINE_HEIGHT}px`;
    this.gutter.replaceChildren(
      this.numbers,
      ...[...bad].map(([line, title]) => h("div", { class: "bad", title, style: top(line) }, String(line))),
    );
    // The message sits at the right end of its line, in place.
    this.backdrop.replaceChildren(
      ...[...bad].map(([line, title]) =>
        h("div", { class: "bad-line", style: top(line) }, h("span", {}, title.split("\n")[0])),
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

/** The user's trace files, as the toolbar lists them. */
function traceNames(): string {
  const names = Object.keys(userTraces());
  return names.length ? `traces: ${names.map((n) => `traces/${n}`).join(", ")}` : "";
}
