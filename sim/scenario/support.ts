// Settings the file format accepts but the model does not simulate yet. Each one is an error, so
// a scenario never runs while silently ignoring part of what it says. When a feature lands,
// delete its row.
import type { Scenario, ScenarioError } from "./defaults";

/** One feature not simulated yet: the paths in a scenario that use it. */
type Row = (scenario: Scenario) => string[];

const NOT_YET: readonly Row[] = [
  // The controller that scales nodes out and in.
  (s) => (s.loadBalancer.controller.enabled ? ["loadBalancer.controller.enabled"] : []),
];

/** Problems for settings the simulator cannot run yet, each naming its path and saying "is not simulated yet". */
export function unsupported(scenario: Scenario): ScenarioError[] {
  return NOT_YET.flatMap((row) => row(scenario)).map((path) => ({ path, message: "is not simulated yet" }));
}
