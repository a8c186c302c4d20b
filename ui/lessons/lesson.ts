// A guided lesson: data beside its scenario (scenarios/lessons/NAME.yaml), read and checked here.
// Steps have a time, a short text, the dashboard elements to highlight and an optional question
// to think about before playing on. A lesson may also name the variant to run and the pair of
// variants its scenario's Compare opens. Bad input gives one `path: message` per problem, as
// the scenario loader does. DOM-free, so it is tested in Node.
import { parse } from "yaml";
import { parseDuration } from "../../sim/scenario/units";

export interface LessonStep {
  /** Simulated seconds at which the player stops. */
  at: number;
  text: string;
  highlight: string[];
  question: string | null;
}

export interface Lesson {
  name: string;
  scenario: string;
  title: string;
  variant: string | null;
  compare: [string, string] | null;
  steps: LessonStep[];
}

export interface Problem {
  path: string;
  message: string;
}

/** What a lesson may highlight: the flow's columns, each card, the timeline, each chart, a node or target by id. */
export const HIGHLIGHTS = [
  "flow",
  "flow.clients",
  "flow.dns",
  "flow.nodes",
  "flow.targets",
  "flow.errors",
  "cards",
  "card.requests",
  "card.errors",
  "card.p99",
  "card.spillover",
  "timeline",
  "chart.zones",
  "chart.targets",
  "chart.errors",
  "chart.latency",
  "chart.clients",
  "chart.nodes",
  "chart.health",
] as const;

/** What a lesson's checks need to know of its scenario. */
export interface ScenarioFacts {
  duration: number;
  variants: string[];
  /** Target ids, when known (the browser's lenient read does not know them; the tests do). */
  targets?: string[];
}

const KEYS = new Set(["scenario", "title", "variant", "compare", "steps"]);
const STEP_KEYS = new Set(["at", "text", "highlight", "question"]);

/**
 * Reads lesson `name` from its YAML text; `facts` looks up the scenario it names (undefined when
 * there is none), so times, variants and highlighted ids are checked against it.
 */
export function readLesson(
  name: string,
  text: string,
  facts: (scenario: string) => ScenarioFacts | undefined,
): { ok: true; lesson: Lesson } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const bad = (path: string, message: string) => problems.push({ path, message });
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return { ok: false, problems: [{ path: "(file)", message: e instanceof Error ? e.message : String(e) }] };
  }
  if (!isMapping(doc)) return { ok: false, problems: [{ path: "(file)", message: "must be a mapping" }] };
  for (const key of Object.keys(doc)) if (!KEYS.has(key)) bad(key, `unknown setting (known: ${[...KEYS].join(", ")})`);
  const scenario = typeof doc.scenario === "string" ? doc.scenario : "";
  if (!scenario) bad("scenario", "must name a bundled scenario");
  const known = scenario ? facts(scenario) : undefined;
  if (scenario && !known) bad("scenario", `there is no bundled scenario ${JSON.stringify(scenario)}`);
  const title = typeof doc.title === "string" ? doc.title.trim() : "";
  if (!title) bad("title", "must be a short text");
  let variant: string | null = null;
  if (doc.variant !== undefined) {
    if (typeof doc.variant !== "string") bad("variant", "must be a variant's name");
    else if (known && !known.variants.includes(doc.variant))
      bad(
        "variant",
        `the scenario has no variant ${JSON.stringify(doc.variant)} (its variants: ${known.variants.join(", ") || "none"})`,
      );
    else variant = doc.variant;
  }
  let compare: [string, string] | null = null;
  if (doc.compare !== undefined) {
    const pair = doc.compare;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => typeof v === "string"))
      bad("compare", "must be two variants' names, [a, b]");
    else {
      pair.forEach((v, i) => {
        if (known && !known.variants.includes(v))
          bad(`compare.${i}`, `the scenario has no variant ${JSON.stringify(v)}`);
      });
      compare = [pair[0], pair[1]];
    }
  }
  const steps: LessonStep[] = [];
  if (!Array.isArray(doc.steps) || doc.steps.length === 0) bad("steps", "must be a list of at least one step");
  else
    doc.steps.forEach((raw: unknown, i: number) => {
      const at = `steps.${i}`;
      if (!isMapping(raw)) {
        bad(at, "must be a mapping with at, text and highlight");
        return;
      }
      for (const key of Object.keys(raw))
        if (!STEP_KEYS.has(key)) bad(`${at}.${key}`, `unknown setting (known: ${[...STEP_KEYS].join(", ")})`);
      const time = typeof raw.at === "string" || typeof raw.at === "number" ? parseDuration(raw.at) : null;
      const before = problems.length;
      if (time === null || time < 0) bad(`${at}.at`, "must be a time such as 5m or 90s");
      else if (known && time > known.duration) bad(`${at}.at`, `is after the scenario's end (${known.duration} s)`);
      else if (steps.length > 0 && time < steps[steps.length - 1].at)
        bad(`${at}.at`, "must not come before the step above it");
      const timed = problems.length === before;
      const body = typeof raw.text === "string" ? raw.text.trim() : "";
      if (!body) bad(`${at}.text`, "must be a short text");
      else if (body.length > 600) bad(`${at}.text`, `must be short (at most 600 characters, got ${body.length})`);
      const highlight: string[] = [];
      if (raw.highlight !== undefined) {
        const list = Array.isArray(raw.highlight) ? raw.highlight : [raw.highlight];
        list.forEach((h: unknown, k: number) => {
          const problem = highlightProblem(h, known);
          if (problem) bad(`${at}.highlight.${k}`, problem);
          else highlight.push(h as string);
        });
      }
      let question: string | null = null;
      if (raw.question !== undefined) {
        if (typeof raw.question !== "string" || !raw.question.trim()) bad(`${at}.question`, "must be a short text");
        else question = raw.question.trim();
      }
      if (timed && time !== null) steps.push({ at: time, text: body, highlight, question });
    });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, lesson: { name, scenario, title, variant, compare, steps } };
}

function highlightProblem(h: unknown, known: ScenarioFacts | undefined): string | null {
  if (typeof h !== "string")
    return "must be a name such as flow.nodes, card.errors, chart.latency, node:a-n1 or target:a-1";
  if ((HIGHLIGHTS as readonly string[]).includes(h)) return null;
  const [kind, id] = h.split(":");
  if (kind === "target" && id)
    return !known?.targets || known.targets.includes(id) ? null : `the scenario has no target ${id}`;
  if (kind === "node" && id) return null; // nodes are launched as the run goes: any id may come
  return `unknown element ${JSON.stringify(h)} (known: ${HIGHLIGHTS.join(", ")}, node:ID, target:ID)`;
}

function isMapping(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
