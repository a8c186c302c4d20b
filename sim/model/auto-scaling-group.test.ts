// The Auto Scaling group through the load balancer (docs/aws-behaviour.md#auto-scaling-groups):
// launch, registration, health checks, scale-in with draining, warm-up, grace period, ELB health
// check replacement. Each test quotes the rule it checks.
import { describe, expect, it } from "vitest";
import type { LogEntry } from "../metrics/result";
import { Run, runScenario } from "../run";
import { exponential, seriesValues, testScenario } from "./test-scenario";

function group(extra: Record<string, unknown> = {}) {
  return {
    name: "web",
    min: 2,
    max: 10,
    launchTime: "30s",
    concurrency: 4,
    queue: 20,
    serviceTime: exponential(0.05),
    ...extra,
  };
}

function scenario(parts: Record<string, unknown>, seed = 1) {
  return testScenario(
    {
      duration: "10m",
      zones: ["a", "b"],
      loadBalancer: {
        type: "application",
        deregistrationDelay: "20s",
        healthCheck: { interval: "5s", timeout: "2s", healthyThreshold: 2, unhealthyThreshold: 2 },
      },
      targets: [],
      clients: [{ name: "c", count: 200, rate: 20 }],
      ...parts,
    },
    { seed },
  );
}

const entries = (log: readonly LogEntry[], type: string, target?: string) =>
  log.filter((e) => e.type === type && (target === undefined || e.target === target));

describe("an Auto Scaling group behind the load balancer", () => {
  it("starts with its desired instances in service, balanced across its zones", () => {
    const { result, timeseries } = runScenario(scenario({ autoScalingGroups: [group({ desired: 3 })] }));
    const used = result.targets.filter((t) => t.requests > 0);
    expect(used.map((t) => t.id)).toEqual(["web-a1", "web-a2", "web-b1"]);
    expect(used.map((t) => t.zone)).toEqual(["a", "a", "b"]);
    expect(seriesValues(timeseries, "GroupInServiceInstances", "asg=web").every((v) => v === 3)).toBe(true);
    expect(seriesValues(timeseries, "GroupDesiredCapacity", "asg=web").every((v) => v === 3)).toBe(true);
  });

  for (const seed of [1, 2, 3]) {
    it(`launches, registers after the launch time, then serves once healthy (seed ${seed})`, () => {
      // A scheduled action raises desired to 4 at 60 s: two launches, into the zones with fewest.
      const { result, timeseries } = runScenario(
        scenario({ autoScalingGroups: [group({ scheduledActions: [{ at: "60s", desired: 4 }] })] }, seed),
      );
      const launches = entries(result.log, "asg-launch");
      expect(launches.map((e) => [e.at, e.target, e.zone, e.cause])).toEqual([
        [60, "web-a2", "a", "scheduled-1"],
        [60, "web-b2", "b", "scheduled-1"],
      ]);
      for (const id of ["web-a2", "web-b2"]) {
        // Registered at launch + 30 s; "it must pass one health check to be considered healthy"
        // (application load balancer), so healthy within one 5 s interval of registering.
        const registered = entries(result.log, "register", id);
        expect(registered.map((e) => e.at)).toEqual([90]);
        const healthy = entries(result.log, "health", id).filter((e) => e.state === "healthy");
        expect(healthy.length).toBeGreaterThan(0);
        expect(healthy[0].at).toBeGreaterThan(90);
        expect(healthy[0].at).toBeLessThanOrEqual(95 + 1e-9);
        expect(result.targets.find((t) => t.id === id)!.requests).toBeGreaterThan(0);
      }
      // Pending from 60 s to 90 s, in the 10 s buckets that close in between.
      const pending = seriesValues(timeseries, "GroupPendingInstances", "asg=web");
      expect(pending.slice(6, 9)).toEqual([2, 2, 2]);
      expect(pending[10]).toBe(0);
    });
  }

  it("scales in by deregistering, waiting out the drain, then terminating", () => {
    // Desired 4 → 2 at 120 s. The default termination policy first balances zones, so one
    // instance goes from each zone; each drains before its slot is free.
    const { result, timeseries } = runScenario(
      scenario({
        autoScalingGroups: [group({ desired: 4, scheduledActions: [{ at: "2m", desired: 2 }] })],
        clients: [{ name: "c", count: 200, rate: 200 }],
      }),
    );
    const terminated = entries(result.log, "asg-terminate");
    expect(terminated).toHaveLength(2);
    expect(new Set(terminated.map((e) => e.zone))).toEqual(new Set(["a", "b"]));
    for (const e of terminated) {
      const dereg = entries(result.log, "deregister", e.target as string);
      const gone = entries(result.log, "deregistered", e.target as string);
      expect(dereg.map((d) => d.at)).toEqual([120]);
      // "The load balancer stops sending requests to targets that are deregistering": done when the
      // last in-flight request ends, within the 20 s delay.
      expect(gone).toHaveLength(1);
      expect(gone[0].at).toBeGreaterThanOrEqual(120);
      expect(gone[0].at).toBeLessThanOrEqual(140);
    }
    const terminating = seriesValues(timeseries, "GroupTerminatingInstances", "asg=web");
    expect(terminating.slice(14).every((v) => v === 0)).toBe(true);
    expect(seriesValues(timeseries, "GroupInServiceInstances", "asg=web").at(-1)).toBe(2);
  });

  it("replaces an instance the load balancer finds unhealthy only with ELB health checks on", () => {
    // "ELB health checks: checks whether the load balancer reports the instance as healthy ... To
    // run this health check type, you must turn it on for your Auto Scaling group."
    const events = [{ at: "60s", errors: { target: "web-a1", rate: 1 } }];
    for (const healthCheckType of ["ec2", "elb"]) {
      const { result } = runScenario(scenario({ autoScalingGroups: [group({ healthCheckType })], events }));
      const replaced = entries(result.log, "asg-terminate").filter((e) => e.cause === "elb-health-check");
      if (healthCheckType === "ec2") expect(replaced).toHaveLength(0);
      else {
        expect(replaced.map((e) => e.target)).toEqual(["web-a1"]);
        // Two failed checks 5 s apart from 60 s: unhealthy in both nodes' views by 75 s.
        expect(replaced[0].at).toBeGreaterThan(60);
        expect(replaced[0].at).toBeLessThan(80);
        const launch = entries(result.log, "asg-launch");
        expect(launch.map((e) => e.cause)).toEqual(["replace-unhealthy"]);
        expect(launch[0].zone).toBe(replaced[0].zone);
      }
    }
  });

  it("keeps an unhealthy new instance through its health check grace period", () => {
    // "The health check grace period specifies the minimum amount of time (in seconds) to keep a new
    // instance in service before terminating it if it's found to be unhealthy."
    const { result } = runScenario(
      scenario({
        autoScalingGroups: [
          group({
            healthCheckType: "elb",
            healthCheckGracePeriod: "2m",
            scheduledActions: [{ at: "30s", desired: 3 }],
          }),
        ],
        // web-a2 is InService at 60 s and answers 5xx from 61 s: unhealthy by about 75 s.
        events: [{ at: "61s", errors: { target: "web-a2", rate: 1 } }],
      }),
    );
    const unhealthy = entries(result.log, "health", "web-a2").filter((e) => e.state === "unhealthy");
    expect(unhealthy[0].at).toBeLessThan(80);
    const replaced = entries(result.log, "asg-terminate").filter((e) => e.cause === "elb-health-check");
    expect(replaced.map((e) => [e.target, e.at])).toEqual([["web-a2", 60 + 120]]);
  });

  it("makes a launch wait for a slot when draining instances hold every one", () => {
    // One zone, max 1: two slots. Requests of 400 s keep each terminated instance draining for the
    // whole 300 s delay, so the third launch waits for the first drain to end, at 60 + 300 s.
    const { result } = runScenario(
      testScenario({
        duration: "10m",
        loadBalancer: { type: "application", deregistrationDelay: "300s" },
        targets: [],
        autoScalingGroups: [
          group({
            min: 0,
            max: 1,
            desired: 1,
            serviceTime: "400s",
            scheduledActions: [
              { at: "60s", desired: 0 },
              { at: "61s", desired: 1 },
              { at: "200s", desired: 0 },
              { at: "210s", desired: 1 },
            ],
          }),
        ],
        clients: [{ name: "c", count: 10, rate: 1 }],
      }),
    );
    expect(entries(result.log, "asg-launch").map((e) => [e.at, e.target, e.cause])).toEqual([
      [61, "web-a2", "scheduled-2"],
      [360, "web-a1", "scheduled-4"],
    ]);
    expect(entries(result.log, "deregistered", "web-a1").map((e) => e.at)).toEqual([360]);
  });

  it("replaces instances of a zone that is out in the zones still up", () => {
    // Balanced best effort: "If launch attempts fail in an Availability Zone, Auto Scaling attempts
    // to launch instances in another healthy Availability Zone."
    const { result } = runScenario(
      scenario({
        autoScalingGroups: [group({ desired: 4, healthCheckType: "elb" })],
        events: [{ at: "60s", outage: { zone: "a" } }],
      }),
    );
    const replaced = entries(result.log, "asg-terminate");
    // In the order their health checks fail.
    expect(replaced.map((e) => [e.target, e.cause]).sort()).toEqual([
      ["web-a1", "elb-health-check"],
      ["web-a2", "elb-health-check"],
    ]);
    const launches = entries(result.log, "asg-launch");
    expect(launches.map((e) => [e.zone, e.cause])).toEqual([
      ["b", "replace-unhealthy"],
      ["b", "replace-unhealthy"],
    ]);
  });

  it("ramps a launched instance through slow start once healthy", () => {
    // Slow start: a target that becomes healthy gets "a linearly increasing share" for `slowStart`
    // seconds, when the group has another healthy target not in slow start.
    const run = new Run(
      scenario({
        loadBalancer: {
          type: "application",
          slowStart: "60s",
          healthCheck: { interval: "5s", timeout: "2s", healthyThreshold: 2, unhealthyThreshold: 2 },
        },
        autoScalingGroups: [group({ scheduledActions: [{ at: "60s", desired: 3 }] })],
      }),
    );
    const t = run.lb.targets.ids.indexOf("web-a2");
    run.advance(89);
    expect(run.lb.slowStart.inSlowStart(t)).toBe(false); // still launching
    run.advance(100); // registered at 90 s, healthy within one 5 s interval
    expect(run.lb.slowStart.inSlowStart(t)).toBe(true);
    run.advance(170);
    // The ramp ends 60 s after it began (read when the node routes; a request a second comes).
    expect(run.lb.slowStart.inSlowStart(t)).toBe(false);
  });

  it("gives the same digest for the same scenario and seed, and another for another seed", () => {
    const parts = {
      autoScalingGroups: [
        group({
          scheduledActions: [
            { at: "60s", desired: 5 },
            { at: "5m", desired: 2 },
          ],
        }),
      ],
    };
    const a = runScenario(scenario(parts, 4)).result.digest;
    expect(runScenario(scenario(parts, 4)).result.digest).toBe(a);
    expect(runScenario(scenario(parts, 5)).result.digest).not.toBe(a);
  });
});
