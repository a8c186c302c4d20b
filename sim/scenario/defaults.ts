// `resolveScenario` turns a validated file into the fully specified Scenario the model runs: every
// setting present, durations in seconds. The defaults and checks live with what they are for: the
// load balancer's per type (load-balancer-defaults.ts), target groups, client groups, Auto Scaling
// groups and capacity units; here are the checks on the scenario as a whole.
import { resolvePricing } from "./capacity-defaults";
import { resolveAutoScalingGroups } from "./auto-scaling";
import { resolveClientGroups } from "./client-groups";
import { resolveLoadBalancer } from "./load-balancer-defaults";
import type { ScenarioInput } from "./schema";
import type { Scenario, ScenarioError, ScenarioFiles } from "./scenario-types";
import { resolveTargetGroups } from "./target-groups";
import { formatDuration, formatSeconds } from "./units";

export type * from "./scenario-types";
export { targetIds } from "./target-groups";

/** Fills in defaults and checks what depends on the type or on several settings at once. */
export function resolveScenario(
  input: ScenarioInput,
  files: ScenarioFiles = {},
): { scenario: Scenario; errors: ScenarioError[] } {
  const errors: ScenarioError[] = [];
  const fail = (path: string, message: string) => errors.push({ path, message });
  const loadBalancer = resolveLoadBalancer(input.loadBalancer, fail);
  const type = loadBalancer.type;
  const capacityUnits = loadBalancer.capacityUnits;

  const zones = input.zones;
  const seen = new Set<string>();
  zones.forEach((zone, i) => {
    if (seen.has(zone)) fail(`zones.${i}`, `zone ${zone} is listed twice`);
    seen.add(zone);
  });

  const targets = resolveTargetGroups(input, files, fail);
  const autoScalingGroups = resolveAutoScalingGroups(input, type, fail);
  if (targets.length === 0 && autoScalingGroups.length === 0) fail("targets", "needs at least one target group");
  const clients = resolveClientGroups(input, targets, files, fail);

  const scenario: Scenario = {
    version: 1,
    name: input.name,
    title: input.title ?? input.name,
    description: input.description ?? "",
    seed: input.seed,
    duration: input.duration,
    metricsInterval: input.metricsInterval,
    zones,
    loadBalancer,
    targets,
    autoScalingGroups,
    clients,
    events: input.events,
    variants: input.variants,
    thresholds: input.thresholds,
    sweep: input.sweep ?? null,
    settingsAfter: {},
    observed: files.observed ?? null,
    pricing: resolvePricing(input.pricing, type, capacityUnits !== null),
  };
  input.events.forEach((event, i) => {
    // The run ends at `duration`; an event after it would never happen.
    if (event.at > input.duration) {
      fail(
        `events.${i}.at`,
        `must be at most the duration (${formatSeconds(input.duration)}), got ${formatSeconds(event.at)}`,
      );
    }
  });
  if (input.metricsInterval > input.duration) {
    fail(
      "metricsInterval",
      `must be at most the duration (${formatSeconds(input.duration)}), got ${formatSeconds(input.metricsInterval)}`,
    );
  } else if (input.duration / input.metricsInterval > 1_000_000) {
    fail(
      "metricsInterval",
      `gives more than a million buckets over ${formatDuration(input.duration)}; use a longer interval`,
    );
  }
  return { scenario, errors };
}
