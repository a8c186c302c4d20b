// References between a scenario's parts: events name targets and zones that exist (and a zonal
// shift a load balancer that has them), a sweep's settings exist, thresholds name what the run has.
import { thresholdProblem } from "../metrics/thresholds";
import { EVENT_TYPES } from "./schema";
import type { Scenario, ScenarioError } from "./scenario-types";
import { planSweep } from "./sweep";
import { targetIds } from "./target-groups";

/** Events must name targets and zones that exist. */
export function references(scenario: Scenario): ScenarioError[] {
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
