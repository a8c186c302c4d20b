// Dynamic scaling policies on given datapoints (docs/aws-behaviour.md#dynamic-scaling).
import { describe, expect, it } from "vitest";
import type { StepSettings, TargetTrackingSettings } from "../scenario/auto-scaling";
import {
  adjusted,
  type CapacityView,
  SCALE_IN_DATAPOINTS,
  SCALE_OUT_DATAPOINTS,
  StepScaling,
  TargetTracking,
} from "./scaling-policy";

const tracking: TargetTrackingSettings = {
  type: "target-tracking",
  name: "tt",
  metric: "ALBRequestCountPerTarget",
  period: 60,
  target: 1000,
  disableScaleIn: false,
  warmup: 300,
};

function view(extra: Partial<CapacityView> = {}): CapacityView {
  return { now: 0, desired: 4, min: 1, max: 20, warming: 0, counted: 4, simpleReady: true, ...extra };
}

describe("target tracking", () => {
  it(`scales out after ${SCALE_OUT_DATAPOINTS} datapoints above the target, to load / target`, () => {
    // Scale out quickly: 3 one-minute datapoints above the target.
    const p = new TargetTracking(tracking);
    p.datapoint(2000, view());
    p.datapoint(2000, view());
    expect(p.proposal).toBeNull();
    p.datapoint(2000, view());
    // 4 instances × 2000 requests each at 1000 per instance: 8.
    expect(p.proposal).toEqual({ capacity: 8 });
  });

  it("counts only warmed-up instances' load, and warming instances in the capacity it has", () => {
    // "While instances are warming up, dynamic scaling policies scale out only if the metric value
    // from instances that are not warming up is greater than the policy's target utilization", and
    // instances warming up count as part of the current capacity: 8 desired, of which 4 warm up;
    // the 4 counted carry 4 × 1500 = 6000 requests → 6 < 8, so no new launch.
    const p = new TargetTracking(tracking);
    for (let k = 0; k < 3; k++) p.datapoint(1500, view({ desired: 8, warming: 4, counted: 4 }));
    expect(p.proposal).toBeNull();
    for (let k = 0; k < 3; k++) p.datapoint(2500, view({ desired: 8, warming: 4, counted: 4 }));
    expect(p.proposal).toEqual({ capacity: 10 });
  });

  it(`scales in only after ${SCALE_IN_DATAPOINTS} datapoints below the target, and not while instances warm up`, () => {
    // Scale in gradually; "This blocks dynamic scale in until instances finish warming up."
    const p = new TargetTracking(tracking);
    for (let k = 0; k < SCALE_IN_DATAPOINTS - 1; k++) {
      p.datapoint(400, view());
      expect(p.proposal).toBeNull();
    }
    p.datapoint(400, view({ warming: 1 }));
    expect(p.proposal).toBeNull();
    p.datapoint(400, view());
    // 4 × 400 = 1600 requests at 1000 per instance: 2.
    expect(p.proposal).toEqual({ capacity: 2 });
    const off = new TargetTracking({ ...tracking, disableScaleIn: true });
    for (let k = 0; k < SCALE_IN_DATAPOINTS; k++) off.datapoint(400, view());
    expect(off.proposal).toBeNull();
  });

  it("does nothing on missing data", () => {
    // A target tracking policy "does not perform scaling when the specified metric has insufficient data".
    const p = new TargetTracking(tracking);
    p.datapoint(2000, view());
    p.datapoint(Number.NaN, view({ counted: 0 }));
    p.datapoint(2000, view());
    expect(p.proposal).toBeNull();
  });
});

const steps: StepSettings = {
  type: "step",
  name: "steps",
  metric: "ASGAverageCPUUtilization",
  period: 60,
  comparison: ">=",
  threshold: 50,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  adjustmentType: "ChangeInCapacity",
  // [50, 60) +1, [60, 80) +2, [80, ∞) +4
  steps: [
    { lower: 0, upper: 10, adjustment: 1 },
    { lower: 10, upper: 30, adjustment: 2 },
    { lower: 30, upper: Infinity, adjustment: 4 },
  ],
  warmup: 300,
};

describe("step scaling", () => {
  it("takes the step whose bounds hold the breach", () => {
    // "To trigger the adjustment when the metric is greater than or equal to 50 and less than 60,
    // specify a lower bound of 0 and an upper bound of 10."
    for (const [metric, capacity] of [
      [49.9, null],
      [50, 5],
      [59.9, 5],
      [60, 6],
      [95, 8],
    ] as const) {
      const p = new StepScaling(steps);
      p.datapoint(metric, view());
      expect(p.proposal?.capacity ?? null).toBe(capacity);
    }
  });

  it("while its instances warm up, adds only the difference to a higher step", () => {
    // Instances warming up count toward current capacity, so "multiple alarm breaches that fall in
    // the same step adjustment range result in a single scaling activity".
    const p = new StepScaling(steps);
    p.datapoint(55, view());
    expect(p.proposal).toEqual({ capacity: 5 });
    p.scaled(4, 5);
    p.datapoint(55, view({ desired: 5, warming: 1 }));
    expect(p.proposal).toBeNull();
    p.datapoint(85, view({ desired: 5, warming: 1 }));
    expect(p.proposal).toEqual({ capacity: 8 });
  });

  it("needs datapointsToAlarm of evaluationPeriods to breach", () => {
    const p = new StepScaling({ ...steps, evaluationPeriods: 3, datapointsToAlarm: 2 });
    p.datapoint(70, view());
    expect(p.proposal).toBeNull();
    p.datapoint(10, view());
    expect(p.proposal).toBeNull();
    p.datapoint(70, view());
    expect(p.proposal).toEqual({ capacity: 6 });
  });
});

describe("adjustment types", () => {
  it("rounds percentage changes as documented", () => {
    // https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-simple-step.html#as-scaling-adjustment:
    // "Values greater than 1 are rounded down. For example, 12.7 is rounded to 12. Values between 0
    // and 1 are rounded to 1 ... Values between 0 and -1 are rounded to -1 ... Values less than -1
    // are rounded up. For example, -6.67 is rounded to -6." The change is what rounds: "add 30
    // percent of 11 instances, 3.3 instances, rounded down to 3 instances".
    expect(adjusted("PercentChangeInCapacity", 11, 30)).toBe(14); // +3.3 → +3, the guide's example
    expect(adjusted("PercentChangeInCapacity", 14, -10)).toBe(13); // -1.4 → -1, the guide's example
    expect(adjusted("PercentChangeInCapacity", 10, 25)).toBe(12); // +2.5 → +2
    expect(adjusted("PercentChangeInCapacity", 2, 25)).toBe(3); // +0.5 → +1
    expect(adjusted("PercentChangeInCapacity", 2, -25)).toBe(1); // -0.5 → -1
    expect(adjusted("PercentChangeInCapacity", 10, -25)).toBe(8); // -2.5 → -2
    expect(adjusted("ChangeInCapacity", 10, -3)).toBe(7);
    expect(adjusted("ExactCapacity", 10, 3)).toBe(3);
  });
});
