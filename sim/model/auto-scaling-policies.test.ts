// Scaling policies driving a group in a run (docs/aws-behaviour.md#dynamic-scaling). Constant
// arrivals make every datapoint exact: r requests per second spread over n instances is
// 60·r/n requests per instance per minute.
import { describe, expect, it } from "vitest";
import type { LogEntry } from "../metrics/result";
import { runScenario } from "../run";
import { seriesValues, testScenario } from "./test-scenario";

function run(policies: unknown[], rate: unknown, extra: Record<string, unknown> = {}, seed = 1) {
  return runScenario(
    testScenario(
      {
        duration: "30m",
        targets: [],
        autoScalingGroups: [
          {
            name: "web",
            min: 2,
            max: 20,
            launchTime: "30s",
            defaultInstanceWarmup: "60s",
            // 10 workers × 0.1 s: 100 requests/s per instance.
            concurrency: 10,
            queue: 100,
            serviceTime: "100ms",
            policies,
            ...extra,
          },
        ],
        clients: [{ name: "c", count: 500, arrival: "constant", rate }],
      },
      { seed },
    ),
  );
}

const of = (log: readonly LogEntry[], type: string) => log.filter((e) => e.type === type);
const tracking = (target: number, name = "requests") => ({
  type: "target-tracking",
  name,
  metric: "ALBRequestCountPerTarget",
  target,
});
// 100 requests/s, 400 from 5 m, 100 again from 10 m.
const crowd = [
  { at: "0s", rps: 100 },
  { at: "5m", rps: 100 },
  { at: "5m", rps: 400 },
  { at: "10m", rps: 400 },
  { at: "10m", rps: 100 },
];

describe("target tracking in a run", () => {
  for (const seed of [1, 2]) {
    it(`scales out after 3 datapoints above the target, once, and in after 15 below (seed ${seed})`, () => {
      const { result, timeseries } = run([tracking(3500)], crowd, {}, seed);
      // Datapoints close every 60 s. The crowd's first is [5m, 6m): 60·400/2 = 12,000 per
      // instance; the third such, at 8 m, alarms: ceil(12,000 × 2 / 3,500) = 7 instances.
      const launches = of(result.log, "asg-launch");
      expect(launches.map((e) => e.at)).toEqual(Array(5).fill(480));
      expect(new Set(launches.map((e) => e.cause))).toEqual(new Set(["requests"]));
      // The 5 are in service at 8m30s and warm up until 9m30s; the 2 counted meanwhile carry
      // 400/7 requests/s each, 3,429 a minute: not above the target, so nothing is launched again.
      // From [9m, 10m) every datapoint is below (3,429, then 60·100/7 = 857 per instance); the
      // 15th, at 24 m, scales in to ceil(857 × 7 / 3,500) = 2.
      const terminations = of(result.log, "asg-terminate");
      expect(terminations.map((e) => e.at)).toEqual(Array(5).fill(1440));
      const desired = seriesValues(timeseries, "GroupDesiredCapacity", "asg=web");
      expect(desired[47]).toBe(2); // bucket [470 s, 480 s)
      expect(desired[48]).toBe(7);
      expect(desired.at(-1)).toBe(2);
      expect(result.autoScaling).toMatchObject([
        { name: "web", launches: 5, terminations: 5, replacements: 0, peakDesired: 7, desired: 2, inService: 2 },
      ]);
    });
  }

  it("takes the policy with the largest capacity", () => {
    // "Amazon EC2 Auto Scaling chooses the policy that provides the largest capacity": 24,000
    // requests a minute at 3,500 per instance is 7; at 3,200 it is 8. Both alarm at 8 m.
    const { result } = run([tracking(3500, "loose"), tracking(3200, "tight")], crowd);
    const launches = of(result.log, "asg-launch");
    expect(launches).toHaveLength(6);
    expect(new Set(launches.map((e) => [e.at, e.cause].join()))).toEqual(new Set(["480,tight"]));
  });

  it("scales in no further than min, and not at all with scale-in disabled", () => {
    const low = [{ at: "0s", rps: 10 }];
    const floor = run([tracking(3000)], low, { min: 3, desired: 6 });
    expect(of(floor.result.log, "asg-terminate")).toHaveLength(3);
    const off = run([{ ...tracking(3000), disableScaleIn: true }], low, { min: 3, desired: 6 });
    expect(of(off.result.log, "asg-terminate")).toHaveLength(0);
  });
});

describe("several policies scaling in", () => {
  // https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html: "It will
  // scale out the Auto Scaling group if any of the target tracking policies are ready for scale
  // out, but will scale in only if all of the target tracking policies (with the scale-in portion
  // enabled) are ready to scale in."
  const low = [{ at: "0s", rps: 10 }];
  const cpu = { type: "target-tracking", name: "cpu", metric: "ASGAverageCPUUtilization", target: 50 };

  it("a target tracking policy with scale-in disabled does not hold the others' scale-in", () => {
    // 10 requests/s on 6 instances is 100 a minute each, far below 3,000: the request policy's 15th
    // datapoint, at 15 m, scales in to min. The CPU policy (scale-in disabled) never proposes one.
    const { result } = run([tracking(3000), { ...cpu, disableScaleIn: true }], low, { min: 3, desired: 6 });
    const terminations = of(result.log, "asg-terminate");
    expect(terminations.map((e) => e.at)).toEqual([900, 900, 900]);
    expect(new Set(terminations.map((e) => e.cause))).toEqual(new Set(["requests"]));
  });

  it("target tracking scales in only once every enabled target tracking policy is ready", () => {
    // The CPU policy's target is 2 %: 10 requests/s × 0.1 s over 6 instances of 10 workers keeps
    // them about 1.7 % busy, below it, so both policies are ready only at their 15th datapoint; the
    // CPU policy then asks for ceil(1.7 × 6 / 2) = 5 instances, the largest capacity, not 3.
    const { result } = run([tracking(3000), { ...cpu, target: 2 }], low, { min: 3, desired: 6 });
    const terminations = of(result.log, "asg-terminate");
    expect(terminations.map((e) => [e.at, e.cause])).toEqual([[900, "cpu"]]);
  });

  it("a step policy's scale-in is not blocked by a target tracking policy not yet ready", () => {
    // Same page: "if the step scaling policy initiates a scale-in activity before the target
    // tracking policy is ready to scale in, the scale-in activity will not be blocked." The step
    // policy alarms on the first datapoint (CPU about 1.7 %, below 20) and removes 1; the target
    // tracking policy needs 15 datapoints below its target before it would scale in.
    const stepIn = {
      type: "step",
      name: "step-in",
      metric: "ASGAverageCPUUtilization",
      comparison: "<=",
      threshold: 20,
      steps: [{ upper: 0, adjustment: -1 }],
    };
    const { result } = run([tracking(3000), stepIn], low, { min: 3, desired: 6 });
    const terminations = of(result.log, "asg-terminate");
    expect(terminations[0]).toMatchObject({ at: 60, cause: "step-in" });
  });
});

describe("target tracking on each metric", () => {
  // 100 requests/s on 2 instances of 10 workers × 0.1 s: each is half busy (ρ = 0.5), holds about
  // 5 requests (Little: λ·S = 50/s × 0.1 s, the queue negligible at ρ = 0.5 with 10 workers) and
  // answers in about 0.1 s. Each target is set so that load / target is 3.3: 4 instances after 3
  // datapoints, whatever the metric's unit.
  for (const [metric, target] of [
    ["ASGAverageCPUUtilization", 30],
    ["InFlightPerTarget", 3],
    ["TargetResponseTime", 0.06],
    ["ALBRequestCountPerTarget", 1800],
  ] as const) {
    it(`${metric}: 2 → 4 instances at 3 minutes`, () => {
      const { result } = run([{ type: "target-tracking", metric, target }], [{ at: "0s", rps: 100 }], { max: 4 });
      const launches = of(result.log, "asg-launch");
      expect(launches.map((e) => e.at)).toEqual([180, 180]);
    });
  }
});

describe("simple scaling in a run", () => {
  it("waits for the activity to finish and the cooldown to end before acting again", () => {
    // "After your Auto Scaling group launches or terminates instances, it waits for a cooldown period
    // to end before any further scaling activities initiated by simple scaling policies can start";
    // it "begins when the last instance finishes launching". +1 at 60 s, in service at 90 s,
    // cooldown to 210 s: the next alarm acted on is at 240 s, then 420 s.
    const simple = {
      type: "simple",
      metric: "ALBRequestCountPerTarget",
      comparison: ">=",
      threshold: 4000,
      adjustment: 1,
      cooldown: "120s",
    };
    const { result } = run([simple], [{ at: "0s", rps: 400 }], { max: 5 });
    expect(of(result.log, "asg-launch").map((e) => e.at)).toEqual([60, 240, 420]);
  });
});

describe("step scaling in a run", () => {
  it("scales by the step the breach falls in", () => {
    // CPU: 180 requests/s on 2 instances of 100 each keeps their workers 90 % busy: 40 above a
    // 50 % threshold is the [30, ∞) step, +4, at the first datapoint; 6 instances are then 30 %
    // busy, below the threshold.
    const step = {
      type: "step",
      metric: "ASGAverageCPUUtilization",
      threshold: 50,
      steps: [
        { lower: 0, upper: 30, adjustment: 1 },
        { lower: 30, adjustment: 4 },
      ],
    };
    const { result } = run([step], [{ at: "0s", rps: 180 }], { max: 10 });
    const launches = of(result.log, "asg-launch");
    expect(launches.slice(0, 4).map((e) => e.at)).toEqual([60, 60, 60, 60]);
    expect(launches).toHaveLength(4);
  });
});
