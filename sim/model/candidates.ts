// Which targets a node may route to: its candidates, read from the node's own view of health.
import type { LoadBalancerSettings } from "../scenario/defaults";
import type { LbNode } from "./lb-node";
import type { Targets } from "./target";
import { HealthView } from "./target-state";

/**
 * A node's candidates: targets in service (registered, not draining) that are healthy in the
 * node's own view, in its zone only when cross-zone load balancing is off
 * (docs/aws-behaviour.md#cross-zone-load-balancing). With none healthy, application and network
 * load balancers fail open to the unhealthy ones; classic has none
 * (docs/aws-behaviour.md#when-every-target-is-unhealthy). AWS documents fail-open for "only
 * unhealthy registered targets": a target still `initial` (it has passed no check in this node's
 * view) is not a fail-open candidate (docs/design.md#fail-open-and-initial-targets).
 */
export function refreshCandidates(node: LbNode, targets: Targets, settings: LoadBalancerSettings): void {
  const crossZone = settings.crossZone;
  let m = 0;
  for (let pass = 0; pass < 2 && m === 0; pass++) {
    if (pass === 1 && settings.allUnhealthy !== "fail-open") break;
    for (let t = 0; t < targets.count; t++) {
      const inScope = crossZone || targets.zone[t] === node.zone;
      const view = node.healthy[t];
      const ok =
        inScope && targets.inService(t) && (pass === 0 ? view === HealthView.healthy : view === HealthView.unhealthy);
      node.isCandidate[t] = ok ? 1 : 0;
      if (ok) node.candidates[m++] = t;
    }
  }
  node.candidateCount = m;
  node.cursor = m > 0 ? node.cursor % m : 0;
  node.candidatesStale = false;
}
