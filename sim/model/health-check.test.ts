// Health checks (docs/design.md#health-checks, docs/aws-behaviour.md#health-checks): every node checks
// every target on its own, each pair with its own phase; `unhealthyThreshold` failures in a row
// take a target out of that node's view, `healthyThreshold` passes bring it back. What a node
// does when no target is healthy depends on the type (classic 503, application fail-open), and
// DNS drops a zone whose targets are all unhealthy (network; application with cross-zone off).
import { describe, expect, it } from "vitest";
import type { LogEntry } from "../metrics/result";
import { Run, runScenario } from "../run";
import { seriesValues, testScenario } from "./test-scenario";

const INTERVAL = 10;
const TIMEOUT = 4;
const HEALTHY_THRESHOLD = 3;
const UNHEALTHY_THRESHOLD = 2;
const SERVICE = 0.01;
const HEALTH_CHECK = {
  interval: `${INTERVAL}s`,
  timeout: `${TIMEOUT}s`,
  healthyThreshold: HEALTHY_THRESHOLD,
  unhealthyThreshold: UNHEALTHY_THRESHOLD,
};

/** A target's health transitions to `state`, in time order. */
function transitions(log: readonly LogEntry[], target: string, state: string): LogEntry[] {
  return log.filter((e) => e.type === "health" && e.target === target && e.state === state);
}

/** Sum of `values` over the buckets whose start (index × interval) lies in [from, to). */
function sumOver(values: readonly number[], interval: number, from: number, to: number): number {
  let total = 0;
  values.forEach((v, i) => {
    if (i * interval >= from && i * interval < to) total += v;
  });
  return total;
}

describe("a crashed target, through its health checks", () => {
  // Two zones with two nodes each: four independent views of target a-1, each pair with its own
  // phase. a-1 crashes at CRASH and recovers at RECOVER. 1 s buckets.
  const CRASH = 100;
  const RECOVER = 250;
  const NODES = 4;

  function crashAndRecover(seed: number) {
    return runScenario(
      testScenario(
        {
          duration: 400,
          metricsInterval: "1s",
          zones: ["a", "b"],
          loadBalancer: { type: "application", nodesPerZone: 2, healthCheck: HEALTH_CHECK },
          targets: [
            { zone: "a", count: 2, concurrency: 8, serviceTime: SERVICE },
            { zone: "b", count: 2, concurrency: 8, serviceTime: SERVICE },
          ],
          clients: [{ name: "c", count: 100, pick: "random", connection: { keepAlive: false }, rate: 100 }],
          events: [
            { at: CRASH, fail: { target: "a-1" } },
            { at: RECOVER, recover: { target: "a-1" } },
          ],
        },
        { seed },
      ),
    );
  }

  it("becomes unhealthy in every node's view within (c + (u−1)·interval, c + u·interval + timeout]", () => {
    // With phase φ ∈ [0, interval) the first check that starts after the crash at c starts
    // before c + interval; each failing check is recorded at its timeout, so the u-th failure in
    // a row comes at most u·interval + timeout after c. A check already running at c (started
    // at most one service time before) also fails, so the earliest transition is
    // (u−1)·interval + timeout − service after c, which is more than (u−1)·interval.
    for (const seed of [1, 2, 3]) {
      const { result } = crashAndRecover(seed);
      const down = transitions(result.log, "a-1", "unhealthy");
      expect(new Set(down.map((e) => e.node)).size).toBe(NODES);
      for (const e of down) {
        expect(e.at).toBeGreaterThan(CRASH + (UNHEALTHY_THRESHOLD - 1) * INTERVAL);
        expect(e.at).toBeLessThanOrEqual(CRASH + UNHEALTHY_THRESHOLD * INTERVAL + TIMEOUT);
      }
      // No other target changes.
      expect(result.log.filter((e) => e.type === "health" && e.target !== "a-1")).toEqual([]);
    }
  });

  it("gets no request once the last node has taken it out: the 502s it causes stop there", () => {
    // Until a node's view changes it routes a-1 its share; a-1 refuses (502). So 502s come in
    // every second of (c, last transition) and in none from the last transition on: every 502
    // here is a request some node sent to a-1. A crashed target counts no RequestCount at all.
    for (const seed of [1, 2, 3]) {
      const { result, timeseries } = crashAndRecover(seed);
      const lastDown = Math.max(...transitions(result.log, "a-1", "unhealthy").map((e) => e.at));
      const firstUp = Math.min(...transitions(result.log, "a-1", "healthy").map((e) => e.at));
      const refused = seriesValues(timeseries, "HTTPCode_ELB_502_Count", "lb");
      const served = seriesValues(timeseries, "RequestCount", "target=a-1");
      expect(sumOver(refused, 1, CRASH, Math.floor(lastDown))).toBeGreaterThan(0);
      expect(sumOver(refused, 1, Math.ceil(lastDown), 400)).toBe(0);
      expect(sumOver(served, 1, CRASH, Math.floor(firstUp))).toBe(0);
      expect(result.requests.byStatus["502"]).toBe(result.requests.elb5xx);
    }
  });

  it("comes back after healthyThreshold passes, within (r + (h−1)·interval, r + h·interval + service]", () => {
    // After recovery at r the first check to start (before r + interval) passes one service
    // time later, and the h-th pass in a row comes (h−1) intervals after it. A check started
    // before r never reached the crashed process: its failure is recorded at its timeout, before
    // that pair's next check starts (timeout < interval), so it cannot break the run of passes.
    for (const seed of [1, 2, 3]) {
      const { result, timeseries } = crashAndRecover(seed);
      const up = transitions(result.log, "a-1", "healthy");
      expect(new Set(up.map((e) => e.node)).size).toBe(NODES);
      for (const e of up) {
        expect(e.at).toBeGreaterThan(RECOVER + (HEALTHY_THRESHOLD - 1) * INTERVAL);
        expect(e.at).toBeLessThanOrEqual(RECOVER + HEALTHY_THRESHOLD * INTERVAL + SERVICE);
      }
      // Back in service: after the last node's transition a-1 takes about its quarter again
      // (4 targets, cross-zone on, round robin); ±3 points over 100 s × 100 requests/s.
      const lastUp = Math.max(...up.map((e) => e.at));
      const served = seriesValues(timeseries, "RequestCount", "target=a-1");
      const all = seriesValues(timeseries, "RequestCount", "lb");
      const share = sumOver(served, 1, Math.ceil(lastUp), 400) / sumOver(all, 1, Math.ceil(lastUp), 400);
      expect(Math.abs(share - 1 / 4)).toBeLessThan(0.03);
    }
  });

  it("counts in UnHealthyHostCount of its zone once every node has it out", () => {
    // Gauges at each bucket's close, averaged over the nodes' views (docs/aws-behaviour.md#how-node-reports-combine).
    const { result, timeseries } = crashAndRecover(1);
    const lastDown = Math.max(...transitions(result.log, "a-1", "unhealthy").map((e) => e.at));
    const healthy = seriesValues(timeseries, "HealthyHostCount", "zone=a");
    const unhealthy = seriesValues(timeseries, "UnHealthyHostCount", "zone=a");
    expect([healthy[50], unhealthy[50]]).toEqual([2, 0]);
    const after = Math.ceil(lastDown) + 1;
    expect([healthy[after], unhealthy[after]]).toEqual([1, 1]);
    expect([seriesValues(timeseries, "HealthyHostCount", "zone=b")[after]]).toEqual([2]);
  });
});

describe("a target registered mid-run", () => {
  /** One node checks a target registered at REGISTER; returns when it became healthy, and its traffic. */
  function registerMidRun(type: "application" | "classic") {
    const REGISTER = 60;
    const { result, timeseries } = runScenario(
      testScenario({
        duration: 200,
        metricsInterval: "1s",
        loadBalancer: { type, healthCheck: HEALTH_CHECK, crossZone: true },
        targets: [
          { zone: "a", count: 2, concurrency: 8, serviceTime: SERVICE },
          { zone: "a", count: 1, concurrency: 8, serviceTime: SERVICE, registered: false },
        ],
        clients: [{ name: "c", count: 100, pick: "random", connection: { keepAlive: false }, rate: 60 }],
        events: [{ at: REGISTER, register: { target: "a-3" } }],
      }),
    );
    const [up] = transitions(result.log, "a-3", "healthy");
    const served = seriesValues(timeseries, "RequestCount", "target=a-3");
    expect(sumOver(served, 1, 0, Math.floor(up.at))).toBe(0);
    expect(sumOver(served, 1, Math.ceil(up.at), 200)).toBeGreaterThan(0);
    expect(result.requests.elb5xx).toBe(0);
    return { REGISTER, up };
  }

  it('application: begins initial and is healthy after one passing check ("After your target is registered, it must pass one health check to be considered healthy")', () => {
    // One node: the first check comes within an interval of the registration.
    const { REGISTER, up } = registerMidRun("application");
    expect(up.at).toBeGreaterThan(REGISTER);
    expect(up.at).toBeLessThanOrEqual(REGISTER + INTERVAL + SERVICE);
  });

  it("classic: begins out of service and gets requests only once it has passed healthyThreshold checks", () => {
    // One node: the window is (r + (h−1)·interval, r + h·interval + service], as for a recovery.
    const { REGISTER, up } = registerMidRun("classic");
    expect(up.at).toBeGreaterThan(REGISTER + (HEALTHY_THRESHOLD - 1) * INTERVAL);
    expect(up.at).toBeLessThanOrEqual(REGISTER + HEALTHY_THRESHOLD * INTERVAL + SERVICE);
  });
});

describe("a check is a request to the target", () => {
  it("fails when the target answers it with a 5xx: a target answering every request with 500 is taken out", () => {
    // An `errors` event makes a fraction of the target's responses 5xx; a health check is one of
    // its requests, and it passes only on the success code (200 by default: docs/aws-behaviour.md#what-counts-as-a-pass). With rate 1
    // every check fails, so a-1 leaves every view within the crash window of the test above.
    const ERRORS_AT = 50;
    const { result } = runScenario(
      testScenario({
        duration: 150,
        loadBalancer: { type: "application", healthCheck: HEALTH_CHECK },
        targets: [{ zone: "a", count: 2, concurrency: 8, serviceTime: SERVICE }],
        clients: [{ name: "c", count: 100, rate: 20 }],
        events: [{ at: ERRORS_AT, errors: { target: "a-1", rate: 1 } }],
      }),
    );
    const [down] = transitions(result.log, "a-1", "unhealthy");
    expect(down).toBeDefined();
    expect(down.at).toBeLessThanOrEqual(ERRORS_AT + UNHEALTHY_THRESHOLD * INTERVAL + TIMEOUT);
  });
});

describe("every target unhealthy", () => {
  // Both targets slowed 500-fold at SLOW: a 10 ms request now takes 5 s, longer than the 2 s
  // check timeout, so every check fails; but the targets still answer requests (5 s is inside
  // the 60 s idle timeout), with enough workers (400) for 20 requests/s × 5 s.
  const SLOW = 50;

  function allSlow(type: "classic" | "application") {
    return runScenario(
      testScenario({
        duration: 200,
        metricsInterval: "1s",
        loadBalancer: {
          type,
          healthCheck: { interval: "10s", timeout: "2s", healthyThreshold: 2, unhealthyThreshold: 2 },
        },
        targets: [{ zone: "a", count: 2, concurrency: 400, serviceTime: SERVICE }],
        clients: [{ name: "c", count: 100, pick: "random", connection: { keepAlive: false }, rate: 20 }],
        events: [
          { at: SLOW, slow: { target: "a-1", factor: 500 } },
          { at: SLOW, slow: { target: "a-2", factor: 500 } },
        ],
      }),
    );
  }

  /** When the last target left the node's view. */
  function allOut(log: readonly LogEntry[]): number {
    const down = log.filter((e) => e.type === "health" && e.state === "unhealthy");
    expect(new Set(down.map((e) => e.target))).toEqual(new Set(["a-1", "a-2"]));
    return Math.max(...down.map((e) => e.at));
  }

  it("classic: the node answers 503 to every request from then on (docs/aws-behaviour.md#when-every-target-is-unhealthy)", () => {
    const { result, timeseries } = allSlow("classic");
    const from = Math.ceil(allOut(result.log));
    const requests = sumOver(seriesValues(timeseries, "RequestCount", "lb"), 1, from, 200);
    expect(requests).toBeGreaterThan(0);
    expect(sumOver(seriesValues(timeseries, "HTTPCode_ELB_503_Count", "lb"), 1, from, 200)).toBe(requests);
    expect(sumOver(seriesValues(timeseries, "RequestCount", "target=a-1"), 1, from, 200)).toBe(0);
  });

  it("application: the node fails open and every request is still served, slowly (docs/aws-behaviour.md#when-every-target-is-unhealthy)", () => {
    const { result, timeseries } = allSlow("application");
    const from = Math.ceil(allOut(result.log));
    expect(result.requests.elb5xx).toBe(0);
    const requests = sumOver(seriesValues(timeseries, "RequestCount", "lb"), 1, from, 190);
    const served = ["a-1", "a-2"].map((t) =>
      sumOver(seriesValues(timeseries, "RequestCount", `target=${t}`), 1, from, 190),
    );
    // Both unhealthy targets share the traffic (round robin over all of them).
    expect(served[0] + served[1]).toBe(requests);
    for (const count of served) expect(count).toBeGreaterThan(requests / 3);
    expect(result.latency.p90).toBeCloseTo(500 * SERVICE, 1);
  });
});

describe("DNS fail-away", () => {
  // Two zones, one node each, two targets each, cross-zone off. Clients open a connection per
  // request and pick a random address from their cached answer (60 s TTL): once the record set
  // drops a node, its requests stop within one TTL of the change.
  const FAIL = 60;
  const TTL = 60;

  function failZones(type: "network" | "application", crossZone: boolean, zones: string[]) {
    const scenario = testScenario({
      duration: 300,
      zones: ["a", "b"],
      loadBalancer: {
        type,
        crossZone,
        healthCheck: { interval: "10s", timeout: "2s", healthyThreshold: 2, unhealthyThreshold: 2 },
      },
      targets: [
        { zone: "a", count: 2, concurrency: 8, serviceTime: SERVICE },
        { zone: "b", count: 2, concurrency: 8, serviceTime: SERVICE },
      ],
      clients: [{ name: "c", count: 200, pick: "random", connection: { keepAlive: false }, rate: 50 }],
      events: zones.flatMap((z) => [1, 2].map((k) => ({ at: FAIL, fail: { target: `${z}-${k}` } }))),
    });
    const run = new Run(scenario);
    run.advance(FAIL - 1);
    const before = run.lb.dns.recordCount;
    // The last possible transition: u·interval + timeout after the crash (see above).
    run.advance(FAIL + 2 * 10 + 2);
    const after = run.lb.dns.recordCount;
    return { before, after, run, ...run.finish() };
  }

  it("network: a zone whose targets are all unhealthy leaves DNS, and its node's traffic stops within a TTL (docs/aws-behaviour.md#zone-fail-away-from-dns)", () => {
    const { before, after, result, timeseries } = failZones("network", false, ["a"]);
    expect([before, after]).toEqual([2, 1]);
    const change = result.log.find((e) => e.type === "dns" && e.records === 1)!;
    expect(change.nodes).toBe("b-n1");
    const nodeA = seriesValues(timeseries, "RequestCount", "node=a-n1");
    expect(sumOver(nodeA, 10, 0, FAIL)).toBeGreaterThan(0);
    expect(sumOver(nodeA, 10, change.at + TTL, 300)).toBe(0);
    expect(sumOver(seriesValues(timeseries, "DnsShare", "node=a-n1"), 10, Math.ceil(change.at / 10) * 10, 300)).toBe(0);
  });

  it("network: when every zone's targets are unhealthy, every zone stays in DNS (fail open; docs/aws-behaviour.md#zone-fail-away-from-dns)", () => {
    const { before, after, result, timeseries } = failZones("network", false, ["a", "b"]);
    expect([before, after]).toEqual([2, 2]);
    const last = result.log.filter((e) => e.type === "dns").at(-1)!;
    expect(last.records).toBe(2);
    // Both nodes keep getting requests to the end.
    for (const node of ["a-n1", "b-n1"])
      expect(sumOver(seriesValues(timeseries, "RequestCount", `node=${node}`), 10, 200, 300)).toBeGreaterThan(0);
  });

  it('both types with cross-zone off fail away; with cross-zone on the zone stays: "If cross-zone load balancing is on ... the specified thresholds apply to the total number targets in all enabled zones" (docs/aws-behaviour.md#target-group-health-thresholds)', () => {
    expect(failZones("application", false, ["a"]).after).toBe(1);
    const network = failZones("network", true, ["a"]);
    expect(network.after).toBe(2);
    expect(sumOver(seriesValues(network.timeseries, "RequestCount", "node=a-n1"), 10, 200, 300)).toBeGreaterThan(0);
    // With cross-zone on, a's node still has zone b's healthy targets: it stays, and serves.
    const on = failZones("application", true, ["a"]);
    expect(on.after).toBe(2);
    expect(sumOver(seriesValues(on.timeseries, "RequestCount", "node=a-n1"), 10, 200, 300)).toBeGreaterThan(0);
    expect(sumOver(seriesValues(on.timeseries, "HTTPCode_ELB_502_Count", "lb"), 10, 100, 300)).toBe(0);
  });
});

describe("network load balancers check over TCP by default", () => {
  /** One target with one worker and an unlimited backlog, offered twice what it serves: the backlog grows. */
  function overloaded(type: "network" | "application") {
    return runScenario(
      testScenario({
        duration: 120,
        metricsInterval: "10s",
        loadBalancer: {
          type,
          healthCheck: { interval: "10s", timeout: "5s", healthyThreshold: 2, unhealthyThreshold: 2 },
        },
        targets: [{ zone: "a", count: 1, concurrency: 1, serviceTime: "500ms" }],
        clients: [{ name: "c", count: 100, pick: "random", connection: { keepAlive: false }, rate: 4 }],
      }),
    ).result;
  }

  it('a TCP check "succeeds when the target accepts the connection": a target whose backlog grows stays healthy', () => {
    expect(overloaded("network").log.filter((e) => e.type === "health")).toEqual([]);
  });

  it("while an HTTP check waits behind the same backlog, times out, and takes the target out", () => {
    const down = overloaded("application").log.filter((e) => e.type === "health" && e.state === "unhealthy");
    expect(down.length).toBeGreaterThan(0);
  });
});
