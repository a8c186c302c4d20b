// From text to a runnable Scenario (docs/design.md#scenario-files,
// docs/design.md#the-command-line): YAML or JSON; then the chosen variant, the
// --set overrides and --seed; then the schema, traffic traces, the type's defaults, references
// between parts, and `set` events. Every problem a user can cause
// comes back as a path and a message; nothing here throws for a bad file.
import type { RatePoint, Scenario, ScenarioError } from "./defaults";
import { resolveScenario } from "./defaults";
import { PARSE_OPTIONS, issuesToErrors } from "./issues";
import { parseAssignment } from "./overrides";
import { printable } from "./printable";
import { references } from "./references";
import { scenarioSchema } from "./schema";
import type { ScenarioInput } from "./schema";
import { parseText } from "./scenario-text";
import { type ReadFile, scenarioFiles, type TraceReader, traceReader, withClientTraces } from "./scenario-traces";
import { setEvents } from "./set-events";
import {
  addThresholds,
  apply,
  applyVariant,
  dedupe,
  isMapping,
  type Mapping,
  problemKey,
  relocate,
  type Source,
} from "./setting-sources";
import { variantCheckProblem } from "./work-estimate";

export interface LoadOptions {
  /** "yaml" (default; also parses JSON) or "json". */
  format?: "yaml" | "json";
  /** Variant name from the file's `variants`, applied before `overrides`. */
  variant?: string | null;
  /** "PATH=VALUE" strings (--set), applied in order after the variant. */
  overrides?: string[];
  /** Replaces the file's seed. */
  seed?: number;
  /** Thresholds (--threshold), checked after the file's own. */
  thresholds?: string[];
  /** Settings applied after the overrides (a sweep's point), each shown at its label when it is wrong. */
  assignments?: readonly { path: string; value: unknown; label: string }[];
  /**
   * Check the file's other variants too (default): false when they were checked already, as when
   * every variant of one file is loaded in turn.
   */
  otherVariants?: boolean;
  /**
   * Reads a trace file named in the scenario, given the name as written (the caller resolves it
   * relative to the scenario file and decides what may be read: trace-file.ts); absent → traces
   * are an error "trace files cannot be read here". It returns the text, or `{ problem }` saying
   * why the file may not be read; throwing means the file is missing. Both are reported at the path.
   */
  readFile?: ReadFile;
}

/** `raw` is the file as parsed, before the variant, overrides and seed: what `validateScenario` takes. */
export type LoadResult = { ok: true; scenario: Scenario; raw: unknown } | { ok: false; errors: ScenarioError[] };

export function loadScenario(text: string, options: LoadOptions = {}): LoadResult {
  const parsed = parseText(text, options.format ?? "yaml");
  return "errors" in parsed ? { ok: false, errors: parsed.errors } : validateScenario(parsed.value, options);
}

/** "path: message" lines as the CLI prints them, control characters escaped (a newline in a key is `\n`, not a line). */
export function formatErrors(errors: readonly ScenarioError[]): string[] {
  return errors.map((e) => `${printable(e.path)}: ${printable(e.message)}`);
}

/** Validates a plain object (already parsed) through the same path: schema, traces, resolveScenario, references. */
export function validateScenario(raw: unknown, options: Omit<LoadOptions, "format"> = {}): LoadResult {
  if (!isMapping(raw)) {
    return {
      ok: false,
      errors: [{ path: "(scenario)", message: "must be a mapping of settings (version, name, duration, …)" }],
    };
  }
  const traces = traceReader(options.readFile);
  const errors: ScenarioError[] = [];

  // The scenario to run: the file, its variant, the --set overrides, the seed.
  let scenario: unknown = raw;
  const sources: Source[] = [];
  const variants = isMapping(raw.variants) ? raw.variants : {};
  const name = options.variant;
  if (name != null) {
    const names = Object.keys(variants);
    if (!Object.hasOwn(variants, name)) {
      errors.push({
        path: "--variant",
        message: `no variant ${name} (${names.length ? `variants: ${names.join(", ")}` : "the scenario has no variants"})`,
      });
    } else if (isMapping(variants[name])) {
      scenario = applyVariant(scenario, name, variants[name], sources, errors);
    }
  }
  for (const text of options.overrides ?? []) {
    const assignment = parseAssignment(text);
    if (!assignment) {
      errors.push({ path: `--set ${text}`, message: "must be PATH=VALUE, such as loadBalancer.crossZone=false" });
      continue;
    }
    if ("error" in assignment) {
      errors.push({ path: `--set ${assignment.path}`, message: assignment.error });
      continue;
    }
    scenario = apply(scenario, assignment.path, assignment.value, `--set ${assignment.path}`, sources, errors);
  }
  for (const a of options.assignments ?? []) scenario = apply(scenario, a.path, a.value, a.label, sources, errors);
  scenario = addThresholds(scenario, options.thresholds ?? [], sources, errors);
  if (options.seed !== undefined) scenario = apply(scenario, "seed", options.seed, "--seed", sources, errors);
  const run = check(scenario, traces, true);
  errors.push(...run.errors.map((e) => relocate(e, sources)));

  // Every variant in the file, so `validate` catches a broken one before `compare` runs it. Only
  // the problems a variant adds are its own. So many that checking them would take too long is
  // a problem of its own.
  const others = options.otherVariants !== false;
  const tooMany = others ? variantCheckProblem(raw) : null;
  if (tooMany) errors.push(tooMany);
  const checked = others && !tooMany;
  const file = sources.length > 0 && checked ? check(raw, traces, true) : run;
  const fileProblems = new Set(file.errors.map(problemKey));
  for (const [other, body] of Object.entries(checked ? variants : {})) {
    if (other === name || !isMapping(body)) continue;
    const own: Source[] = [];
    const changed = applyVariant(raw, other, body, own, errors);
    for (const e of check(changed, traces, true).errors) {
      if (!fileProblems.has(problemKey(e))) errors.push(relocate(e, own, `variants.${other}`));
    }
  }

  const unique = dedupe(errors);
  return unique.length === 0 && run.scenario
    ? { ok: true, scenario: run.scenario, raw }
    : { ok: false, errors: unique };
}

/**
 * The schema, traces and defaults; with `timeline`, also the references and `set` values of
 * events (off when checking what a `set` changes, which has no timeline of its own).
 */
function check(raw: unknown, traces: TraceReader, timeline: boolean): { errors: ScenarioError[]; scenario?: Scenario } {
  const parsed = scenarioSchema.safeParse(raw, PARSE_OPTIONS);
  if (!parsed.success) return { errors: issuesToErrors(parsed.error.issues) };
  const errors: ScenarioError[] = [];
  const loaded = new Map<number, RatePoint[]>();
  const files = scenarioFiles(parsed.data, traces, errors);
  const input: ScenarioInput = {
    ...parsed.data,
    clients: withClientTraces(parsed.data, traces, errors, loaded),
  };
  const resolved = resolveScenario(input, files);
  errors.push(...resolved.errors);
  if (timeline) {
    errors.push(...references(resolved.scenario));
    const sets = setEvents(raw as Mapping, input, loaded, (state) => check(state, traces, false));
    errors.push(...sets.errors);
    resolved.scenario.settingsAfter = sets.settingsAfter;
  }
  return { errors, scenario: resolved.scenario };
}
