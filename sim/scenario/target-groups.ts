// Target groups as the model runs them: service times resolved, checked against the zones, and the
// ids their targets take.
import { exp } from "../engine/math";
import { type DistributionSpec, lognormalParams } from "../engine/distributions";
import type { ServiceTimeSpec } from "./service-time";
import type { ScenarioInput } from "./schema";
import type { ScenarioFiles, TargetGroup } from "./scenario-types";
import { formatDuration } from "./units";

/** The file's target groups, each checked against the zones and its service time resolved. */
export function resolveTargetGroups(
  input: ScenarioInput,
  files: ScenarioFiles,
  fail: (path: string, message: string) => void,
): TargetGroup[] {
  const zones = input.zones;
  return input.targets.map((t, i) => {
    if (!zones.includes(t.zone))
      fail(`targets.${i}.zone`, `must be one of the zones (${zones.join(", ")}), got ${t.zone}`);
    let serviceTime: ServiceTimeSpec =
      typeof t.serviceTime === "number"
        ? { distribution: "constant", mean: t.serviceTime }
        : (t.serviceTime as DistributionSpec);
    if (typeof t.serviceTime === "object" && t.serviceTime.distribution === "empirical") {
      const spec = files.serviceTimes?.get(t.serviceTime.trace);
      if (!spec) fail(`targets.${i}.serviceTime.trace`, "traces must be loaded before the scenario is resolved");
      serviceTime = spec ?? { distribution: "constant", mean: 1 };
    }
    if (serviceTime.distribution === "lognormal" && !lognormalParams(serviceTime.mean, serviceTime.p99)) {
      fail(
        `targets.${i}.serviceTime.p99`,
        `must be above the mean and at most ${Math.floor(exp(2.3263478740408408 ** 2 / 2))}× it for a lognormal, got mean ${formatDuration(serviceTime.mean)} and p99 ${formatDuration(serviceTime.p99)}`,
      );
    }
    if (serviceTime.distribution === "uniform" && serviceTime.min > serviceTime.max) {
      fail(`targets.${i}.serviceTime.min`, "must not exceed max");
    }
    return {
      zone: t.zone,
      count: t.count,
      concurrency: t.concurrency,
      queue: t.queue,
      serviceTime,
      registered: t.registered,
    };
  });
}

/** Target ids in the order of the groups: `<zone>-<n>`, n counting from 1 within each zone. */
export function targetIds(targets: readonly TargetGroup[]): string[] {
  const next = new Map<string, number>();
  const ids: string[] = [];
  for (const group of targets) {
    if (group.ids) {
      ids.push(...group.ids);
      continue;
    }
    for (let k = 0; k < group.count; k++) {
      const n = (next.get(group.zone) ?? 0) + 1;
      next.set(group.zone, n);
      ids.push(`${group.zone}-${n}`);
    }
  }
  return ids;
}
