// The lesson player: above a run, one step at a time. At each step the time slider stands at the
// step's moment, the elements the step names are highlighted, its text is shown and, if it has
// one, its question ("What do you expect?") before the student plays on to the next step. A run
// still streaming is waited for. Each step has its own link (?lesson=NAME&step=K).
import { formatStopwatch } from "../../reports/format";
import { h } from "../dom";
import type { Timeline } from "../panels/timeline";
import type { Lesson, LessonStep } from "./lesson";

/** The elements a highlight name stands for, inside a run view. */
export function highlighted(root: ParentNode, name: string): Element[] {
  const [kind, id] = name.split(":");
  if (id !== undefined) {
    const selector = kind === "node" ? "g.node" : "g.target";
    return [...root.querySelectorAll(`[data-testid=flow] svg ${selector}`)].filter(
      (e) => (e as SVGGElement).dataset.id === id,
    );
  }
  const selector: Record<string, string> = {
    flow: ".flow-panel",
    "flow.clients": "[data-testid=flow] svg .box-clients",
    "flow.dns": "[data-testid=flow] svg .box-dns",
    "flow.nodes": "[data-testid=flow] svg g.nodes",
    "flow.targets": "[data-testid=flow] svg g.targets",
    "flow.errors": "[data-testid=flow] svg g.errors",
    cards: "section.cards",
    timeline: "section.timeline",
  };
  if (selector[name]) return [...root.querySelectorAll(selector[name])];
  if (name.startsWith("card.")) return [...root.querySelectorAll(`[data-card="${name.slice(5)}"]`)];
  if (name.startsWith("chart.")) return [...root.querySelectorAll(`[data-chart="${name.slice(6)}"]`)];
  return [];
}

export class LessonPlayer {
  readonly element: HTMLElement;
  private index = -1;
  /** The step asked for, shown once the run has reached its moment. */
  private pending: number | null;
  private readonly heading: HTMLElement;
  private readonly text: HTMLElement;
  private readonly question: HTMLElement;
  private readonly back: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private readonly status: HTMLElement;
  private root: ParentNode | null = null;

  constructor(
    private readonly lesson: Lesson,
    private readonly timeline: Timeline,
    first: number,
    private readonly onStep: (step: number) => void,
  ) {
    this.pending = Math.max(0, Math.min(lesson.steps.length - 1, first));
    this.heading = h("p", { class: "lesson-head" });
    this.text = h("p", { class: "lesson-text", "data-testid": "lesson-text" });
    this.question = h("p", { class: "lesson-question", "data-testid": "lesson-question", hidden: "" });
    this.status = h("p", { class: "lesson-status", role: "status" });
    this.back = h("button", { type: "button", class: "button quiet", "data-testid": "lesson-back" }, "◀ Back");
    this.next = h("button", { type: "button", class: "button primary", "data-testid": "lesson-next" }, "Play on ▶");
    this.element = h(
      "section",
      { class: "lesson", "aria-label": `Lesson: ${lesson.title}`, "data-testid": "lesson" },
      h("h2", { class: "lesson-title" }, lesson.title),
      this.heading,
      this.text,
      this.question,
      h("div", { class: "lesson-actions" }, this.back, this.next, this.status),
    );
    this.back.addEventListener("click", () => this.goTo(this.index - 1));
    this.next.addEventListener("click", () => this.playOn());
  }

  /** After each draw of the run view: a waiting step starts once its moment has arrived; highlights are put back. */
  update(root: ParentNode): void {
    this.root = root;
    if (this.pending !== null) {
      const step = this.lesson.steps[this.pending];
      if (this.timeline.seek(step.at)) {
        const k = this.pending;
        this.pending = null;
        this.show(k);
      } else this.status.textContent = `The run is getting to ${formatStopwatch(step.at)}…`;
    }
    this.highlight();
  }

  /** Goes to step k at once (the slider jumps to its moment). */
  goTo(k: number): void {
    if (k < 0 || k >= this.lesson.steps.length) return;
    this.pending = k;
    if (this.root) this.update(this.root);
  }

  /** Plays the run from this step's moment to the next one's, and stops there. */
  private playOn(): void {
    const k = this.index + 1;
    if (k >= this.lesson.steps.length) {
      this.goTo(0);
      return;
    }
    this.next.disabled = true;
    this.status.textContent = `Playing to ${formatStopwatch(this.lesson.steps[k].at)}…`;
    this.timeline.playTo(this.lesson.steps[k].at, () => this.show(k));
  }

  private show(k: number): void {
    const step: LessonStep = this.lesson.steps[k];
    this.index = k;
    const last = k === this.lesson.steps.length - 1;
    this.heading.textContent = `Step ${k + 1} of ${this.lesson.steps.length} · at ${formatStopwatch(step.at)}`;
    this.text.textContent = step.text;
    this.question.hidden = step.question === null;
    this.question.replaceChildren(...(step.question ? [h("strong", {}, "What do you expect? "), step.question] : []));
    this.back.disabled = k === 0;
    this.next.disabled = false;
    this.next.textContent = last ? "Start over" : step.question ? "Play on and see ▶" : "Play on ▶";
    this.status.textContent = "";
    this.element.dataset.step = String(k + 1);
    this.highlight();
    this.onStep(k + 1);
    // A step about charts only (they are below the flow): bring the first one into view. A step
    // that also points at the flow or the cards leaves the page where it is.
    const chart = step.highlight.find((name) => name.startsWith("chart."));
    const chartsOnly = step.highlight.every((name) => name.startsWith("chart."));
    if (chart && chartsOnly && this.root)
      highlighted(this.root, chart)[0]?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  /** Marks the current step's elements (again: the flow redraws its elements' classes). */
  private highlight(): void {
    if (!this.root) return;
    const names = this.index >= 0 ? this.lesson.steps[this.index].highlight : [];
    const wanted = new Set(names.flatMap((name) => highlighted(this.root!, name)));
    for (const e of this.root.querySelectorAll(".lesson-highlight"))
      if (!wanted.has(e)) e.classList.remove("lesson-highlight");
    for (const e of wanted) e.classList.add("lesson-highlight");
  }
}
