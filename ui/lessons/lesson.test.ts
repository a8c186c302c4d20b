import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { targetIds } from "../../sim/scenario/defaults";
import { loadScenario } from "../../sim/scenario/load";
import { summarize } from "../scenarios";
import { readLesson, type ScenarioFacts } from "./lesson";

const scenarios = new URL("../../scenarios/", import.meta.url);
const lessons = new URL("lessons/", scenarios);

/** A bundled scenario as the CLI loads it: its duration, variants and target ids. */
function facts(name: string): ScenarioFacts | undefined {
  let text: string;
  try {
    text = readFileSync(new URL(`${name}.yaml`, scenarios), "utf8");
  } catch {
    return undefined;
  }
  const loaded = loadScenario(text, { readFile: (f) => readFileSync(new URL(f, scenarios), "utf8") });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return {
    duration: loaded.scenario.duration,
    variants: Object.keys(summarize(text).variants),
    targets: targetIds(loaded.scenario.targets),
  };
}

describe("the bundled lessons", () => {
  const files = readdirSync(lessons).filter((f) => f.endsWith(".yaml"));

  it("exist for at least five bundled scenarios", () => {
    const named = new Set(
      files
        .map((f) => readLesson(f, readFileSync(new URL(f, lessons), "utf8"), facts))
        .flatMap((r) => (r.ok ? [r.lesson.scenario] : [])),
    );
    expect(named.size).toBeGreaterThanOrEqual(5);
  });

  for (const file of files)
    it(`${file} reads without a problem, its steps inside its scenario's run`, () => {
      const read = readLesson(file.slice(0, -5), readFileSync(new URL(file, lessons), "utf8"), facts);
      if (!read.ok) expect(read.problems).toEqual([]);
      else expect(read.lesson.steps.length).toBeGreaterThanOrEqual(3);
    });
});

describe("readLesson", () => {
  const known = (): ScenarioFacts => ({ duration: 600, variants: ["on", "off"], targets: ["a-1"] });

  it("gives one path: message per problem", () => {
    const read = readLesson(
      "bad",
      `scenario: x
title: ""
colour: red
compare: [on, sideways]
steps:
  - { at: 11m, text: too late }
  - { at: 1m, text: "", highlight: [chart.nope, target:z-9], question: 3 }
  - { at: 30s, text: backwards }
`,
      (name) => (name === "x" ? known() : undefined),
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.map((p) => p.path)).toEqual([
      "colour",
      "title",
      "compare.1",
      "steps.0.at",
      "steps.1.text",
      "steps.1.highlight.0",
      "steps.1.highlight.1",
      "steps.1.question",
      "steps.2.at",
    ]);
    expect(read.problems.find((p) => p.path === "steps.0.at")!.message).toBe("is after the scenario's end (600 s)");
  });

  it("names a scenario that does not exist, and a file that is not YAML", () => {
    const missing = readLesson("m", "scenario: nope\ntitle: t\nsteps: [{ at: 0s, text: t }]\n", () => undefined);
    expect(missing.ok ? [] : missing.problems).toEqual([
      { path: "scenario", message: 'there is no bundled scenario "nope"' },
    ]);
    const broken = readLesson("b", "steps: [", () => undefined);
    expect(broken.ok ? "" : broken.problems[0].path).toBe("(file)");
  });
});
