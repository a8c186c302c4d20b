// `set` events: load-balancer settings changed mid-run, each checked against the scenario as the
// earlier changes left it, and the settings in force after each.
import { unknownSetting } from "./issues";
import type { ScenarioInput } from "./schema";
import type { LoadBalancerSettings, RatePoint, Scenario, ScenarioError } from "./scenario-types";
import { apply, type Mapping, problemKey, relocate, type Source } from "./setting-sources";

/**
 * A `set` event changes load-balancer settings mid-run: each key must be a setting under
 * loadBalancer, and the scenario with the change (and the earlier ones) must still be valid.
 */
export function setEvents(
  raw: Mapping,
  input: ScenarioInput,
  loaded: Map<number, RatePoint[]>,
  /** Checks a scenario without its timeline. */
  check: (raw: unknown) => { errors: ScenarioError[]; scenario?: Scenario },
): { errors: ScenarioError[]; settingsAfter: Record<number, LoadBalancerSettings> } {
  const settingsAfter: Record<number, LoadBalancerSettings> = {};
  const sets = input.events
    .map((event, i) => ({ event, i }))
    .filter(({ event }) => event.set)
    .sort((a, b) => a.event.at - b.event.at || a.i - b.i);
  if (sets.length === 0) return { errors: [], settingsAfter };
  const errors: ScenarioError[] = [];
  // The scenario without its timeline, traces already read: the base that each `set` changes.
  const clients = (raw.clients as unknown[]).map((group, i) =>
    loaded.has(i) ? { ...(group as Mapping), rate: loaded.get(i) } : group,
  );
  let state: unknown = { ...raw, clients, events: [], variants: {} };
  let before = new Set(check(state).errors.map(problemKey));
  for (const { event, i } of sets) {
    for (const [key, value] of Object.entries(event.set!)) {
      const at = `events.${i}.set.${key}`;
      const problem = setKeyProblem(key);
      if (problem) {
        errors.push({ path: at, message: problem });
        continue;
      }
      const sources: Source[] = [];
      const changed = apply(state, key, value, at, sources, errors);
      const after = check(changed).errors;
      const added = after.filter((e) => !before.has(problemKey(e)));
      errors.push(...added.map((e) => relocate(e, sources, at)));
      if (added.length === 0) [state, before] = [changed, new Set(after.map(problemKey))];
    }
    const settings = check(state).scenario?.loadBalancer;
    if (settings) settingsAfter[i] = settings;
  }
  return { errors, settingsAfter };
}

/** Settings that shape the load balancer when it is created; AWS cannot change them on a live one. */
const FIXED_SETTINGS = ["loadBalancer.type", "loadBalancer.nodesPerZone", "loadBalancer.dns.maxRecords"];

function setKeyProblem(key: string): string | null {
  const segments = key.split(".");
  if (segments[0] !== "loadBalancer" || segments.length < 2)
    return "must be a setting under loadBalancer, such as loadBalancer.crossZone";
  if (FIXED_SETTINGS.some((fixed) => key === fixed || key.startsWith(`${fixed}.`))) return "cannot change during a run";
  return unknownSetting(key);
}
