// Defaults per load-balancer type (AWS documentation: docs/aws-behaviour.md#defaults-per-type) and the
// load balancer's settings resolved from them, with the checks that depend on the type.
import { resolveCapacityUnits, resolveInterZoneLatency } from "./capacity-defaults";
import type { ScenarioInput } from "./schema";
import type {
  Algorithm,
  ControllerSettings,
  HealthCheckSettings,
  HealthThreshold,
  LbType,
  LoadBalancerSettings,
} from "./scenario-types";
import { formatSeconds } from "./units";

interface TypeDefaults {
  crossZone: boolean;
  algorithm: Algorithm;
  healthCheck: HealthCheckSettings;
  timeoutMax: number;
  deregistrationDelayMin: number;
  idleTimeout: number;
  allUnhealthy: "fail-open" | "503";
}

/** AWS's documented defaults per type (docs/aws-behaviour.md#defaults-per-type). */
export const TYPE_DEFAULTS: Record<LbType, TypeDefaults> = {
  classic: {
    crossZone: false, // off when created through the API (docs/aws-behaviour.md#cross-zone-defaults)
    algorithm: "least_outstanding_requests", // HTTP listeners (docs/aws-behaviour.md#classic-routing)
    healthCheck: { protocol: "http", interval: 30, timeout: 5, healthyThreshold: 10, unhealthyThreshold: 2 },
    timeoutMax: 60,
    deregistrationDelayMin: 1,
    idleTimeout: 60,
    allUnhealthy: "503",
  },
  application: {
    crossZone: true,
    algorithm: "round_robin",
    healthCheck: { protocol: "http", interval: 30, timeout: 5, healthyThreshold: 5, unhealthyThreshold: 2 },
    timeoutMax: 120,
    deregistrationDelayMin: 0,
    idleTimeout: 60,
    allUnhealthy: "fail-open",
  },
  network: {
    crossZone: false,
    algorithm: "flow_hash",
    // TCP by default, with a 10 s timeout (6 s for HTTP checks): docs/aws-behaviour.md#health-check-settings.
    healthCheck: { protocol: "tcp", interval: 30, timeout: 10, healthyThreshold: 5, unhealthyThreshold: 2 },
    timeoutMax: 120,
    deregistrationDelayMin: 0,
    idleTimeout: 350,
    allUnhealthy: "fail-open",
  },
};

/** The load balancer's settings: the file's, else its type's defaults; problems go to `fail`. */
export function resolveLoadBalancer(
  lb: ScenarioInput["loadBalancer"],
  fail: (path: string, message: string) => void,
): LoadBalancerSettings {
  const type: LbType = lb.type ?? "application";
  const td = TYPE_DEFAULTS[type];
  const healthCheck: HealthCheckSettings = { ...td.healthCheck, ...lb.healthCheck };
  if (type === "application" && healthCheck.protocol === "tcp") {
    // Application load balancers check over HTTP or HTTPS (docs/aws-behaviour.md#health-check-settings).
    fail("loadBalancer.healthCheck.protocol", "must be http for an application load balancer, got tcp");
  }
  if (type === "network" && healthCheck.protocol === "http" && lb.healthCheck?.timeout === undefined) {
    healthCheck.timeout = 6;
  }
  if (healthCheck.timeout > td.timeoutMax) {
    fail(
      "loadBalancer.healthCheck.timeout",
      `must be 2s to ${td.timeoutMax}s for a ${type} load balancer, got ${formatSeconds(healthCheck.timeout)}`,
    );
  }
  if (healthCheck.timeout >= healthCheck.interval) {
    // The timeout must be shorter than the interval: documented for classic
    // (docs/aws-behaviour.md#timeout-shorter-than-the-interval), applied to every type
    // (docs/design.md#timeout-shorter-than-the-interval-for-every-type).
    fail(
      "loadBalancer.healthCheck.timeout",
      `must be shorter than the interval (${formatSeconds(healthCheck.interval)}), got ${formatSeconds(healthCheck.timeout)}`,
    );
  }
  const deregistrationDelay = lb.deregistrationDelay ?? 300;
  if (deregistrationDelay < td.deregistrationDelayMin) {
    fail(
      "loadBalancer.deregistrationDelay",
      `must be 1s to 3600s for a classic load balancer, got ${formatSeconds(deregistrationDelay)}`,
    );
  }
  const slowStart = lb.slowStart ?? 0;
  if (slowStart !== 0 && slowStart < 30) {
    fail("loadBalancer.slowStart", `must be 0s (off) or 30s to 900s, got ${formatSeconds(slowStart)}`);
  }
  const algorithm = lb.algorithm ?? td.algorithm;
  if (slowStart > 0 && algorithm === "least_outstanding_requests") {
    // "You cannot enable both slow start mode and least outstanding requests"
    // (docs/aws-behaviour.md#slow-start).
    fail("loadBalancer.slowStart", "cannot be combined with least_outstanding_requests (as in AWS)");
  }
  if (slowStart > 0 && type !== "application") {
    fail("loadBalancer.slowStart", `is an application load balancer setting, not ${type}`);
  }

  const c = lb.controller ?? {};
  const controller: ControllerSettings = {
    enabled: c.enabled ?? false,
    evaluationInterval: c.evaluationInterval ?? 60,
    scaleOutAt: c.scaleOutAt ?? 0.7,
    targetUtilization: c.targetUtilization ?? 0.5,
    scaleInAt: c.scaleInAt ?? 0.3,
    scaleInAfter: c.scaleInAfter ?? 900,
    // "1 to 7 minutes" (docs/aws-behaviour.md#scaling-takes-1-to-7-minutes)
    provisioningTime: c.provisioningTime ?? { min: 60, max: 420 },
    retireAfter: c.retireAfter ?? 600,
    minNodesPerZone: c.minNodesPerZone ?? 1,
    maxNodesPerZone: c.maxNodesPerZone ?? 20,
  };
  if (controller.provisioningTime.min > controller.provisioningTime.max) {
    fail("loadBalancer.controller.provisioningTime", "min must not exceed max");
  }
  if (controller.minNodesPerZone > controller.maxNodesPerZone) {
    fail("loadBalancer.controller.minNodesPerZone", `must not exceed maxNodesPerZone (${controller.maxNodesPerZone})`);
  }
  if (controller.scaleInAt >= controller.scaleOutAt) {
    fail("loadBalancer.controller.scaleInAt", `must be below scaleOutAt (${controller.scaleOutAt})`);
  }
  const nodesPerZone = Math.max(lb.nodesPerZone ?? 1, controller.enabled ? controller.minNodesPerZone : 1);
  const capacity = lb.node?.capacity ?? Infinity;
  const capacityUnits = resolveCapacityUnits(lb.capacityUnits, type, fail);
  if (controller.enabled && capacity === Infinity && capacityUnits === null) {
    fail("loadBalancer.controller.enabled", "needs a finite loadBalancer.node.capacity to measure utilisation");
  }

  if (type === "network" && lb.stickiness && lb.stickiness.type !== "none") {
    // A network target group's only stickiness is by source IP (docs/aws-behaviour.md#behaviour-by-type):
    // with flow_hash a connection stays on its target already.
    fail(
      "loadBalancer.stickiness.type",
      `must be none for a network load balancer (no cookies at layer 4), got ${lb.stickiness.type}`,
    );
  }
  const targetGroupHealth = resolveTargetGroupHealth(lb.targetGroupHealth, type, fail);
  const loadBalancer: LoadBalancerSettings = {
    type,
    crossZone: lb.crossZone ?? td.crossZone,
    algorithm,
    nodesPerZone,
    node: { capacity, surgeQueue: lb.node?.surgeQueue ?? 1024 },
    healthCheck,
    deregistrationDelay,
    idleTimeout: lb.idleTimeout ?? td.idleTimeout,
    slowStart,
    stickiness: { type: lb.stickiness?.type ?? "none", duration: lb.stickiness?.duration ?? 86400 },
    dns: {
      ttl: lb.dns?.ttl ?? 60,
      maxRecords: lb.dns?.maxRecords ?? 8,
      propagationDelay: lb.dns?.propagationDelay ?? 0,
    },
    controller,
    allUnhealthy: td.allUnhealthy,
    targetGroupHealth,
    capacityUnits,
    interZoneLatency: resolveInterZoneLatency(lb.interZoneLatency),
  };
  return loadBalancer;
}

type ThresholdInput = { count?: number | "off"; percentage?: number | "off" };

/**
 * Target group health thresholds (application and network; docs/aws-behaviour.md#target-group-health-thresholds):
 * AWS's defaults are one healthy target for both actions and no percentage, and "the threshold for
 * DNS failover must be greater than or equal to the threshold for routing failover".
 */
function resolveTargetGroupHealth(
  input: { dnsFailover?: ThresholdInput; routingFailover?: ThresholdInput } | undefined,
  type: LbType,
  fail: (path: string, message: string) => void,
): LoadBalancerSettings["targetGroupHealth"] {
  const path = "loadBalancer.targetGroupHealth";
  if (input && type === "classic") fail(path, "is an application and network load balancer setting, not classic");
  const resolve = (t: ThresholdInput | undefined): HealthThreshold => {
    const count = t?.count ?? 1;
    const percentage = t?.percentage ?? "off";
    return { count: count === "off" ? null : count, percentage: percentage === "off" ? null : percentage };
  };
  const dnsFailover = resolve(input?.dnsFailover);
  const routingFailover = resolve(input?.routingFailover);
  if (routingFailover.count === null)
    fail(`${path}.routingFailover.count`, "must be 1 or more (off is for DNS failover only)");
  for (const key of ["count", "percentage"] as const) {
    const dns = dnsFailover[key];
    const routing = routingFailover[key];
    if (dns !== null && routing !== null && dns < routing) {
      fail(`${path}.dnsFailover.${key}`, `must be at least routingFailover.${key} (${routing}), got ${dns}`);
    }
  }
  return { dnsFailover, routingFailover };
}
