// The `autoScalingGroups` part of the scenario format (docs/design.md#auto-scaling-groups): EC2
// Auto Scaling groups whose instances are the load balancer's targets. schema.ts builds it with
// its own field helpers (durations, bounded numbers, distributions), so this file imports none
// of schema.ts and no import cycle forms. Defaults and the checks across fields are in
// auto-scaling.ts.
import { z } from "zod";

/** The field builders schema.ts lends (one shape for each, as schema.ts defines them). */
export interface FieldHelpers<Distribution extends z.ZodType> {
  duration(range: { min: number; max: number }): z.ZodType<number>;
  number(range: { min: number; max: number }, integer?: boolean): z.ZodType<number>;
  numberOrUnlimited(range: { min: number; max: number }, integer?: boolean): z.ZodType<number>;
  id: z.ZodType<string>;
  distribution: Distribution;
  serviceTime: z.ZodType;
}

/** Predefined metrics (docs/aws-behaviour.md#target-tracking-metrics) and the custom ones elbsim can publish. */
export const PREDEFINED_METRICS = ["ALBRequestCountPerTarget", "ASGAverageCPUUtilization"] as const;
export const CUSTOM_METRICS = ["TargetResponseTime", "InFlightPerTarget"] as const;
export const SCALING_METRICS = [...PREDEFINED_METRICS, ...CUSTOM_METRICS] as const;
export type ScalingMetric = (typeof SCALING_METRICS)[number];

/** Termination policies (docs/aws-behaviour.md#termination-policy), as scenario files name them. */
export const TERMINATION_POLICIES = [
  "default",
  "oldest-instance",
  "newest-instance",
  "closest-to-next-instance-hour",
] as const;
export const ADJUSTMENT_TYPES = ["ChangeInCapacity", "PercentChangeInCapacity", "ExactCapacity"] as const;
export const COMPARISONS = [">", ">=", "<", "<="] as const;

const DAY = 86400;
/** Group sizes: whole instances, at most 10,000 per group (each instance is a target slot). */
const SIZE = { min: 0, max: 10_000 };
const ADJUSTMENT = { min: -10_000, max: 10_000 };
const METRIC_VALUE = { min: -1e12, max: 1e12 };

export function autoScalingGroupsSchema<D extends z.ZodType>(f: FieldHelpers<D>) {
  const time = f.duration({ min: 0, max: 30 * DAY });
  // Checked in auto-scaling.ts, which suggests the nearest name; editors get the list.
  const metric = z.string().meta({ enum: [...SCALING_METRICS] });
  const launchTime = z.union([f.duration({ min: 0, max: 3600 }), f.distribution]);
  const alarm = {
    name: f.id.optional(),
    /** The metric the alarm watches: a predefined one or a custom one. */
    metric,
    /** Seconds per datapoint (the metric's period). */
    period: f.duration({ min: 10, max: 3600 }).optional(),
    comparison: z.enum(COMPARISONS).default(">="),
    threshold: f.number(METRIC_VALUE),
    evaluationPeriods: f.number({ min: 1, max: 1000 }, true).default(1),
    datapointsToAlarm: f.number({ min: 1, max: 1000 }, true).optional(),
    adjustmentType: z.enum(ADJUSTMENT_TYPES).default("ChangeInCapacity"),
  };
  const step = z.strictObject({
    lower: f.number(METRIC_VALUE).optional(),
    upper: f.number(METRIC_VALUE).optional(),
    adjustment: f.number(ADJUSTMENT, true),
  });
  const policy = z.discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("target-tracking"),
      name: f.id.optional(),
      metric,
      target: f.number({ min: 1e-9, max: 1e12 }),
      period: f.duration({ min: 10, max: 3600 }).optional(),
      disableScaleIn: z.boolean().default(false),
      /** The policy's own instance warm-up (EstimatedInstanceWarmup); default the group's. */
      instanceWarmup: f.duration({ min: 0, max: 3600 }).optional(),
    }),
    z.strictObject({
      type: z.literal("step"),
      ...alarm,
      steps: z.array(step).min(1, { error: "needs at least one step adjustment" }),
      instanceWarmup: f.duration({ min: 0, max: 3600 }).optional(),
    }),
    z.strictObject({
      type: z.literal("simple"),
      ...alarm,
      adjustment: f.number(ADJUSTMENT, true),
      /** Overrides the group's defaultCooldown for this policy. */
      cooldown: f.duration({ min: 0, max: DAY }).optional(),
    }),
  ]);
  const scheduledAction = z.strictObject({
    name: f.id.optional(),
    at: time,
    min: f.number(SIZE, true).optional(),
    max: f.number(SIZE, true).optional(),
    desired: f.number(SIZE, true).optional(),
  });
  const group = z.strictObject({
    name: f.id,
    /** The zones the group launches into; default every zone of the scenario. */
    zones: z.array(z.string()).min(1, { error: "needs at least one zone" }).optional(),
    min: f.number(SIZE, true),
    max: f.number(SIZE, true),
    /** The desired capacity at the start; default min. The run starts with these instances in service. */
    desired: f.number(SIZE, true).optional(),
    /** From a launch decision to the instance InService and registered: boot plus application start. */
    launchTime: launchTime.default(60),
    concurrency: f.number({ min: 1, max: 100_000 }, true),
    queue: f.numberOrUnlimited({ min: 0, max: 1e9 }, true).default(Infinity),
    serviceTime: f.serviceTime,
    /** `elb`: the group also replaces instances the load balancer's health checks find unhealthy. */
    healthCheckType: z.enum(["ec2", "elb"]).default("ec2"),
    healthCheckGracePeriod: f.duration({ min: 0, max: 7200 }).default(0),
    /** Seconds after InService before an instance's metrics count; off (null) by default. */
    defaultInstanceWarmup: f.duration({ min: 0, max: 3600 }).optional(),
    defaultCooldown: f.duration({ min: 0, max: DAY }).default(300),
    terminationPolicy: z.enum(TERMINATION_POLICIES).default("default"),
    policies: z.array(policy).default([]),
    scheduledActions: z.array(scheduledAction).default([]),
  });
  return z.array(group).default([]);
}
