// Which targets a node may route to: its candidates, read from the node's own view of health.
import type { LoadBalancerSettings } from "../scenario/defaults";
import type { LbNode } from "./lb-node";
import type { Targets } from "./target";
import { belowThreshold, inScope } from "./target-group-health";
import { OutstandingTree } from "./outstanding-tree";
import { HealthView } from "./target-state";

/** Candidates above which least outstanding requests keeps a tree of the counts. */
const TREE_FROM = 32;

/**
 * A node's candidates: targets in service (registered, not draining) that are healthy in the
 * node's own view, in its zone only when cross-zone load balancing is off
 * (docs/aws-behaviour.md#cross-zone-load-balancing). When the healthy ones are below the target
 * group's routing-failover threshold (by default: none is healthy), application and network load
 * balancers route to the unhealthy ones too (docs/aws-behaviour.md#target-group-health-thresholds,
 * docs/aws-behaviour.md#when-every-target-is-unhealthy); classic has only the healthy ones. AWS
 * documents fail-open for "only unhealthy registered targets": a target still `initial` (it has
 * passed no check in this node's view) is not a fail-open candidate
 * (docs/design.md#fail-open-and-initial-targets).
 */
export function refreshCandidates(node: LbNode, targets: Targets, settings: LoadBalancerSettings): void {
  let healthy = 0;
  let total = 0;
  for (let t = 0; t < targets.count; t++) {
    if (!inScope(settings, targets, t, node.zone) || !targets.inService(t)) continue;
    total++;
    if (node.healthy[t] === HealthView.healthy) healthy++;
  }
  const failOpen =
    settings.allUnhealthy === "fail-open" && belowThreshold(settings.targetGroupHealth.routingFailover, healthy, total);
  let m = 0;
  for (let t = 0; t < targets.count; t++) {
    const view = node.healthy[t];
    const usable = view === HealthView.healthy || (failOpen && view === HealthView.unhealthy);
    const ok = usable && inScope(settings, targets, t, node.zone) && targets.inService(t);
    node.isCandidate[t] = ok ? 1 : 0;
    if (ok) node.candidates[m++] = t;
  }
  node.candidateCount = m;
  // Least outstanding requests reads many candidates by count (docs/design.md#performance); a
  // pass over a few costs less than keeping the tree.
  if (settings.algorithm === "least_outstanding_requests" && m > TREE_FROM) {
    node.byOutstanding ??= new OutstandingTree(targets.count);
    node.byOutstanding.build(node.candidates, m, node.outstanding);
  } else node.byOutstanding = null;
  node.cursor = m > 0 ? node.cursor % m : 0;
  node.candidatesStale = false;
}
