// The load balancer's part of the scenario schema: its type, algorithm, nodes, health checks,
// deregistration, stickiness, DNS, controller, target group health and capacity units.
import { z } from "zod";
import { capacitySchemas } from "./capacity-schema";
import { DAY, duration, number, numberOrUnlimited, RATE, LIMIT, TIME } from "./schema-primitives";

export const ALGORITHMS = ["round_robin", "least_outstanding_requests", "random", "flow_hash", "power_of_two"] as const;
export const LB_TYPES = ["classic", "application", "network"] as const;

const healthCheck = z.strictObject({
  /** `tcp` passes when the target accepts the connection; the type decides which are allowed (load-balancer-defaults.ts). */
  protocol: z.enum(["http", "tcp"]).optional(),
  // Ranges common to every type; the type-dependent ones (timeout) are checked in load-balancer-defaults.ts.
  interval: duration({ min: 5, max: 300, aws: true }).optional(),
  timeout: duration({ min: 2, max: 120, aws: true }).optional(),
  healthyThreshold: number({ min: 2, max: 10, aws: true }, true).optional(),
  unhealthyThreshold: number({ min: 2, max: 10, aws: true }, true).optional(),
});

/** A target group health threshold (docs/aws-behaviour.md#target-group-health-thresholds). */
const threshold = z.strictObject({
  count: z.union([z.literal("off"), number({ min: 1, max: 10000, aws: true }, true)]).optional(),
  percentage: z.union([z.literal("off"), number({ min: 1, max: 100, aws: true }, true)]).optional(),
});

const controller = z.strictObject({
  enabled: z.boolean().optional(),
  evaluationInterval: duration({ min: 1, max: 3600 }).optional(),
  scaleOutAt: number({ min: 0.01, max: 1 }).optional(),
  targetUtilization: number({ min: 0.01, max: 1 }).optional(),
  scaleInAt: number({ min: 0, max: 1 }).optional(),
  scaleInAfter: duration(TIME).optional(),
  provisioningTime: z.strictObject({ min: duration(TIME), max: duration(TIME) }).optional(),
  retireAfter: duration(TIME).optional(),
  minNodesPerZone: number({ min: 1, max: 100 }, true).optional(),
  maxNodesPerZone: number({ min: 1, max: 100 }, true).optional(),
});

// Capacity units, LCU reservation, inter-zone latency and pricing: capacity-schema.ts.
export const capacity = capacitySchemas({ number, duration });

export const loadBalancer = z.strictObject({
  type: z.enum(LB_TYPES).optional(),
  crossZone: z.boolean().optional(),
  algorithm: z.enum(ALGORITHMS).optional(),
  nodesPerZone: number({ min: 1, max: 100 }, true).optional(),
  node: z
    .strictObject({
      capacity: numberOrUnlimited({ min: 0.001, max: RATE.max }).optional(),
      surgeQueue: number({ min: 0, max: LIMIT }, true).optional(),
    })
    .optional(),
  healthCheck: healthCheck.optional(),
  deregistrationDelay: duration({ min: 0, max: 3600, aws: true }).optional(),
  idleTimeout: duration({ min: 1, max: 4000, aws: true }).optional(),
  slowStart: duration({ min: 0, max: 900, aws: true }).optional(),
  stickiness: z
    .strictObject({
      type: z.enum(["none", "lb_cookie", "app_cookie"]),
      duration: duration({ min: 1, max: 7 * DAY, aws: true }).optional(),
    })
    .optional(),
  dns: z
    .strictObject({
      ttl: duration(TIME).optional(),
      maxRecords: number({ min: 1, max: 100 }, true).optional(),
      propagationDelay: duration(TIME).optional(),
    })
    .optional(),
  controller: controller.optional(),
  targetGroupHealth: z
    .strictObject({ dnsFailover: threshold.optional(), routingFailover: threshold.optional() })
    .optional(),
  capacityUnits: capacity.capacityUnits.optional(),
  interZoneLatency: capacity.interZoneLatency.optional(),
});
