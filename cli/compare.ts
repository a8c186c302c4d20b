// `compare FILE` (docs/design.md#the-command-line): every variant of a scenario on the same seed.
// Each component draws from its own named stream (docs/design.md#named-random-streams), so the
// variants see the same arrivals and service times: the differences are the settings', not noise
// (common random numbers). This file loads and runs the
// variants; reports/compare.ts turns the comparison into text and HTML.
import type { Comparison } from "../reports/compare";
import { runScenario } from "../sim/run";
import type { Scenario, ScenarioError } from "../sim/scenario/defaults";
import type { LoadOptions } from "../sim/scenario/load";
import { loadScenario, validateScenario } from "../sim/scenario/load";
import { workDone } from "../sim/scenario/work-estimate";
import { refusedWork } from "./limits";

export type Loaded<T> = ({ ok: true } & T) | { ok: false; errors: ScenarioError[] };

export interface VariantsOptions<Name extends string | null = string> extends Omit<LoadOptions, "variant"> {
  /** Only these variants, in this order (null: the scenario as written); default every variant in the file's order. */
  variants?: readonly Name[];
}

/**
 * The base scenario and each variant's, all on one seed. Errors: a bad file, a variant name the
 * file does not have, a variant whose settings are invalid, a scenario with no variants.
 */
export function loadVariants<Name extends string | null = string>(
  text: string,
  options: VariantsOptions<Name> = {},
): Loaded<{ base: Scenario; variants: { name: Name; scenario: Scenario }[] }> {
  const { variants: only, ...load } = options;
  const base = loadScenario(text, load);
  if (!base.ok) return base;
  const names = only ?? (Object.keys(base.scenario.variants) as Name[]);
  if (names.length === 0)
    return {
      ok: false,
      errors: [{ path: "variants", message: "compare needs variants to compare; the scenario has none" }],
    };
  const errors: ScenarioError[] = [];
  const variants: { name: Name; scenario: Scenario }[] = [];
  for (const name of names) {
    // The text is parsed once, and the base's load checked every variant already.
    const loaded = name === null ? base : validateScenario(base.raw, { ...load, variant: name, otherVariants: false });
    if (loaded.ok) variants.push({ name, scenario: loaded.scenario });
    else
      errors.push(
        ...loaded.errors.filter((e) => !errors.some((seen) => seen.path === e.path && seen.message === e.message)),
      );
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, base: base.scenario, variants };
}

export interface CompareOptions extends VariantsOptions {
  /** Progress across all variants: runs done (fractional) of the number of variants. */
  onProgress?: (done: number, total: number) => void;
  /** A wall clock in seconds, for each result's `wallSeconds`. */
  clock?: () => number;
  /** Run the variants even when together they ask more than the work limits allow. */
  allowLarge?: boolean;
}

/** Loads the variants and runs each, one after the other, on the same seed. */
export function runComparison(text: string, options: CompareOptions = {}): Loaded<{ comparison: Comparison }> {
  const { onProgress, clock, allowLarge = false, ...load } = options;
  const loaded = loadVariants(text, load);
  if (!loaded.ok) return loaded;
  // Every variant's series stay in memory for the comparison's report.
  const tooLarge = refusedWork({ scenarios: loaded.variants.map((v) => v.scenario), keepsSeries: true }, allowLarge);
  if (tooLarge.length > 0) return { ok: false, errors: tooLarge };
  const total = loaded.variants.length;
  const done = loaded.variants.map((v) => workDone(v.scenario));
  const variants = loaded.variants.map((v, i) => ({
    ...v,
    ...runScenario(v.scenario, { variant: v.name, clock, onProgress: (t) => onProgress?.(i + done[i](t), total) }),
  }));
  return { ok: true, comparison: { base: loaded.base, variants } };
}
