// Auto Scaling groups in a scenario file: defaults, and bad input refused with its path
// (docs/aws-behaviour.md#auto-scaling-groups).
import { describe, expect, it } from "vitest";
import { formatErrors, validateScenario } from "./load";

function load(group: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return validateScenario({
    version: 1,
    name: "t",
    duration: "30m",
    zones: ["a", "b"],
    loadBalancer: { type: "application" },
    targets: [],
    autoScalingGroups: [{ name: "web", min: 1, max: 4, concurrency: 4, serviceTime: "50ms", ...group }],
    clients: [{ name: "c", rate: 10 }],
    ...extra,
  });
}

function errors(group: Record<string, unknown>, extra: Record<string, unknown> = {}): string[] {
  const loaded = load(group, extra);
  return loaded.ok ? [] : formatErrors(loaded.errors);
}

describe("autoScalingGroups", () => {
  it("fills in AWS's API defaults", () => {
    const loaded = load({ policies: [{ type: "target-tracking", metric: "ALBRequestCountPerTarget", target: 500 }] });
    if (!loaded.ok) throw new Error(formatErrors(loaded.errors).join("\n"));
    const g = loaded.scenario.autoScalingGroups[0];
    // Desired defaults to min ("If you do not specify a desired capacity, the default is the minimum
    // size of the group", CreateAutoScalingGroup); every zone; grace period 0 s, "its default value is
    // 0 seconds when you create an Auto Scaling group using the AWS CLI or an SDK";
    // "Default: 300 seconds" for the cooldown, which is also the warm-up without a default
    // instance warmup; EC2 health checks.
    expect([g.desired, g.zones, g.healthCheckGracePeriod, g.defaultCooldown, g.healthCheckType]).toEqual([
      1,
      ["a", "b"],
      0,
      300,
      "ec2",
    ]);
    expect(g.policies[0]).toMatchObject({ period: 60, warmup: 300, disableScaleIn: false, name: "target-tracking-1" });
    // Twice the largest max per zone: web-a1 … web-a4, web-b1 … web-b4; the one instance in a.
    expect(g.slotIds).toEqual(["web-a1", "web-a2", "web-a3", "web-a4", "web-b1", "web-b2", "web-b3", "web-b4"]);
    expect(g.initialSlots).toEqual([0]);
  });

  it("refuses min above max and desired outside them", () => {
    // https://docs.aws.amazon.com/autoscaling/ec2/userguide/asg-capacity-limits.html: "The desired
    // capacity must be equal to or greater than the minimum group size, and equal to or less than the
    // maximum group size."
    expect(errors({ min: 5, max: 4 })).toEqual(["autoScalingGroups.0.min: must be at most max (4), got 5"]);
    expect(errors({ desired: 9 })).toEqual(["autoScalingGroups.0.desired: must be within min and max (1 to 4), got 9"]);
  });

  it("refuses an unknown metric, suggesting the nearest", () => {
    expect(errors({ policies: [{ type: "target-tracking", metric: "ALBRequestCountPerTargt", target: 5 }] })).toEqual([
      "autoScalingGroups.0.policies.0.metric: unknown metric ALBRequestCountPerTargt (did you mean ALBRequestCountPerTarget?); one of ALBRequestCountPerTarget, ASGAverageCPUUtilization, TargetResponseTime, InFlightPerTarget",
    ]);
    expect(
      errors(
        { policies: [{ type: "target-tracking", metric: "ALBRequestCountPerTarget", target: 5 }] },
        { loadBalancer: { type: "network" } },
      ),
    ).toEqual([
      "autoScalingGroups.0.policies.0.metric: ALBRequestCountPerTarget needs an application load balancer, got network",
    ]);
  });

  it("refuses two scheduled actions at one time", () => {
    // https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-scheduled-scaling.html#scheduled-scaling-limitations:
    // "A scheduled action must have a unique time value. If you attempt to schedule an activity at a
    // time when another scaling activity is already scheduled, the call is rejected."
    expect(
      errors({
        scheduledActions: [
          { at: "10m", desired: 3 },
          { at: "600s", min: 2 },
        ],
      }),
    ).toEqual([
      "autoScalingGroups.0.scheduledActions.1.at: overlaps scheduledActions.0 at 600s: a group's scheduled actions must have unique times",
    ]);
    expect(errors({ scheduledActions: [{ at: "10m", min: 6 }] })).toEqual([
      "autoScalingGroups.0.scheduledActions.0.min: leaves min (6) above max (4)",
    ]);
    expect(errors({ scheduledActions: [{ at: "10m", max: 8, desired: 9 }] })).toEqual([
      "autoScalingGroups.0.scheduledActions.0.desired: must be within min and max (1 to 8), got 9",
    ]);
  });

  it("refuses step adjustments with a gap or an overlap", () => {
    // "The ranges of your step adjustments can't overlap or have a gap."
    const step = (steps: unknown[]) => ({
      policies: [{ type: "step", metric: "ASGAverageCPUUtilization", threshold: 50, steps }],
    });
    expect(
      errors(
        step([
          { lower: 0, upper: 10, adjustment: 1 },
          { lower: 20, adjustment: 2 },
        ]),
      ),
    ).toEqual([
      "autoScalingGroups.0.policies.0.steps.1.lower: leaves a gap after step 0 (upper 10): step ranges can't overlap or have a gap",
    ]);
    expect(
      errors(
        step([
          { lower: 0, upper: 10, adjustment: 1 },
          { lower: 5, adjustment: 2 },
        ]),
      ),
    ).toEqual([
      "autoScalingGroups.0.policies.0.steps.1.lower: overlaps step 0 (upper 10): step ranges can't overlap or have a gap",
    ]);
    // "The upper and lower bound can't be null in the same step adjustment."
    expect(errors(step([{ adjustment: 1 }]))).toEqual([
      "autoScalingGroups.0.policies.0.steps.0: must give a lower or an upper bound (not neither)",
    ]);
    // "If one step adjustment has a positive upper bound, then there must be a step adjustment with
    // a null upper bound."
    expect(errors(step([{ lower: 0, upper: 10, adjustment: 1 }]))).toEqual([
      "autoScalingGroups.0.policies.0.steps.0.upper: a step with a positive upper bound needs a step with no upper bound",
    ]);
    expect(
      errors(
        step([
          { lower: 0, upper: 10, adjustment: 1 },
          { lower: 10, adjustment: 3 },
        ]),
      ),
    ).toEqual([]);
  });

  it("needs some target: a target group or an Auto Scaling group", () => {
    const loaded = validateScenario({
      version: 1,
      name: "t",
      duration: "1m",
      zones: ["a"],
      targets: [],
      clients: [{ name: "c", rate: 10 }],
    });
    expect(loaded.ok ? [] : formatErrors(loaded.errors)).toEqual(["targets: needs at least one target group"]);
  });

  it("lets timeline events name a group's targets, and refuses a group named as a zone", () => {
    expect(errors({}, { events: [{ at: "1m", fail: { target: "web-a4" } }] })).toEqual([]);
    expect(errors({}, { events: [{ at: "1m", fail: { target: "web-a5" } }] })[0]).toMatch(
      /^events\.0\.fail\.target: no target web-a5/,
    );
    expect(errors({ name: "a" })).toEqual(["autoScalingGroups.0.name: must not be a zone's name, got a"]);
  });
});
