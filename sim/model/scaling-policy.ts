// Dynamic scaling policies of an Auto Scaling group (docs/aws-behaviour.md#dynamic-scaling): each
// takes one metric datapoint per period and proposes a capacity, or nothing. The group combines
// the proposals (auto-scaling-group.ts): "the policy that provides the largest capacity for both
// scale out and scale in" wins.
import type {
  AdjustmentType,
  Comparison,
  ScalingPolicySettings,
  SimpleSettings,
  StepSettings,
  TargetTrackingSettings,
} from "../scenario/auto-scaling";

/** What a policy sees of its group when it proposes. */
export interface CapacityView {
  now: number;
  desired: number;
  min: number;
  max: number;
  /** Instances launching or in service and still warming up (for this policy's warm-up). */
  warming: number;
  /** In-service instances whose metrics count (warmed up for the whole period). */
  counted: number;
  /** Whether a simple policy may act now: no scaling activity in progress nor cooldown running. */
  simpleReady: boolean;
}

export interface Proposal {
  capacity: number;
}

/**
 * Target tracking's alarms (docs/aws-behaviour.md#target-tracking): scale out on 3 consecutive
 * datapoints above the target, scale in on 15 below it, so a group scales out quickly and in
 * gradually. AWS documents no count: these are elbsim's choice (docs/design.md#target-tracking-alarms).
 */
export const SCALE_OUT_DATAPOINTS = 3;
export const SCALE_IN_DATAPOINTS = 15;

export abstract class ScalingPolicy {
  /** Datapoints so far, newest last (NaN: missing, as with no instance to measure). */
  protected readonly history: number[] = [];
  /** The latest proposal, kept until the next datapoint. */
  proposal: Proposal | null = null;

  constructor(readonly settings: ScalingPolicySettings) {}

  get name(): string {
    return this.settings.name;
  }

  /** A datapoint closed: record it and propose again. */
  datapoint(value: number, view: CapacityView): void {
    this.history.push(value);
    if (this.history.length > 1000) this.history.splice(0, this.history.length - 1000);
    this.proposal = this.propose(value, view);
  }

  /** Whether this policy agrees to a scale-in now (target tracking only blocks one by not agreeing). */
  readyToScaleIn(desired: number): boolean {
    return this.proposal !== null && this.proposal.capacity < desired;
  }

  /** The policy launched (or terminated) instances: step policies remember from where. */
  scaled(_before: number, _after: number): void {}

  protected abstract propose(value: number, view: CapacityView): Proposal | null;

  /** Whether the last n datapoints all satisfy `test` (a missing one never does). */
  protected lastAll(n: number, test: (x: number) => boolean): boolean {
    if (this.history.length < n) return false;
    for (let k = this.history.length - n; k < this.history.length; k++) {
      const x = this.history[k];
      if (Number.isNaN(x) || !test(x)) return false;
    }
    return true;
  }
}

/** Capacity keeping the metric at its target: the counted instances' load over the target per instance. */
export class TargetTracking extends ScalingPolicy {
  declare readonly settings: TargetTrackingSettings;

  protected propose(value: number, view: CapacityView): Proposal | null {
    const { target } = this.settings;
    if (Number.isNaN(value)) return null;
    // value × counted is the load the counted instances carry; instances still warming count in
    // the desired capacity already, so their launches are not repeated (docs/aws-behaviour.md#instance-warm-up).
    const needed = clamp(Math.ceil((value * view.counted * (1 - 1e-12)) / target), view);
    if (this.lastAll(SCALE_OUT_DATAPOINTS, (x) => x > target)) {
      return needed > view.desired ? { capacity: needed } : null;
    }
    // "This blocks dynamic scale in until instances finish warming up."
    if (this.settings.disableScaleIn || view.warming > 0) return null;
    if (this.lastAll(SCALE_IN_DATAPOINTS, (x) => x < target) && needed < view.desired) return { capacity: needed };
    return null;
  }
}

/** Alarm on the metric: `datapointsToAlarm` of the last `evaluationPeriods` datapoints breach. */
abstract class AlarmPolicy extends ScalingPolicy {
  declare readonly settings: StepSettings | SimpleSettings;

  protected inAlarm(): boolean {
    const { evaluationPeriods, datapointsToAlarm, comparison, threshold } = this.settings;
    const recent = this.history.slice(-evaluationPeriods);
    return recent.filter((x) => !Number.isNaN(x) && breaches(x, comparison, threshold)).length >= datapointsToAlarm;
  }
}

/**
 * Step scaling (docs/aws-behaviour.md#step-scaling): the step whose bounds, relative to the
 * threshold, hold the breach sets the adjustment. While instances it launched warm up, a breach
 * in the same step adds nothing, and one in a higher step adds only the difference: the policy
 * adjusts from the capacity it had before that scale-out.
 */
export class StepScaling extends AlarmPolicy {
  declare readonly settings: StepSettings;
  private outBase = Number.NaN;

  protected propose(value: number, view: CapacityView): Proposal | null {
    if (view.warming === 0) this.outBase = Number.NaN;
    if (!this.inAlarm() || Number.isNaN(value)) return null;
    const diff = value - this.settings.threshold;
    // Above the threshold a step holds [lower, upper); below it (lower, upper].
    const step = this.settings.steps.find((s) =>
      diff >= 0 ? s.lower <= diff && diff < s.upper : s.lower < diff && diff <= s.upper,
    );
    if (!step) return null;
    const base = Number.isNaN(this.outBase) ? view.desired : this.outBase;
    const capacity = clamp(adjusted(this.settings.adjustmentType, base, step.adjustment), view);
    if (capacity > view.desired) return { capacity };
    if (capacity < view.desired && view.warming === 0) return { capacity };
    return null;
  }

  override scaled(before: number, after: number): void {
    if (after > before && Number.isNaN(this.outBase)) this.outBase = before;
  }
}

/** Simple scaling (docs/aws-behaviour.md#cooldown): one adjustment, then nothing until the cooldown ends. */
export class SimpleScaling extends AlarmPolicy {
  declare readonly settings: SimpleSettings;

  protected propose(value: number, view: CapacityView): Proposal | null {
    if (!this.inAlarm() || Number.isNaN(value) || !view.simpleReady) return null;
    const capacity = clamp(adjusted(this.settings.adjustmentType, view.desired, this.settings.adjustment), view);
    return capacity !== view.desired ? { capacity } : null;
  }
}

export function makePolicy(settings: ScalingPolicySettings): ScalingPolicy {
  if (settings.type === "target-tracking") return new TargetTracking(settings);
  if (settings.type === "step") return new StepScaling(settings);
  return new SimpleScaling(settings);
}

function breaches(x: number, comparison: Comparison, threshold: number): boolean {
  if (comparison === ">") return x > threshold;
  if (comparison === ">=") return x >= threshold;
  if (comparison === "<") return x < threshold;
  return x <= threshold;
}

/**
 * A capacity after an adjustment (docs/aws-behaviour.md#scaling-adjustment-types). A percentage
 * change rounds as AWS documents: "Values greater than 1 are rounded down", "values between 0 and
 * 1 are rounded to 1", "values between 0 and -1 are rounded to -1", "values less than -1 are
 * rounded up".
 */
export function adjusted(type: AdjustmentType, capacity: number, adjustment: number): number {
  if (type === "ExactCapacity") return adjustment;
  if (type === "ChangeInCapacity") return capacity + adjustment;
  const change = (capacity * adjustment) / 100;
  if (change === 0) return capacity;
  return capacity + (Math.abs(change) < 1 ? Math.sign(change) : Math.trunc(change));
}

function clamp(capacity: number, view: CapacityView): number {
  return Math.min(view.max, Math.max(view.min, capacity));
}
