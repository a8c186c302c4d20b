// The files a scenario names, read once per load through the caller's readFile: rate and users
// traces, empirical service times, arrivals and what was observed. A file that cannot be read is
// an error at the path that names it, with a stand-in so the rest is still checked.
import type { ParsedArrivals } from "./arrivals";
import { parseArrivals } from "./arrivals";
import { parseObserved } from "./observed";
import type { ScenarioInput } from "./schema";
import { COUNT } from "./schema";
import type { ObservedData, RatePoint, ScenarioError, ScenarioFiles } from "./scenario-types";
import { type EmpiricalSpec, parseEmpirical } from "./service-time";
import { parseTrace } from "./trace";

type LineErrors = { line: number; message: string }[];

/**
 * Reads each file a scenario names once per load, and parses it once per way of reading it
 * (`kind`): a trace, an arrivals trace, service times, observed buckets.
 */
export type TraceReader = <T>(
  name: string,
  kind: string,
  parse: (text: string) => T & { errors: LineErrors },
) => (T & { errors: LineErrors }) | { missing: string };

/** Reads a file a scenario names: its text, or why it may not be read; throws when it is missing. */
export type ReadFile = (path: string) => string | { problem: string };

export function traceReader(readFile: ReadFile | undefined): TraceReader {
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
 * The client groups with their rate and users traces read in; `loaded` gets each rate trace's
 * points, by the group's index.
 */
export function withClientTraces(
  input: ScenarioInput,
  traces: TraceReader,
  errors: ScenarioError[],
  loaded: Map<number, RatePoint[]>,
): ScenarioInput["clients"] {
  return input.clients.map((group, i) => {
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
  });
}

/** A users trace's second column: as many users as a group may have clients. */
const USERS_COLUMN = { name: "users", max: COUNT };

/**
 * The files a scenario names besides rate traces: empirical service times, arrivals, what was
 * observed. One that cannot be read is an error at its path, and the rest is still checked
 * (resolveScenario reports what is missing only when no error says why).
 */
export function scenarioFiles(input: ScenarioInput, traces: TraceReader, errors: ScenarioError[]): ScenarioFiles {
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
