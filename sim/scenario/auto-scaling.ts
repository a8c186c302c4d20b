// Auto Scaling groups as a run uses them (docs/design.md#auto-scaling-groups): the settings of
// auto-scaling-schema.ts with their defaults filled in, and the checks AWS's API makes when a
// group, a policy or a scheduled action is created (docs/aws-behaviour.md#auto-scaling-groups).
import type { DistributionSpec } from "../engine/distributions";
import { lognormalParams } from "../engine/distributions";
import { closest } from "./closest";
import type { ServiceTimeSpec } from "./service-time";
import type { ScenarioInput } from "./schema";
import { formatSeconds } from "./units";
import { SCALING_METRICS, type ScalingMetric } from "./auto-scaling-schema";

export type { ScalingMetric } from "./auto-scaling-schema";

export type AdjustmentType = "ChangeInCapacity" | "PercentChangeInCapacity" | "ExactCapacity";
export type Comparison = ">" | ">=" | "<" | "<=";

/** One step of a step policy: bounds relative to the alarm threshold (±Infinity when open). */
export interface StepAdjustment {
  lower: number;
  upper: number;
  adjustment: number;
}

interface PolicyBase {
  name: string;
  metric: ScalingMetric;
  /** Seconds per datapoint. */
  period: number;
}

export interface TargetTrackingSettings extends PolicyBase {
  type: "target-tracking";
  target: number;
  disableScaleIn: boolean;
  /** Seconds after InService before an instance's metrics count for this policy. */
  warmup: number;
}

interface AlarmSettings extends PolicyBase {
  comparison: Comparison;
  threshold: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  adjustmentType: AdjustmentType;
}

export interface StepSettings extends AlarmSettings {
  type: "step";
  steps: StepAdjustment[];
  warmup: number;
}

export interface SimpleSettings extends AlarmSettings {
  type: "simple";
  adjustment: number;
  cooldown: number;
}

export type ScalingPolicySettings = TargetTrackingSettings | StepSettings | SimpleSettings;

export interface ScheduledActionSettings {
  name: string;
  at: number;
  min: number | null;
  max: number | null;
  desired: number | null;
}

export interface AutoScalingGroupSettings {
  name: string;
  zones: string[];
  min: number;
  max: number;
  desired: number;
  launchTime: DistributionSpec;
  concurrency: number;
  queue: number;
  serviceTime: ServiceTimeSpec;
  healthCheckType: "ec2" | "elb";
  healthCheckGracePeriod: number;
  /** null: not enabled (policies then use defaultCooldown as their warm-up). */
  defaultInstanceWarmup: number | null;
  defaultCooldown: number;
  terminationPolicy: "default" | "oldest-instance" | "newest-instance" | "closest-to-next-instance-hour";
  policies: ScalingPolicySettings[];
  scheduledActions: ScheduledActionSettings[];
  /**
   * The group's target slots, zone by zone: twice its largest max over the run per zone, so that
   * instances still draining leave room for their replacements (docs/design.md#auto-scaling-groups).
   */
  slots: number;
  slotZones: string[];
  /** `<group>-<zone><n>`: `web-a1`, `web-a2`, … `web-b1`, … */
  slotIds: string[];
  /** The slots running from the start: the desired capacity balanced over the zones. */
  initialSlots: number[];
}

type GroupInput = ScenarioInput["autoScalingGroups"][number];
type Fail = (path: string, message: string) => void;

/** The metric datapoint period when a policy gives none: CloudWatch's one minute. */
export const DEFAULT_PERIOD = 60;

export function resolveAutoScalingGroups(input: ScenarioInput, lbType: string, fail: Fail): AutoScalingGroupSettings[] {
  const names = new Set<string>();
  return input.autoScalingGroups.map((g, i) => {
    const path = `autoScalingGroups.${i}`;
    if (names.has(g.name)) fail(`${path}.name`, `group ${g.name} is named twice`);
    names.add(g.name);
    // Its targets are `<name>-<n>`, as a zone's own targets are `<zone>-<n>`.
    if (input.zones.includes(g.name)) fail(`${path}.name`, `must not be a zone's name, got ${g.name}`);
    const zones = g.zones ?? input.zones;
    zones.forEach((zone, k) => {
      if (!input.zones.includes(zone))
        fail(`${path}.zones.${k}`, `must be one of the zones (${input.zones.join(", ")}), got ${zone}`);
      if (zones.indexOf(zone) !== k) fail(`${path}.zones.${k}`, `zone ${zone} is listed twice`);
    });
    // "The minimum size must be less than or equal to the maximum size", and the desired capacity
    // "must be greater than or equal to the minimum size and less than or equal to the maximum"
    // (docs/aws-behaviour.md#group-size).
    if (g.min > g.max) fail(`${path}.min`, `must be at most max (${g.max}), got ${g.min}`);
    const desired = g.desired ?? g.min;
    if (g.desired !== undefined && (g.desired < g.min || g.desired > g.max))
      fail(`${path}.desired`, `must be within min and max (${g.min} to ${g.max}), got ${g.desired}`);
    const serviceTime = spec(g.serviceTime, `${path}.serviceTime`, fail);
    const launchTime = spec(g.launchTime, `${path}.launchTime`, fail);
    const warmupDefault = g.defaultInstanceWarmup ?? g.defaultCooldown;
    const policyNames = new Set<string>();
    const policies = g.policies.map((p, j): ScalingPolicySettings => {
      const at = `${path}.policies.${j}`;
      const name = p.name ?? `${p.type}-${j + 1}`;
      if (policyNames.has(name)) fail(`${at}.name`, `policy ${name} is named twice`);
      policyNames.add(name);
      const metric = scalingMetric(p.metric, lbType, `${at}.metric`, fail);
      const period = p.period ?? DEFAULT_PERIOD;
      if (p.type === "target-tracking")
        return {
          type: p.type,
          name,
          metric,
          period,
          target: p.target,
          disableScaleIn: p.disableScaleIn,
          warmup: p.instanceWarmup ?? warmupDefault,
        };
      const datapointsToAlarm = p.datapointsToAlarm ?? p.evaluationPeriods;
      if (datapointsToAlarm > p.evaluationPeriods)
        fail(
          `${at}.datapointsToAlarm`,
          `must be at most evaluationPeriods (${p.evaluationPeriods}), got ${datapointsToAlarm}`,
        );
      const alarm = {
        name,
        metric,
        period,
        comparison: p.comparison,
        threshold: p.threshold,
        evaluationPeriods: p.evaluationPeriods,
        datapointsToAlarm,
        adjustmentType: p.adjustmentType,
      };
      if (p.type === "simple")
        return { type: p.type, ...alarm, adjustment: p.adjustment, cooldown: p.cooldown ?? g.defaultCooldown };
      const steps = p.steps.map((s) => ({
        lower: s.lower ?? -Infinity,
        upper: s.upper ?? Infinity,
        adjustment: s.adjustment,
      }));
      checkSteps(steps, `${at}.steps`, fail);
      return { type: p.type, ...alarm, steps, warmup: p.instanceWarmup ?? warmupDefault };
    });
    const scheduledActions = scheduled(g, desired, input.duration, `${path}.scheduledActions`, fail);
    const largest = Math.max(
      g.max,
      ...scheduledActions.map((a) => a.max ?? 0),
      ...scheduledActions.map((a) => a.desired ?? 0),
    );
    return {
      name: g.name,
      zones,
      min: g.min,
      max: g.max,
      desired,
      launchTime,
      concurrency: g.concurrency,
      queue: g.queue,
      serviceTime,
      healthCheckType: g.healthCheckType,
      healthCheckGracePeriod: g.healthCheckGracePeriod,
      defaultInstanceWarmup: g.defaultInstanceWarmup ?? null,
      defaultCooldown: g.defaultCooldown,
      terminationPolicy: g.terminationPolicy,
      policies,
      scheduledActions,
      ...slotLayout(g.name, zones, largest, desired),
    };
  });
}

/** Slots per zone for the largest capacity, in zone order; the initial instances round-robin over the zones. */
function slotLayout(
  name: string,
  zones: readonly string[],
  largest: number,
  desired: number,
): Pick<AutoScalingGroupSettings, "slots" | "slotZones" | "slotIds" | "initialSlots"> {
  const perZone = 2 * Math.ceil(largest / zones.length);
  const slotZones = zones.flatMap((zone) => Array<string>(perZone).fill(zone));
  const slotIds = zones.flatMap((zone) => Array.from({ length: perZone }, (_, j) => `${name}-${zone}${j + 1}`));
  const initialSlots = Array.from(
    { length: desired },
    (_, k) => (k % zones.length) * perZone + Math.floor(k / zones.length),
  );
  return { slots: slotZones.length, slotZones, slotIds, initialSlots };
}

/** A duration or a distribution as a spec; empirical (file) distributions are for target groups only. */
function spec(input: unknown, path: string, fail: Fail): DistributionSpec {
  if (typeof input === "number") return { distribution: "constant", mean: input };
  const d = input as DistributionSpec | { distribution: "empirical" };
  if (d.distribution === "empirical") {
    fail(`${path}.distribution`, "must be constant, exponential, lognormal or uniform for an Auto Scaling group");
    return { distribution: "constant", mean: 1 };
  }
  if (d.distribution === "lognormal" && !lognormalParams(d.mean, d.p99))
    fail(`${path}.p99`, "must be above the mean for a lognormal distribution");
  if (d.distribution === "uniform" && d.min > d.max) fail(`${path}.min`, "must not exceed max");
  return d;
}

function scalingMetric(name: string, lbType: string, path: string, fail: Fail): ScalingMetric {
  const known = SCALING_METRICS as readonly string[];
  if (!known.includes(name)) {
    const near = closest(name, known);
    fail(path, `unknown metric ${name}${near ? ` (did you mean ${near}?)` : ""}; one of ${known.join(", ")}`);
    return "ASGAverageCPUUtilization";
  }
  // "Average Application Load Balancer request count per target" (docs/aws-behaviour.md#target-tracking-metrics).
  if (name === "ALBRequestCountPerTarget" && lbType !== "application")
    fail(path, `ALBRequestCountPerTarget needs an application load balancer, got ${lbType}`);
  return name as ScalingMetric;
}

/**
 * The rules AWS gives for a step policy's adjustments (docs/aws-behaviour.md#step-adjustments):
 * "The ranges of your step adjustments can't overlap or have a gap", at most one open lower and
 * one open upper bound, never both in one step, and a negative lower bound (positive upper bound)
 * needs a step open below (above).
 */
function checkSteps(steps: StepAdjustment[], path: string, fail: Fail): void {
  steps.forEach((s, k) => {
    if (s.lower === -Infinity && s.upper === Infinity)
      fail(`${path}.${k}`, "must give a lower or an upper bound (not neither)");
    else if (!(s.lower < s.upper)) fail(`${path}.${k}.upper`, `must be above lower (${s.lower}), got ${s.upper}`);
  });
  const order = steps.map((s, k) => ({ ...s, k })).sort((a, b) => a.lower - b.lower);
  for (let k = 1; k < order.length; k++) {
    const [before, after] = [order[k - 1], order[k]];
    if (before.upper !== after.lower)
      fail(
        `${path}.${after.k}.lower`,
        `${after.lower < before.upper ? "overlaps" : "leaves a gap after"} step ${before.k} (upper ${before.upper}): step ranges can't overlap or have a gap`,
      );
  }
  if (order.some((s) => s.lower < 0) && order[0].lower !== -Infinity)
    fail(`${path}.${order[0].k}.lower`, "a step with a negative lower bound needs a step with no lower bound");
  const last = order[order.length - 1];
  if (order.some((s) => s.upper > 0 && s.upper !== Infinity) && last.upper !== Infinity)
    fail(`${path}.${last.k}.upper`, "a step with a positive upper bound needs a step with no upper bound");
}

/**
 * Scheduled actions: each within the run, at a time no other action of the group has
 * (docs/aws-behaviour.md#scheduled-actions: a second action at a time taken is rejected), and the
 * size each leaves consistent (min ≤ max, desired within them), taking the actions in time order.
 */
function scheduled(
  g: GroupInput,
  desired: number,
  duration: number,
  path: string,
  fail: Fail,
): ScheduledActionSettings[] {
  const actions = g.scheduledActions.map((a, k) => ({
    name: a.name ?? `scheduled-${k + 1}`,
    at: a.at,
    min: a.min ?? null,
    max: a.max ?? null,
    desired: a.desired ?? null,
    k,
  }));
  actions.forEach((a) => {
    const at = `${path}.${a.k}`;
    if (a.at > duration)
      fail(`${at}.at`, `must be at most the duration (${formatSeconds(duration)}), got ${formatSeconds(a.at)}`);
    const first = actions.find((b) => b.at === a.at);
    if (first && first.k !== a.k)
      fail(
        `${at}.at`,
        `overlaps scheduledActions.${first.k} at ${formatSeconds(a.at)}: a group's scheduled actions must have unique times`,
      );
    if (a.min === null && a.max === null && a.desired === null) fail(at, "needs min, max or desired");
  });
  let [min, max, size] = [g.min, g.max, desired];
  // A group whose own min is above its max is reported once, at the group.
  if (min > max) return actions.map(({ k: _, ...a }) => a);
  for (const a of [...actions].sort((x, y) => x.at - y.at || x.k - y.k)) {
    const at = `${path}.${a.k}`;
    [min, max] = [a.min ?? min, a.max ?? max];
    if (min > max) {
      fail(`${at}.${a.min !== null ? "min" : "max"}`, `leaves min (${min}) above max (${max})`);
      break;
    }
    if (a.desired !== null && (a.desired < min || a.desired > max))
      fail(`${at}.desired`, `must be within min and max (${min} to ${max}), got ${a.desired}`);
    size = Math.min(max, Math.max(min, a.desired ?? size));
  }
  return actions.map(({ k: _, ...a }) => a);
}
