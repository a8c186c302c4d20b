// The gallery: every bundled scenario with its title, what it shows and what to watch, and links
// that run it, compare its variants or open it in the editor.
import { h } from "../dom";
import type { BundledScenario } from "../scenarios";
import { lessonFor } from "../lessons/bundled";

/** The description's "Watch …" sentences apart from the rest; `lead` is the first two of the rest. */
export function splitWatch(description: string): { about: string; lead: string; more: string; watch: string } {
  const sentences = description
    .replace(/\s+/g, " ")
    .trim()
    .split(/(?<=[.!?])\s+(?=[A-Z(])/);
  const watch = sentences.filter((s) => /^(Watch|Look|See how|Notice)\b/.test(s));
  const rest = sentences.filter((s) => !watch.includes(s));
  return {
    about: rest.join(" "),
    lead: rest.slice(0, 2).join(" "),
    more: rest.slice(2).join(" "),
    watch: watch.join(" "),
  };
}

/** Text with `code` spans, as the scenario files write them. */
export function richText(text: string): (string | HTMLElement)[] {
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 === 1 ? h("code", {}, part) : part));
}

export function gallery(scenarios: readonly BundledScenario[]): HTMLElement {
  const cards = scenarios.map((s) => {
    const { lead, more, watch } = splitWatch(s.description);
    const variants = Object.keys(s.variants);
    const compare = variants.length >= 2;
    const lesson = lessonFor(s.name);
    // The pair the scenario's story contrasts, as its lesson names it; else its first two variants.
    const pair = lesson?.compare ?? [variants[0], variants[1]];
    const q = (extra: string) => `?scenario=${encodeURIComponent(s.name)}${extra}`;
    const actions = h(
      "div",
      { class: "card-actions" },
      compare
        ? h(
            "a",
            {
              class: "button primary",
              href: q(`&compare=${pair.map(encodeURIComponent).join(",")}&run=1`),
              "data-nav": "",
            },
            `Compare ${pair[0]} / ${pair[1]}`,
          )
        : null,
      lesson
        ? h(
            "a",
            {
              class: "button lesson-button",
              href: `?lesson=${encodeURIComponent(lesson.name)}`,
              "data-nav": "",
              title: lesson.title,
            },
            `Lesson · ${lesson.steps.length} steps`,
          )
        : null,
      h("a", { class: compare ? "button" : "button primary", href: q("&run=1"), "data-nav": "" }, "Run"),
      h("a", { class: "button quiet", href: q("&view=editor"), "data-nav": "" }, "Open in editor"),
    );
    return h(
      "article",
      { class: "scenario-card", "data-testid": "scenario-card", "data-scenario": s.name },
      h("div", { class: "scenario-head" }, h("h3", {}, s.title), h("code", { class: "scenario-name" }, s.name)),
      h(
        "ul",
        { class: "badges", "aria-label": "Facts" },
        h("li", {}, s.type),
        s.zones ? h("li", {}, `${s.zones} zone${s.zones === 1 ? "" : "s"}`) : null,
        s.duration ? h("li", {}, s.duration) : null,
        variants.length ? h("li", {}, `variants: ${variants.join(", ")}`) : null,
      ),
      h("p", { class: "about" }, ...richText(lead || "No description.")),
      more
        ? h(
            "details",
            { class: "more" },
            h("summary", {}, "More about it"),
            h("p", { class: "about" }, ...richText(more)),
          )
        : null,
      watch ? h("p", { class: "watch" }, h("strong", {}, "What to watch "), ...richText(watch)) : null,
      actions,
    );
  });
  return h(
    "section",
    { class: "gallery", "aria-labelledby": "gallery-title" },
    h(
      "div",
      { class: "gallery-intro" },
      h("h2", { id: "gallery-title" }, "Scenarios"),
      h(
        "p",
        {},
        "Each scenario replays traffic against a simulated Elastic Load Balancer: clients resolve its name in DNS, connect to a node in a zone, and the node routes each request to a target. Pick one to run; runs are deterministic, so a link reproduces one exactly.",
      ),
    ),
    h("div", { class: "scenario-grid" }, ...cards),
  );
}
