// The scenario's timeline (docs/design.md#timeline-events): every event type changes something a user
// can see in the results, each is logged, and a reference to a target, zone or setting that does
// not exist is an error with its path before anything runs.
import { describe, expect, it } from "vitest";
import type { LogEntry } from "../metrics/result";
import { Run, runScenario } from "../run";
import { loadScenario } from "../scenario/load";
import { seriesValues, testScenario } from "./test-scenario";

const AT = 100;
const DURATION = 200;
const BUCKET = 10;
const SERVICE = 0.01;

/**
 * Two zones with one node each and two targets each (plus a-3, outside the target group until a
 * `register`), an application load balancer with cross-zone on, 50 requests/s from clients that
 * open a connection per request on a random address. Checks every 10 s, 2 s timeout, 2 in a row.
 */
function withEvents(events: unknown[], parts: Record<string, unknown> = {}) {
  return runScenario(
    testScenario({
      duration: DURATION,
      metricsInterval: `${BUCKET}s`,
      zones: ["a", "b"],
      loadBalancer: {
        type: "application",
        healthCheck: { interval: "10s", timeout: "2s", healthyThreshold: 2, unhealthyThreshold: 2 },
      },
      targets: [
        { zone: "a", count: 2, concurrency: 8, serviceTime: SERVICE },
        { zone: "b", count: 2, concurrency: 8, serviceTime: SERVICE },
        { zone: "a", count: 1, concurrency: 8, serviceTime: SERVICE, registered: false },
      ],
      clients: [{ name: "c", count: 200, pick: "random", connection: { keepAlive: false }, rate: 50 }],
      events,
      ...parts,
    }),
  );
}

/** A series summed over the buckets that start in [from, to). */
function total(values: readonly number[], from: number, to = DURATION): number {
  return values.slice(Math.ceil(from / BUCKET), Math.ceil(to / BUCKET)).reduce((a, b) => a + b, 0);
}

/** The series' mean over the buckets that start in [from, to), skipping empty buckets (NaN). */
function meanOf(values: readonly number[], from: number, to = DURATION): number {
  const kept = values.slice(Math.ceil(from / BUCKET), Math.ceil(to / BUCKET)).filter((v) => !Number.isNaN(v));
  return kept.reduce((a, b) => a + b, 0) / kept.length;
}

function logged(log: readonly LogEntry[], type: string): LogEntry[] {
  return log.filter((e) => e.type === type);
}

/** Time for a change to settle: two failed checks, 10 s apart, each with its 2 s timeout, and a bucket. */
const SETTLE = 2 * 10 + 2 + BUCKET;

describe("every event type has an effect", () => {
  it("fail: the target's in-flight and routed requests get 502 until the checks take it out, and it serves nothing", () => {
    const { result, timeseries } = withEvents([{ at: AT, fail: { target: "a-1" } }]);
    expect(logged(result.log, "fail")).toEqual([{ at: AT, type: "fail", target: "a-1" }]);
    // From the bucket before AT: the crash's own 502s come at AT exactly (see the bucket test below).
    expect(total(seriesValues(timeseries, "HTTPCode_ELB_502_Count", "lb"), 0, AT - BUCKET)).toBe(0);
    expect(total(seriesValues(timeseries, "HTTPCode_ELB_502_Count", "lb"), AT - BUCKET)).toBeGreaterThan(0);
    expect(total(seriesValues(timeseries, "RequestCount", "target=a-1"), AT)).toBe(0);
  });

  it("recover: a crashed target serves again once it passes its checks", () => {
    const { result, timeseries } = withEvents([
      { at: 50, fail: { target: "a-1" } },
      { at: AT, recover: { target: "a-1" } },
    ]);
    expect(logged(result.log, "recover")).toEqual([{ at: AT, type: "recover", target: "a-1" }]);
    const served = seriesValues(timeseries, "RequestCount", "target=a-1");
    expect(total(served, 50 + SETTLE, AT)).toBe(0);
    expect(total(served, AT + SETTLE)).toBeGreaterThan(0);
  });

  it("slow: the target's response time is multiplied by the factor (10 ms × 5 = 50 ms, no waiting)", () => {
    const { result, timeseries } = withEvents([{ at: AT, slow: { target: "a-1", factor: 5 } }]);
    expect(logged(result.log, "slow")).toEqual([{ at: AT, type: "slow", target: "a-1", factor: 5 }]);
    const responseTime = seriesValues(timeseries, "TargetResponseTime", "target=a-1");
    expect(meanOf(responseTime, 0, AT)).toBeCloseTo(SERVICE, 9);
    expect(meanOf(responseTime, AT + BUCKET)).toBeCloseTo(5 * SERVICE, 9);
    expect(meanOf(seriesValues(timeseries, "TargetResponseTime", "target=a-2"), AT + BUCKET)).toBeCloseTo(SERVICE, 9);
  });

  it("errors: that fraction of the target's responses are 5xx from the target (rate 0.5, ±0.1)", () => {
    const { result, timeseries } = withEvents([{ at: AT, errors: { target: "a-1", rate: 0.5 } }]);
    expect(logged(result.log, "errors")).toEqual([{ at: AT, type: "errors", target: "a-1", rate: 0.5 }]);
    const errors = seriesValues(timeseries, "HTTPCode_Target_5XX_Count", "lb");
    expect(total(errors, 0, AT)).toBe(0);
    const share =
      total(errors, AT + BUCKET) / total(seriesValues(timeseries, "RequestCount", "target=a-1"), AT + BUCKET);
    expect(Math.abs(share - 0.5)).toBeLessThan(0.1);
    expect(result.requests.target5xx).toBe(total(errors, 0));
  });

  it("deregister: the target gets nothing from then on and is logged deregistered", () => {
    const { result, timeseries } = withEvents([{ at: AT, deregister: { target: "a-1" } }]);
    expect(logged(result.log, "deregister")).toEqual([{ at: AT, type: "deregister", target: "a-1" }]);
    expect(logged(result.log, "deregistered")).toHaveLength(1);
    expect(total(seriesValues(timeseries, "RequestCount", "target=a-1"), AT)).toBe(0);
    expect(result.requests.elb5xx).toBe(0);
  });

  it("register: a target outside the target group joins and serves once it passes its checks", () => {
    const { result, timeseries } = withEvents([{ at: AT, register: { target: "a-3" } }]);
    expect(logged(result.log, "register")).toEqual([{ at: AT, type: "register", target: "a-3" }]);
    const served = seriesValues(timeseries, "RequestCount", "target=a-3");
    expect(total(served, 0, AT)).toBe(0);
    expect(total(served, AT + SETTLE)).toBeGreaterThan(0);
  });

  it("outage: the zone's node leaves DNS and the zone's targets serve nothing", () => {
    const { result, timeseries } = withEvents([{ at: AT, outage: { zone: "a" } }]);
    expect(logged(result.log, "outage")).toEqual([{ at: AT, type: "outage", zone: "a" }]);
    expect(logged(result.log, "dns").at(-1)).toMatchObject({ at: AT, records: 1, nodes: "b-n1" });
    expect(total(seriesValues(timeseries, "RequestCount", "node=a-n1"), AT)).toBe(0);
    expect(total(seriesValues(timeseries, "RequestCount", "zone=a"), AT)).toBe(0);
    expect(total(seriesValues(timeseries, "RequestCount", "node=b-n1"), AT)).toBeGreaterThan(0);
    expect(seriesValues(timeseries, "HealthyHostCount", "zone=a").at(-1)).toBe(0);
  });

  it("outage: requests running through the zone's node end as broken connections, not as 502s from a node that is gone", () => {
    // Cross-zone off: every request in flight in zone a came through a-n1, which dies with the
    // zone, so no node is left to answer 502; the clients see their connections break (as
    // requests of a dead node do when their target finishes them). 1 s requests at 20/s: about
    // 10 are running in zone a at the outage.
    const { result } = withEvents([{ at: AT, outage: { zone: "a" } }], {
      loadBalancer: {
        type: "application",
        crossZone: false,
        healthCheck: { interval: "10s", timeout: "2s", healthyThreshold: 2, unhealthyThreshold: 2 },
      },
      targets: [
        { zone: "a", count: 2, concurrency: 64, serviceTime: "1s" },
        { zone: "b", count: 2, concurrency: 64, serviceTime: "1s" },
      ],
      clients: [{ name: "c", count: 200, pick: "random", connection: { keepAlive: false }, rate: 20 }],
    });
    expect(result.requests.byStatus.connection_error).toBeGreaterThan(0);
    expect(result.requests.elb5xx).toBe(0);
  });

  it("restore: the zone's node and targets serve again", () => {
    const { result, timeseries } = withEvents([
      { at: 50, outage: { zone: "a" } },
      { at: AT, restore: { zone: "a" } },
    ]);
    expect(logged(result.log, "restore")).toEqual([{ at: AT, type: "restore", zone: "a" }]);
    expect(logged(result.log, "dns").at(-1)).toMatchObject({ at: AT, records: 2 });
    expect(total(seriesValues(timeseries, "RequestCount", "zone=a"), 50 + SETTLE, AT)).toBe(0);
    expect(total(seriesValues(timeseries, "RequestCount", "zone=a"), AT + SETTLE)).toBeGreaterThan(0);
    expect(total(seriesValues(timeseries, "RequestCount", "node=a-n1"), AT + SETTLE)).toBeGreaterThan(0);
  });

  it("set: turning cross-zone off mid-run moves each node's traffic into its own zone (AWS's example, 2 + 8 targets: docs/aws-behaviour.md#what-cross-zone-changes)", () => {
    // Clients split 50/50 over the two nodes. On: every target 1/10, zone a 20 %. Off: each node
    // keeps its half in its zone, zone a 50 %. ±3 points over 100 s at 50 requests/s.
    const { result, timeseries } = withEvents([{ at: AT, set: { "loadBalancer.crossZone": false } }], {
      targets: [
        { zone: "a", count: 2, concurrency: 8, serviceTime: SERVICE },
        { zone: "b", count: 8, concurrency: 8, serviceTime: SERVICE },
      ],
    });
    expect(logged(result.log, "set")).toEqual([
      { at: AT, type: "set", path: "loadBalancer.crossZone", value: "false" },
    ]);
    const zoneA = seriesValues(timeseries, "RequestCount", "zone=a");
    const all = seriesValues(timeseries, "RequestCount", "lb");
    expect(Math.abs(total(zoneA, 0, AT) / total(all, 0, AT) - 0.2)).toBeLessThan(0.03);
    expect(Math.abs(total(zoneA, AT) / total(all, AT) - 0.5)).toBeLessThan(0.03);
  });
});

describe("metric buckets and the timeline", () => {
  it("an event at a bucket's start counts in that bucket, not the one before", () => {
    // A crash at exactly 50 s cuts the requests a-1 has running (1 s each at 10/s: about 10)
    // with 502 at 50 s: the bucket that starts at 50 s holds them (docs/design.md#results: `time` is the
    // bucket's start), and the one that ends there holds none: nothing failed before 50 s.
    const { timeseries } = withEvents([{ at: 50, fail: { target: "a-1" } }], {
      zones: ["a"],
      targets: [{ zone: "a", count: 2, concurrency: 64, serviceTime: "1s" }],
      clients: [{ name: "c", count: 200, pick: "random", connection: { keepAlive: false }, rate: 20 }],
    });
    const refused = seriesValues(timeseries, "HTTPCode_ELB_502_Count", "lb");
    expect(refused[50 / BUCKET - 1]).toBe(0);
    expect(refused[50 / BUCKET]).toBeGreaterThan(0);
  });
});

describe("bad references are rejected with their path", () => {
  const base = `
version: 1
name: bad-references
duration: 60s
zones: [a, b]
targets:
  - { zone: a, count: 2, concurrency: 4, serviceTime: 10ms }
  - { zone: b, count: 1, concurrency: 4, serviceTime: 10ms }
clients:
  - { name: c, rate: 10 }
events:
  - { at: 5s, fail: { target: a-1 } }
`;

  /** The errors for the scenario with `event` as its second event (index 1). */
  function errorsWith(event: string) {
    const loaded = loadScenario(`${base}  - ${event}\n`);
    expect(loaded.ok).toBe(false);
    return loaded.ok ? [] : loaded.errors;
  }

  it("a target that does not exist, for every event type that names one", () => {
    for (const type of ["fail", "recover", "deregister", "register"]) {
      expect(errorsWith(`{ at: 10s, ${type}: { target: a-99 } }`)).toEqual([
        { path: `events.1.${type}.target`, message: "no target a-99 (targets: a-1 … a-2, b-1)" },
      ]);
    }
    expect(errorsWith("{ at: 10s, slow: { target: b-2, factor: 2 } }")).toEqual([
      { path: "events.1.slow.target", message: "no target b-2 (targets: a-1 … a-2, b-1)" },
    ]);
    expect(errorsWith("{ at: 10s, errors: { target: c-1, rate: 0.5 } }")).toEqual([
      { path: "events.1.errors.target", message: "no target c-1 (targets: a-1 … a-2, b-1)" },
    ]);
  });

  it("a zone that does not exist", () => {
    for (const type of ["outage", "restore"]) {
      expect(errorsWith(`{ at: 10s, ${type}: { zone: z } }`)).toEqual([
        { path: `events.1.${type}.zone`, message: "no zone z (zones: a, b)" },
      ]);
    }
  });

  it("a set path that does not exist, with the nearest real one", () => {
    expect(errorsWith("{ at: 10s, set: { loadBalancer.crossZon: false } }")).toEqual([
      {
        path: "events.1.set.loadBalancer.crossZon",
        message: "no setting loadBalancer.crossZon (did you mean loadBalancer.crossZone?)",
      },
    ]);
    expect(errorsWith("{ at: 10s, set: { targets.0.count: 3 } }")).toEqual([
      {
        path: "events.1.set.targets.0.count",
        message: "must be a setting under loadBalancer, such as loadBalancer.crossZone",
      },
    ]);
  });

  it("a set value out of range, at the event's path", () => {
    expect(errorsWith("{ at: 10s, set: { loadBalancer.healthCheck.interval: 1s } }")).toEqual([
      { path: "events.1.set.loadBalancer.healthCheck.interval", message: "must be 5s to 300s, got 1s" },
    ]);
  });
});

describe("set events reach every part of the model", () => {
  it("a new DNS TTL applies to the next lookups", () => {
    const lookups = (events: unknown[]) => {
      const scenario = testScenario({
        duration: "20m",
        targets: [{ zone: "a", count: 1, concurrency: 8, serviceTime: "5ms" }],
        clients: [{ name: "web", count: 20, connection: { keepAlive: false }, rate: 20 }],
        events,
      });
      const run = new Run(scenario);
      run.finish();
      return run.lb.clients[0].dnsLookups;
    };
    // 20 clients, each re-resolving once per TTL: 60 s for 20 min is about 400 lookups; with the
    // TTL set to 5 s at 10 min, the second half alone makes about 20 × 600 / 5 = 2400.
    const steady = lookups([]);
    const shorter = lookups([{ at: "10m", set: { "loadBalancer.dns.ttl": "5s" } }]);
    expect(steady).toBeLessThan(450);
    expect(shorter).toBeGreaterThan(2000);
  });
});
