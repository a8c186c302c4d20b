// The bundled Auto Scaling scenarios tell the stories their descriptions promise:
// full-stack-flash-crowd (cut to its first 14 minutes) and scheduled-launch (to 30 minutes),
// each with its own seed.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { formatErrors, loadScenario } from "../scenario/load";
import { seriesValues } from "./test-scenario";

const SCENARIOS = fileURLToPath(new URL("../../scenarios/", import.meta.url));

function run(name: string, variant: string, duration: string, overrides: string[] = []) {
  const text = readFileSync(resolve(SCENARIOS, `${name}.yaml`), "utf8");
  const loaded = loadScenario(text, { variant, overrides: [`duration=${duration}`, ...overrides] });
  if (!loaded.ok) throw new Error(formatErrors(loaded.errors).join("\n"));
  const out = runScenario(loaded.scenario, { variant });
  const interval = loaded.scenario.metricsInterval;
  /** A series summed over the buckets starting in [from, to) seconds. */
  const sum = (metric: string, dimension: string, from: number, to: number) =>
    seriesValues(out.timeseries, metric, dimension)
      .slice(Math.ceil(from / interval), Math.ceil(to / interval))
      .reduce((a, b) => a + b, 0);
  const at = (metric: string, dimension: string, time: number) =>
    seriesValues(out.timeseries, metric, dimension)[Math.floor(time / interval)];
  return { ...out, sum, at };
}

describe("full-stack-flash-crowd", () => {
  const cold = run("full-stack-flash-crowd", "cold", "14m");

  it("errs first from spillover, then more and more from overloaded targets", () => {
    const spill = (from: number, to: number) => cold.sum("HTTPCode_ELB_503_Count", "lb", from, to);
    const refused = (from: number, to: number) => cold.sum("HTTPCode_ELB_502_Count", "lb", from, to);
    // The crowd's first two minutes: mostly 503 (the nodes are full).
    expect(spill(300, 420)).toBeGreaterThan(3 * refused(300, 420));
    // Once the load balancer's new nodes are in DNS, the fleet still launching is the bottleneck:
    // more 502 than 503, and twice the 502 of the crowd's first minute and a half.
    expect(refused(540, 660)).toBeGreaterThan(spill(540, 660));
    expect(refused(540, 660)).toBeGreaterThan(2 * refused(300, 390));
  });

  it("stops erring only once both the load balancer and the group have scaled", () => {
    const lastError = (metric: string) => {
      const values = seriesValues(cold.timeseries, metric, "lb");
      let last = values.length - 1;
      while (last >= 0 && values[last] === 0) last--;
      return last * cold.timeseries.interval;
    };
    const end = Math.max(lastError("HTTPCode_ELB_503_Count"), lastError("HTTPCode_ELB_502_Count"));
    expect(end).toBeGreaterThan(540);
    // After the last error: more nodes than at the start, and at least 2.5× the instances.
    expect(cold.at("NodeCount", "lb", end + 30)).toBeGreaterThan(3);
    expect(cold.at("GroupInServiceInstances", "asg=web", end + 30)).toBeGreaterThanOrEqual(15);
    expect(cold.sum("HTTPCode_ELB_5XX_Count", "lb", end + 60, 840)).toBe(0);
    const launches = cold.result.log.filter((e) => e.type === "asg-launch");
    expect(new Set(launches.map((e) => e.cause))).toEqual(new Set(["requests-per-target"]));
    // Scale-out in rounds: the first only after 3 datapoints of the crowd.
    expect(launches[0].at).toBeGreaterThanOrEqual(300 + 3 * 60);
    expect(new Set(launches.map((e) => e.at)).size).toBeGreaterThan(1);
  });

  it("with a warm fleet and a pre-warmed load balancer, takes the crowd without an error", () => {
    const both = run("full-stack-flash-crowd", "both", "10m");
    expect(both.result.requests.elb5xx + both.result.requests.target5xx).toBe(0);
    expect(both.result.log.some((e) => e.type === "asg-launch")).toBe(false);
  });
});

describe("scheduled-launch", () => {
  // Cut to 30 minutes, the action after the launch moves inside the run (its story is not tested).
  const scheduled = run("scheduled-launch", "scheduled", "30m", ["autoScalingGroups.0.scheduledActions.1.at=29m"]);
  const unscheduled = run("scheduled-launch", "unscheduled", "30m");

  it("has 16 instances in service before the crowd when the scale-out is scheduled", () => {
    const launches = scheduled.result.log.filter((e) => e.type === "asg-launch");
    expect(launches).toHaveLength(12);
    expect(new Set(launches.map((e) => [e.at, e.cause].join()))).toEqual(new Set(["720,before-launch"]));
    expect(scheduled.at("GroupInServiceInstances", "asg=shop", 1190)).toBe(16);
    expect(scheduled.result.requests.elb5xx).toBe(0);
  });

  it("without it, overloaded targets answer 502 until target tracking has scaled out", () => {
    const errors = unscheduled.sum("HTTPCode_ELB_502_Count", "lb", 1200, 1800);
    expect(errors).toBeGreaterThan(50_000);
    const first = unscheduled.result.log.find((e) => e.type === "asg-launch");
    expect(first?.cause).toBe("requests-per-target");
    expect(first!.at).toBeGreaterThanOrEqual(1200 + 3 * 60);
  });
});
