// For tests only: scenarios built from plain objects through the same validation as files, and
// small readers for results. A scenario a test builds wrongly is a bug in the test: it throws.
import type { Scenario } from "../scenario/defaults";
import { formatErrors, validateScenario } from "../scenario/load";
import type { TimeSeries } from "../metrics/result";

/** The parts of a scenario a test usually sets; anything else in the file format may be added. */
export interface ScenarioParts {
  duration: number | string;
  targets: unknown[];
  clients: unknown[];
  [key: string]: unknown;
}

/**
 * A validated scenario: one zone `a`, an application load balancer and 10 s metric buckets
 * unless `parts` say otherwise. `overrides` are `--set` strings (`loadBalancer.crossZone=false`).
 */
export function testScenario(parts: ScenarioParts, options: { seed?: number; overrides?: string[] } = {}): Scenario {
  const raw = {
    version: 1,
    name: "test",
    metricsInterval: "10s",
    zones: ["a"],
    loadBalancer: { type: "application" },
    ...parts,
  };
  const loaded = validateScenario(raw, options);
  if (!loaded.ok) throw new Error(`invalid test scenario:\n${formatErrors(loaded.errors).join("\n")}`);
  return loaded.scenario;
}

/** Exponential service with the given mean in seconds (rate μ = 1/mean). */
export function exponential(mean: number): { distribution: "exponential"; mean: number } {
  return { distribution: "exponential", mean };
}

/** One series' values per bucket; a missing series is a bug in the test. */
export function seriesValues(timeseries: TimeSeries, metric: string, dimension: string): number[] {
  const found = timeseries.series.find((s) => s.metric === metric && s.dimension === dimension);
  if (!found) throw new Error(`no series ${metric} for ${dimension}`);
  return found.values;
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Coefficient of variation sd/mean (population sd), the spread of a set of shares. */
export function coefficientOfVariation(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2))) / m;
}

/** Seeds for tests that repeat over several seeds. */
export const SEEDS = [1, 2, 3, 4, 5] as const;
