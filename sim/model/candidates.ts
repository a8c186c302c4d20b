// Which targets a node may route to, and which zones stay in DNS: both read the nodes' own
// views of target health.
import type { LoadBalancerSettings } from "../scenario/defaults";
import type { LbNode } from "./lb-node";
import type { Targets } from "./target";

/**
 * A node's candidates: registered targets that are not draining and are healthy in the node's
 * own view, in its zone only when cross-zone load balancing is off [How, CZ]. With none healthy,
 * application and network load balancers fail open to all of them [HC, NLB]; classic has none.
 */
export function refreshCandidates(node: LbNode, targets: Targets, settings: LoadBalancerSettings): void {
  const crossZone = settings.crossZone;
  let m = 0;
  for (let pass = 0; pass < 2 && m === 0; pass++) {
    if (pass === 1 && settings.allUnhealthy !== "fail-open") break;
    for (let t = 0; t < targets.count; t++) {
      const inScope = crossZone || targets.zone[t] === node.zone;
      const ok =
        inScope && targets.registered[t] === 1 && targets.draining[t] === 0 && (pass === 1 || node.healthy[t] === 1);
      node.isCandidate[t] = ok ? 1 : 0;
      if (ok) node.candidates[m++] = t;
    }
  }
  node.candidateCount = m;
  node.cursor = m > 0 ? node.cursor % m : 0;
  node.candidatesStale = false;
}

/** Whether some node in zone z sees a registered, serving target in z as healthy. */
export function zoneHasHealthyTarget(nodes: readonly LbNode[], targets: Targets, z: number): boolean {
  for (const node of nodes) {
    if (node.zone !== z || !node.reachable) continue;
    for (let t = 0; t < targets.count; t++) {
      if (targets.zone[t] === z && targets.registered[t] && !targets.draining[t] && node.healthy[t] === 1) return true;
    }
  }
  return false;
}
