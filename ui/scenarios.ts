// The bundled scenarios (scenarios/*.yaml) and the trace files they may name, built into the site,
// and what the page shows of any scenario's text before it is validated.
import { parse } from "yaml";

const files = import.meta.glob<string>("../scenarios/*.yaml", { query: "?raw", import: "default", eager: true });
const traceFiles = import.meta.glob<string>("../scenarios/traces/*.csv", {
  query: "?raw",
  import: "default",
  eager: true,
});

/** A scenario as the gallery and the header show it, read leniently: a broken file still has one. */
export interface ScenarioSummary {
  title: string;
  description: string;
  seed: number;
  type: string;
  zones: number;
  duration: string;
  /** Each variant's settings, as written. */
  variants: Record<string, Record<string, unknown>>;
}

export interface BundledScenario extends ScenarioSummary {
  /** The file name without .yaml: what `?scenario=` names. */
  name: string;
  text: string;
}

/** Trace files by the names a scenario uses (`traces/spike.csv`, or the bare file name). */
export const TRACES: Record<string, string> = {};
for (const [path, text] of Object.entries(traceFiles)) {
  const file = path.slice(path.lastIndexOf("/") + 1);
  TRACES[`traces/${file}`] = text;
  TRACES[`./traces/${file}`] = text;
  TRACES[file] = text;
}

export const SCENARIOS: BundledScenario[] = Object.entries(files)
  .map(([path, text]) => {
    const name = path.slice(path.lastIndexOf("/") + 1, -".yaml".length);
    const summary = summarize(text);
    return { ...summary, name, text, title: summary.title || name };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

export function bundled(name: string | null): BundledScenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

export function summarize(text: string): ScenarioSummary {
  let doc: Record<string, unknown> = {};
  try {
    const parsed: unknown = parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) doc = parsed as Record<string, unknown>;
  } catch {
    // The editor shows what is wrong; here the scenario just has no title.
  }
  const lb = isMapping(doc.loadBalancer) ? doc.loadBalancer : {};
  const variants = isMapping(doc.variants) ? doc.variants : {};
  return {
    title: typeof doc.title === "string" ? doc.title : "",
    description: typeof doc.description === "string" ? doc.description.trim() : "",
    seed: typeof doc.seed === "number" ? doc.seed : 1,
    type: typeof lb.type === "string" ? lb.type : "application",
    zones: Array.isArray(doc.zones) ? doc.zones.length : 0,
    duration: typeof doc.duration === "string" || typeof doc.duration === "number" ? String(doc.duration) : "",
    variants: Object.fromEntries(Object.entries(variants).map(([k, v]) => [k, isMapping(v) ? v : {}])),
  };
}

function isMapping(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** A trace file a scenario names, from the bundled ones; a missing one throws (the loader reports it). */
export function readTrace(name: string): string {
  const text = TRACES[name] ?? TRACES[name.replace(/^\.\//, "")];
  if (text === undefined) throw new Error(`no file ${name}`);
  return text;
}
