// `compare FILE` (docs/design.md#the-command-line): every variant of a scenario on the same seed.
// Each component draws from its own named stream (docs/design.md#named-random-streams), so the
// variants see the same arrivals and service times: the differences are the settings', not noise
// (common random numbers). This file loads the variants, puts the reference (--base) first and
// runs them in parallel on worker threads; reports/compare.ts turns the comparison into text and
// HTML.
import type { Comparison } from "../reports/compare";
import type { MetricRef } from "../sim/metrics/measures";
import type { Scenario, ScenarioError } from "../sim/scenario/defaults";
import type { LoadOptions } from "../sim/scenario/load";
import { loadScenario, validateScenario } from "../sim/scenario/load";
import { availableParallelism } from "node:os";
import { refusedWork } from "./limits";
import { type PoolOptions, runJobs } from "./replication-pool";

export type Loaded<T> = ({ ok: true } & T) | { ok: false; errors: ScenarioError[] };

export interface VariantsOptions extends Omit<LoadOptions, "variant"> {
  /** Only these variants, in this order (null: the scenario as written); default every variant in the file's order. */
  variants?: readonly (string | null)[];
  /**
   * The reference for differences, put first: a variant's name, or the scenario's own name for
   * the scenario as written (--base).
   */
  base?: string | null;
}

/** A variant to run: null is the scenario as written. */
export interface LoadedVariant {
  name: string | null;
  scenario: Scenario;
}

/**
 * The base scenario and each variant's, all on one seed, the reference first. Errors: a bad file,
 * a variant name the file does not have, a variant whose settings are invalid, a scenario with no
 * variants, a --base that names neither a variant nor the scenario.
 */
export function loadVariants(
  text: string,
  options: VariantsOptions = {},
): Loaded<{ base: Scenario; variants: LoadedVariant[] }> {
  const { variants: only, base: reference, ...load } = options;
  const base = loadScenario(text, load);
  if (!base.ok) return base;
  const written = Object.keys(base.scenario.variants);
  let names: (string | null)[] = [...(only ?? written)];
  if (names.length === 0)
    return {
      ok: false,
      errors: [{ path: "variants", message: "compare needs variants to compare; the scenario has none" }],
    };
  if (reference != null) {
    const first = written.includes(reference) ? reference : reference === base.scenario.name ? null : undefined;
    if (first === undefined)
      return {
        ok: false,
        errors: [
          {
            path: "--base",
            message: `no variant ${reference} (variants: ${written.join(", ")}; or ${base.scenario.name}, the scenario's name, for the scenario as written)`,
          },
        ],
      };
    names = [first, ...names.filter((n) => n !== first)];
  }
  const errors: ScenarioError[] = [];
  const variants: LoadedVariant[] = [];
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

export interface CompareOptions extends VariantsOptions, PoolOptions {
  /** Run the variants even when together they ask more than the work limits allow. */
  allowLarge?: boolean;
}

/**
 * Loads the variants and runs them on the same seed, in parallel on worker threads (each keeps its
 * log and time series for the report). The scenario as written is shown under its own name.
 */
export async function runComparison(
  text: string,
  options: CompareOptions = {},
): Promise<Loaded<{ comparison: Comparison }>> {
  const { workers, onProgress, allowLarge = false, ...load } = options;
  const loaded = loadVariants(text, load);
  if (!loaded.ok) return loaded;
  // Every variant's series stay in memory for the comparison's report.
  const tooLarge = refusedWork(
    {
      scenarios: loaded.variants.map((v) => v.scenario),
      keepsSeries: true,
      parallel: workers ?? availableParallelism(),
    },
    allowLarge,
  );
  if (tooLarge.length > 0) return { ok: false, errors: tooLarge };
  const measure: MetricRef[] = loaded.variants.flatMap((v) => v.scenario.thresholds.map((t) => t.metric));
  const outputs = await runJobs(
    loaded.variants.map((v) => ({ scenario: v.scenario, variant: v.name, measure, full: true })),
    { workers, onProgress },
  );
  const variants = loaded.variants.map((v, i) => ({
    name: v.name ?? loaded.base.name,
    scenario: v.scenario,
    result: outputs[i].result,
    timeseries: outputs[i].timeseries!,
  }));
  return { ok: true, comparison: { base: loaded.base, variants } };
}
