// Settings the file format accepts but the model does not simulate yet. Each one is an error, so
// a scenario never runs while silently ignoring part of what it says. When a feature lands,
// delete its row.
import type { Scenario, ScenarioError } from "./defaults";
import { EVENT_TYPES } from "./schema";

/** One feature not simulated yet: the paths in a scenario that use it. */
type Row = (scenario: Scenario) => string[];

const NOT_YET: readonly Row[] = [
  // The timeline (fail, recover, slow, errors, deregister, register, outage, restore, set).
  (s) => s.events.map((event, i) => `events.${i}.${EVENT_TYPES.find((type) => event[type] !== undefined) ?? "at"}`),
  // Sticky sessions (lb_cookie, app_cookie).
  (s) => (s.loadBalancer.stickiness.type !== "none" ? ["loadBalancer.stickiness.type"] : []),
  // Slow start's linear weight ramp for new targets.
  (s) => (s.loadBalancer.slowStart > 0 ? ["loadBalancer.slowStart"] : []),
  // The controller that scales nodes out and in.
  (s) => (s.loadBalancer.controller.enabled ? ["loadBalancer.controller.enabled"] : []),
  // Targets that join the group later, at a `register` event.
  (s) => s.targets.flatMap((group, i) => (group.registered ? [] : [`targets.${i}.registered`])),
];

/** Problems for settings the simulator cannot run yet, each naming its path and saying "is not simulated yet". */
export function unsupported(scenario: Scenario): ScenarioError[] {
  return NOT_YET.flatMap((row) => row(scenario)).map((path) => ({ path, message: "is not simulated yet" }));
}
