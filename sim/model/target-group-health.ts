// Target group health (application and network, docs/aws-behaviour.md#target-group-health-thresholds):
// a minimum count and/or percentage of healthy targets, with two actions when a zone falls below
// it. DNS failover takes the zone's addresses out of DNS; routing failover makes the zone's nodes
// route to every target they have, unhealthy ones included. "If cross-zone load balancing is off
// ... the thresholds apply to the number of targets in each enabled zone separately"; with it on,
// to all targets together. Either threshold, when both are set, triggers the action.
import type { LoadBalancerSettings, HealthThreshold } from "../scenario/defaults";
import type { LbNode } from "./lb-node";
import type { Targets } from "./target";
import { HealthView } from "./target-state";

/** Whether `healthy` of `total` targets is below the threshold (a threshold that is off never is). */
export function belowThreshold(threshold: HealthThreshold, healthy: number, total: number): boolean {
  if (threshold.count !== null && healthy < threshold.count) return true;
  return threshold.percentage !== null && healthy * 100 < threshold.percentage * total;
}

/** Whether target t counts toward a zone-z node's health: in its zone, or anywhere with cross-zone on. */
export function inScope(settings: LoadBalancerSettings, targets: Targets, t: number, z: number): boolean {
  return settings.crossZone || targets.zone[t] === z;
}

/**
 * DNS failover for zone z: its targets in scope in service, and those that some reachable node
 * of the zone sees healthy, against `dnsFailover`.
 */
export function zoneFailsOver(
  nodes: readonly LbNode[],
  targets: Targets,
  settings: LoadBalancerSettings,
  z: number,
): boolean {
  let total = 0;
  let healthy = 0;
  for (let t = 0; t < targets.count; t++) {
    if (!inScope(settings, targets, t, z) || !targets.inService(t)) continue;
    total++;
    for (const node of nodes) {
      if (node.zone === z && node.reachable && node.healthy[t] === HealthView.healthy) {
        healthy++;
        break;
      }
    }
  }
  return belowThreshold(settings.targetGroupHealth.dnsFailover, healthy, total);
}
