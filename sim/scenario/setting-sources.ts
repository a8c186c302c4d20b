// Settings changed on top of the file (a variant, --set, --threshold, a sweep's point, a `set`
// event), each remembered with where it came from so that its errors are shown there.
import { applyOverride } from "./overrides";
import type { ScenarioError } from "./scenario-types";

export type Mapping = Record<string, unknown>;

export function isMapping(x: unknown): x is Mapping {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Where a changed setting came from, so its errors point there (`--set PATH`, `variants.NAME.PATH`). */
export interface Source {
  path: string;
  label: string;
}

/** --threshold adds to the file's thresholds, each shown at its own flag when it is wrong. */
export function addThresholds(
  raw: unknown,
  texts: readonly string[],
  sources: Source[],
  errors: ScenarioError[],
): unknown {
  if (texts.length === 0 || !isMapping(raw)) return raw;
  if (raw.thresholds !== undefined && !Array.isArray(raw.thresholds)) return raw;
  let scenario: unknown = raw.thresholds === undefined ? { ...raw, thresholds: [] } : raw;
  const written = (raw.thresholds as unknown[] | undefined)?.length ?? 0;
  texts.forEach((text, i) => {
    scenario = apply(scenario, `thresholds.${written + i}`, text, `--threshold ${text}`, sources, errors);
  });
  return scenario;
}

export function applyVariant(
  raw: unknown,
  name: string,
  body: Mapping,
  sources: Source[],
  errors: ScenarioError[],
): unknown {
  let scenario = raw;
  for (const [path, value] of Object.entries(body))
    scenario = apply(scenario, path, value, `variants.${name}.${path}`, sources, errors);
  return scenario;
}

export function apply(
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
export function relocate(error: ScenarioError, sources: readonly Source[], fallback?: string): ScenarioError {
  for (let k = sources.length - 1; k >= 0; k--) {
    const { path, label } = sources[k];
    if (error.path === path) return { path: label, message: error.message };
    if (error.path.startsWith(`${path}.`))
      return { path: label + error.path.slice(path.length), message: error.message };
  }
  return fallback ? { path: fallback, message: `${error.path}: ${error.message}` } : error;
}

export const problemKey = (e: ScenarioError) => `${e.path}\n${e.message}`;

export function dedupe(errors: readonly ScenarioError[]): ScenarioError[] {
  const unique = new Map<string, ScenarioError>();
  for (const e of errors) if (!unique.has(problemKey(e))) unique.set(problemKey(e), e);
  return [...unique.values()];
}
