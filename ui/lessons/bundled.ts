// The bundled lessons (scenarios/lessons/*.yaml), built into the site so they work offline, each
// read and checked against the bundled scenario it names. A lesson with problems is kept with
// them, so the page can show what is wrong instead of the lesson.
import { parseDuration } from "../../sim/scenario/units";
import { bundled } from "../scenarios";
import { readLesson, type Lesson, type Problem, type ScenarioFacts } from "./lesson";

const files = import.meta.glob<string>("../../scenarios/lessons/*.yaml", {
  query: "?raw",
  import: "default",
  eager: true,
});

export type BundledLesson = { name: string; lesson: Lesson | null; problems: Problem[] };

/** What the page knows of a bundled scenario without loading it: its duration and variants. */
export function bundledFacts(name: string): ScenarioFacts | undefined {
  const s = bundled(name);
  if (!s) return undefined;
  return { duration: parseDuration(s.duration) ?? Number.POSITIVE_INFINITY, variants: Object.keys(s.variants) };
}

export const LESSONS: BundledLesson[] = Object.entries(files)
  .map(([path, text]) => {
    const name = path.slice(path.lastIndexOf("/") + 1, -".yaml".length);
    const read = readLesson(name, text, bundledFacts);
    return read.ok ? { name, lesson: read.lesson, problems: [] } : { name, lesson: null, problems: read.problems };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

export function lessonNamed(name: string | null): BundledLesson | undefined {
  return LESSONS.find((l) => l.name === name);
}

/** The lesson for a scenario (the first that names it). */
export function lessonFor(scenario: string): Lesson | undefined {
  return LESSONS.find((l) => l.lesson?.scenario === scenario)?.lesson ?? undefined;
}
