// From text to a runnable Scenario (docs/design.md#scenario-files,
// docs/design.md#the-command-line): YAML or JSON; then the chosen variant, the
// --set overrides and --seed; then the schema, traffic traces, the type's defaults, references
// between parts, and `set` events. Every problem a user can cause
// comes back as a path and a message; nothing here throws for a bad file.
import type { YAMLError } from "yaml";
import { parseDocument } from "yaml";
import type { ParsedArrivals } from "./arrivals";
import type { LoadBalancerSettings, ObservedData, RatePoint, Scenario, ScenarioError, ScenarioFiles } from "./defaults";
import { resolveScenario } from "./defaults";
import { targetIds } from "./target-groups";
import { PARSE_OPTIONS, issuesToErrors, unknownSetting } from "./issues";
import { keepExactIntegers } from "./exact-integers";
import { applyOverride, parseAssignment } from "./overrides";
import { printable } from "./printable";
import type { ScenarioInput } from "./schema";
import { COUNT, EVENT_TYPES, scenarioSchema } from "./schema";
import { parseArrivals } from "./arrivals";
import { parseObserved } from "./observed";
import { type EmpiricalSpec, parseEmpirical } from "./service-time";
import { parseTrace } from "./trace";
import { thresholdProblem } from "../metrics/thresholds";
import { variantCheckProblem } from "./work-estimate";
import { planSweep } from "./sweep";

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
  readFile?: (path: string) => string | { problem: string };
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

function parseText(text: string, format: "yaml" | "json"): { value: unknown } | { errors: ScenarioError[] } {
  const where = `(${format})`;
  const doc = parseDocument(text, {
    uniqueKeys: true,
    prettyErrors: true,
    ...(format === "json" ? { schema: "json" } : {}),
  });
  if (doc.errors.length > 0) {
    // One error per line: the library often reports a second, consequent one at the same place.
    const lines = new Map<number | undefined, ScenarioError>();
    for (const e of doc.errors)
      if (!lines.has(e.linePos?.[0].line))
        lines.set(e.linePos?.[0].line, { path: where, message: yamlMessage(e, text) });
    return { errors: [...lines.values()] };
  }
  keepExactIntegers(doc);
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (e) {
    return { errors: [{ path: where, message: e instanceof Error ? e.message : String(e) }] };
  }
  return value === null || value === undefined ? { errors: [{ path: "(file)", message: "is empty" }] } : { value };
}

/** `line 7, column 3: <the library's first line>`, without the position it repeats. */
function yamlMessage(error: YAMLError, text: string): string {
  let message = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  if (error.code === "DUPLICATE_KEY") {
    const key = /^\s*("[^"]*"|'[^']*'|[^:,{}[\]]*?)\s*:/.exec(text.slice(error.pos[0]));
    if (key) message = `duplicate key ${key[1]}`;
  }
  const at = error.linePos?.[0];
  return at ? `line ${at.line}, column ${at.col}: ${message}` : message;
}

type Mapping = Record<string, unknown>;

function isMapping(x: unknown): x is Mapping {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Where a changed setting came from, so its errors point there (`--set PATH`, `variants.NAME.PATH`). */
interface Source {
  path: string;
  label: string;
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

/** --threshold adds to the file's thresholds, each shown at its own flag when it is wrong. */
function addThresholds(raw: unknown, texts: readonly string[], sources: Source[], errors: ScenarioError[]): unknown {
  if (texts.length === 0 || !isMapping(raw)) return raw;
  if (raw.thresholds !== undefined && !Array.isArray(raw.thresholds)) return raw;
  let scenario: unknown = raw.thresholds === undefined ? { ...raw, thresholds: [] } : raw;
  const written = (raw.thresholds as unknown[] | undefined)?.length ?? 0;
  texts.forEach((text, i) => {
    scenario = apply(scenario, `thresholds.${written + i}`, text, `--threshold ${text}`, sources, errors);
  });
  return scenario;
}

function applyVariant(raw: unknown, name: string, body: Mapping, sources: Source[], errors: ScenarioError[]): unknown {
  let scenario = raw;
  for (const [path, value] of Object.entries(body))
    scenario = apply(scenario, path, value, `variants.${name}.${path}`, sources, errors);
  return scenario;
}

function apply(
  raw: unknown,
  path: string,
  value: unknown,
  label: string,
  sources: Source[],
  errors: ScenarioError[],
): unknown {
  const result = applyOverride(raw, path, value);
  if (!result.ok) {
    errors.push({ path: label, message: result.message });
    return raw;
  }
  sources.push({ path, label });
  return result.value;
}

/**
 * An error at a path some override set is shown at the override (`--set loadBalancer.crossZone`);
 * a later override wins. Others stay where they are, or, given `fallback`, are shown there with
 * their own path in the message.
 */
function relocate(error: ScenarioError, sources: readonly Source[], fallback?: string): ScenarioError {
  for (let k = sources.length - 1; k >= 0; k--) {
    const { path, label } = sources[k];
    if (error.path === path) return { path: label, message: error.message };
    if (error.path.startsWith(`${path}.`))
      return { path: label + error.path.slice(path.length), message: error.message };
  }
  return fallback ? { path: fallback, message: `${error.path}: ${error.message}` } : error;
}

const problemKey = (e: ScenarioError) => `${e.path}\n${e.message}`;

function dedupe(errors: readonly ScenarioError[]): ScenarioError[] {
  const unique = new Map<string, ScenarioError>();
  for (const e of errors) if (!unique.has(problemKey(e))) unique.set(problemKey(e), e);
  return [...unique.values()];
}

type LineErrors = { line: number; message: string }[];

/**
 * Reads each file a scenario names once per load, and parses it once per way of reading it
 * (`kind`): a trace, an arrivals trace, service times, observed buckets.
 */
type TraceReader = <T>(
  name: string,
  kind: string,
  parse: (text: string) => T & { errors: LineErrors },
) => (T & { errors: LineErrors }) | { missing: string };

function traceReader(readFile: LoadOptions["readFile"]): TraceReader {
  const texts = new Map<string, string | { missing: string }>();
  const parsed = new Map<string, unknown>();
  const text = (name: string): string | { missing: string } => {
    let read = texts.get(name);
    if (read === undefined) {
      if (!readFile) read = { missing: "trace files cannot be read here" };
      else {
        try {
          const got = readFile(name);
          read = typeof got === "string" ? got : { missing: got.problem };
        } catch {
          read = { missing: `file ${name} not found` };
        }
      }
      texts.set(name, read);
    }
    return read;
  };
  return (name, kind, parse) => {
    const key = `${kind}\n${name}`;
    if (!parsed.has(key)) {
      const read = text(name);
      parsed.set(key, typeof read === "string" ? parse(read) : read);
    }
    return parsed.get(key) as never;
  };
}

const MAX_TRACE_ERRORS = 10;

/** A file's problems at the path that names it: the first few, then how many more. */
function fileErrors(path: string, read: { errors: LineErrors } | { missing: string }): ScenarioError[] {
  if ("missing" in read) return [{ path, message: read.missing }];
  const errors = read.errors.slice(0, MAX_TRACE_ERRORS).map((e) => ({ path, message: `line ${e.line}: ${e.message}` }));
  const more = read.errors.length - MAX_TRACE_ERRORS;
  if (more > 0) errors.push({ path, message: `and ${more} more bad line${more === 1 ? "" : "s"}` });
  return errors;
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
    clients: parsed.data.clients.map((group, i) => {
      if (typeof group.users === "object" && !Array.isArray(group.users)) {
        // Closed-loop users from a trace of `time,users` (docs/design.md#closed-loop-users).
        const path = `clients.${i}.users.trace`;
        const trace = traces(group.users.trace, "users", (text) => parseTrace(text, USERS_COLUMN));
        errors.push(...fileErrors(path, trace));
        const points = "points" in trace && trace.points.length > 0 ? trace.points : [{ at: 0, rps: 0 }];
        return { ...group, users: points.map((p) => ({ at: p.at, users: p.rps })) };
      }
      if (typeof group.rate !== "object" || Array.isArray(group.rate)) return group;
      const path = `clients.${i}.rate.trace`;
      const trace = traces(group.rate.trace, "rate", parseTrace);
      errors.push(...fileErrors(path, trace));
      // A trace that cannot be read still lets the rest of the scenario be checked.
      const points = "points" in trace && trace.points.length > 0 ? trace.points : [{ at: 0, rps: 0 }];
      loaded.set(i, points);
      return { ...group, rate: points };
    }),
  };
  const resolved = resolveScenario(input, files);
  errors.push(...resolved.errors);
  if (timeline) {
    errors.push(...references(resolved.scenario));
    const sets = setEvents(raw as Mapping, input, loaded, traces);
    errors.push(...sets.errors);
    resolved.scenario.settingsAfter = sets.settingsAfter;
  }
  return { errors, scenario: resolved.scenario };
}

/** A users trace's second column: as many users as a group may have clients. */
const USERS_COLUMN = { name: "users", max: COUNT };

/**
 * The files a scenario names besides rate traces: empirical service times, arrivals, what was
 * observed. One that cannot be read is an error at its path, and the rest is still checked
 * (resolveScenario reports what is missing only when no error says why).
 */
function scenarioFiles(input: ScenarioInput, traces: TraceReader, errors: ScenarioError[]): ScenarioFiles {
  const serviceTimes = new Map<string, EmpiricalSpec>();
  input.targets.forEach((group, i) => {
    const spec = group.serviceTime;
    if (typeof spec !== "object" || spec.distribution !== "empirical") return;
    const read = traces(spec.trace, "service", (text) => parseEmpirical(text, spec.trace));
    const problems = fileErrors(`targets.${i}.serviceTime.trace`, read);
    errors.push(...problems);
    if ("spec" in read && read.spec) serviceTimes.set(spec.trace, read.spec);
    else if (problems.length === 0) errors.push({ path: `targets.${i}.serviceTime.trace`, message: "is empty" });
    if (!serviceTimes.has(spec.trace)) serviceTimes.set(spec.trace, placeholder(spec.trace));
  });
  const arrivals = new Map<number, ParsedArrivals>();
  input.clients.forEach((group, i) => {
    if (!group.arrivals) return;
    const read = traces(group.arrivals.trace, "arrivals", parseArrivals);
    errors.push(...fileErrors(`clients.${i}.arrivals.trace`, read));
    arrivals.set(i, "arrivals" in read && read.arrivals ? read.arrivals : NO_ARRIVALS);
  });
  let observed: ObservedData | null = null;
  if (input.observed) {
    const { metricsInterval, duration } = input;
    const read = traces(input.observed.trace, `observed ${metricsInterval} ${duration}`, (text) =>
      parseObserved(text, metricsInterval, duration),
    );
    errors.push(...fileErrors("observed.trace", read));
    if ("observed" in read && read.observed) observed = { ...read.observed, trace: input.observed.trace };
  }
  return { serviceTimes, arrivals, observed };
}

/** Stand-ins for files that could not be read, so the rest of the scenario is still checked. */
const NO_ARRIVALS: ParsedArrivals = {
  time: new Float64Array(0),
  client: null,
  connection: null,
  size: null,
  service: null,
};

function placeholder(trace: string): EmpiricalSpec {
  return { distribution: "empirical", trace, values: [1e-3], cumulative: [1], count: 1 };
}

/** Events must name targets and zones that exist. */
function references(scenario: Scenario): ScenarioError[] {
  // An Auto Scaling group's targets are its slots (`web-a1`, …).
  const slots = scenario.autoScalingGroups.flatMap((g) => g.slotIds);
  const ids = new Set([...targetIds(scenario.targets), ...slots]);
  const zones = new Set(scenario.zones);
  const errors: ScenarioError[] = [];
  scenario.events.forEach((event, i) => {
    const lb = scenario.loadBalancer;
    if (event.zonalShift && (lb.type === "classic" || lb.crossZone)) {
      // "Zonal shifts are only supported on Application Load Balancers and Network Load Balancers
      // with cross-zone load balancing turned off" (docs/aws-behaviour.md#zonal-shift).
      errors.push({
        path: `events.${i}.zonalShift`,
        message: `needs an application or network load balancer with cross-zone load balancing off, got ${lb.type}${lb.crossZone ? " with cross-zone on" : ""}`,
      });
    }
    for (const type of EVENT_TYPES) {
      if (type === "set") continue;
      const body: { target?: string; zone?: string } | undefined = event[type];
      if (body?.target !== undefined && !ids.has(body.target)) {
        errors.push({
          path: `events.${i}.${type}.target`,
          message: `no target ${body.target} (targets: ${targetSummary(scenario)})`,
        });
      }
      if (body?.zone !== undefined && !zones.has(body.zone)) {
        errors.push({
          path: `events.${i}.${type}.zone`,
          message: `no zone ${body.zone} (zones: ${scenario.zones.join(", ")})`,
        });
      }
    }
  });
  // A sweep block's settings must exist and its values read, so `validate` catches what `sweep` would.
  if (scenario.sweep) {
    const plan = planSweep([], scenario.sweep);
    if (!plan.ok) errors.push(...plan.errors);
  }
  const targets = [...ids];
  scenario.thresholds.forEach((threshold, i) => {
    const problem = thresholdProblem(threshold, {
      zones: scenario.zones,
      targetIds: targets,
      duration: scenario.duration,
    });
    if (problem) errors.push({ path: `thresholds.${i}`, message: problem });
  });
  return errors;
}

/** `a-1 … a-2, b-1 … b-8`. */
function targetSummary(scenario: Scenario): string {
  const counts = new Map<string, number>();
  for (const id of targetIds(scenario.targets)) {
    const zone = id.slice(0, id.lastIndexOf("-"));
    counts.set(zone, (counts.get(zone) ?? 0) + 1);
  }
  return [...counts].map(([zone, n]) => (n === 1 ? `${zone}-1` : `${zone}-1 … ${zone}-${n}`)).join(", ");
}

/**
 * A `set` event changes load-balancer settings mid-run: each key must be a setting under
 * loadBalancer, and the scenario with the change (and the earlier ones) must still be valid.
 */
function setEvents(
  raw: Mapping,
  input: ScenarioInput,
  loaded: Map<number, RatePoint[]>,
  traces: TraceReader,
): { errors: ScenarioError[]; settingsAfter: Record<number, LoadBalancerSettings> } {
  const settingsAfter: Record<number, LoadBalancerSettings> = {};
  const sets = input.events
    .map((event, i) => ({ event, i }))
    .filter(({ event }) => event.set)
    .sort((a, b) => a.event.at - b.event.at || a.i - b.i);
  if (sets.length === 0) return { errors: [], settingsAfter };
  const errors: ScenarioError[] = [];
  // The scenario without its timeline, traces already read: the base that each `set` changes.
  const clients = (raw.clients as unknown[]).map((group, i) =>
    loaded.has(i) ? { ...(group as Mapping), rate: loaded.get(i) } : group,
  );
  let state: unknown = { ...raw, clients, events: [], variants: {} };
  let before = new Set(check(state, traces, false).errors.map(problemKey));
  for (const { event, i } of sets) {
    for (const [key, value] of Object.entries(event.set!)) {
      const at = `events.${i}.set.${key}`;
      const problem = setKeyProblem(key);
      if (problem) {
        errors.push({ path: at, message: problem });
        continue;
      }
      const sources: Source[] = [];
      const changed = apply(state, key, value, at, sources, errors);
      const after = check(changed, traces, false).errors;
      const added = after.filter((e) => !before.has(problemKey(e)));
      errors.push(...added.map((e) => relocate(e, sources, at)));
      if (added.length === 0) [state, before] = [changed, new Set(after.map(problemKey))];
    }
    const settings = check(state, traces, false).scenario?.loadBalancer;
    if (settings) settingsAfter[i] = settings;
  }
  return { errors, settingsAfter };
}

/** Settings that shape the load balancer when it is created; AWS cannot change them on a live one. */
const FIXED_SETTINGS = ["loadBalancer.type", "loadBalancer.nodesPerZone", "loadBalancer.dns.maxRecords"];

function setKeyProblem(key: string): string | null {
  const segments = key.split(".");
  if (segments[0] !== "loadBalancer" || segments.length < 2)
    return "must be a setting under loadBalancer, such as loadBalancer.crossZone";
  if (FIXED_SETTINGS.some((fixed) => key === fixed || key.startsWith(`${fixed}.`))) return "cannot change during a run";
  return unknownSetting(key);
}
