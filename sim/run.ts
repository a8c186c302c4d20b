// runScenario: the one entry point from a scenario to a result (DESIGN.md §5).
import type { Scenario } from "./scenario/defaults";
import type { RunResult, TimeSeries } from "./metrics/result";

export interface RunOptions {
  /** The variant's name, recorded in the result (the overrides are applied when loading). */
  variant?: string | null;
  /** Called as simulated time advances, about every 1 % of the run. */
  onProgress?: (simulatedSeconds: number, totalSeconds: number) => void;
  /** A wall clock in seconds for `wallSeconds`; sim/ reads no time itself. */
  clock?: () => number;
}

export interface RunOutput {
  result: RunResult;
  timeseries: TimeSeries;
}

export function runScenario(scenario: Scenario, options: RunOptions = {}): RunOutput {
  throw new Error(`runScenario is not written yet (${scenario.name}, ${String(options.variant)})`);
}
