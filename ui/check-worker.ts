// The checking thread: reads and validates scenario text off the page's thread, as YAML parses at
// a few seconds a megabyte. The editor checks what is typed here, and the page checks a run's
// scenario, variants and work against the limits here before it starts the run's workers.
import { expose } from "comlink";
import type { ScenarioError } from "../sim/scenario/defaults";
import { loadScenario, validateScenario } from "../sim/scenario/load";
import { scenarioSizeProblem, workProblems } from "../sim/scenario/work-estimate";
import { readTrace, summarize } from "./scenarios";

/** How a refusal for too much work ends in the dashboard, which has no --allow-large. */
const ON_THE_COMMAND_LINE = "; elbsim run --allow-large runs it on the command line";

export interface CheckRequest {
  text: string;
  /** The variants to run (null: as written); the work of all of them together is checked. */
  variants: readonly (string | null)[];
  seed?: number;
  /** Trace files by name (bundled and the user's); the bundled ones when absent. */
  files?: Record<string, string>;
  /** Per variant (same order), --set-style overrides applied after it: a what-if run. */
  overrides?: readonly (readonly string[])[];
}

export interface CheckResult {
  errors: ScenarioError[];
  /** What the valid scenario holds, for the editor's status line; null when it does not load. */
  loaded: { name: string; zones: number; targets: number; variants: string[] } | null;
}

const checker = {
  summarize,

  check({ text, variants, seed, overrides = [], files }: CheckRequest): CheckResult {
    const size = scenarioSizeProblem("(scenario)", new TextEncoder().encode(text).length, ON_THE_COMMAND_LINE);
    if (size) return { errors: [size], loaded: null };
    const readFile = files
      ? (name: string) => {
          const found = files[name] ?? files[name.replace(/^\.\//, "")];
          if (found === undefined) throw new Error(`no file ${name}`);
          return found;
        }
      : readTrace;
    const options = { readFile, seed };
    const base = loadScenario(text, options);
    if (!base.ok) return { errors: base.errors, loaded: null };
    const errors: ScenarioError[] = [];
    const scenarios = variants.flatMap((variant, k) => {
      const sets = overrides[k] ?? [];
      const loaded =
        variant === null && sets.length === 0
          ? base
          : validateScenario(base.raw, { ...options, variant, overrides: [...sets], otherVariants: false });
      if (loaded.ok) return [loaded.scenario];
      errors.push(...loaded.errors);
      return [];
    });
    // Each variant runs in a worker of its own, at the same time, and the page keeps every series.
    if (errors.length === 0)
      errors.push(...workProblems({ scenarios, parallel: scenarios.length, keepsSeries: true }, ON_THE_COMMAND_LINE));
    const s = base.scenario;
    return {
      errors,
      loaded: {
        name: s.name,
        zones: s.zones.length,
        targets: s.targets.reduce((n, t) => n + t.count, 0),
        variants: Object.keys(s.variants),
      },
    };
  },
};

export type Checker = typeof checker;

expose(checker);
