// Sticky sessions (DESIGN.md §1, Stickiness; ELB-FACTS.md, Draining, timeouts, stickiness
// [CLB, TG]). Three clients and six targets, one node, round robin: each client's first request
// sets its cookie to the next target in the rotation, so clients land on a-1, a-2 and a-3, and
// a-4 … a-6 get nothing while every cookie holds. That makes every client identifiable by its
// target. a-1 crashes at FAIL and recovers at RECOVER:
// - lb_cookie (duration-based): while a-1 is unhealthy its client is routed as if it had no
//   cookie, request by request, over all the other targets; the cookie still names a-1, so the
//   client returns to a-1 when it is healthy again.
// - app_cookie (application-controlled): the client fails over to one new target and stays on
//   it, even after a-1 is back.
import { describe, expect, it } from "vitest";
import type { LogEntry } from "../metrics/result";
import { runScenario } from "../run";
import { seriesValues, testScenario } from "./test-scenario";

const FAIL = 100;
const RECOVER = 200;
const DURATION = 320;
const CLIENTS = 3;
const TARGETS = ["a-1", "a-2", "a-3", "a-4", "a-5", "a-6"];
/** Share tolerance: a client sends 1/3 of 6 requests/s; over 100 s its share's standard error is 0.02. */
const TOLERANCE = 0.06;

function failover(type: "lb_cookie" | "app_cookie", duration = "1d") {
  const { result, timeseries } = runScenario(
    testScenario({
      duration: DURATION,
      metricsInterval: "1s",
      loadBalancer: {
        type: "application",
        algorithm: "round_robin",
        stickiness: { type, duration },
        healthCheck: { interval: "5s", timeout: "2s", healthyThreshold: 2, unhealthyThreshold: 2 },
      },
      targets: [{ zone: "a", count: TARGETS.length, concurrency: 16, serviceTime: 0.01 }],
      clients: [{ name: "c", count: CLIENTS, rate: 6 }],
      events: [
        { at: FAIL, fail: { target: "a-1" } },
        { at: RECOVER, recover: { target: "a-1" } },
      ],
    }),
  );
  const all = seriesValues(timeseries, "RequestCount", "lb");
  /** Requests to `target` over whole buckets in [from, to), and their share of all requests. */
  const served = (target: string, from: number, to: number) => {
    const values = seriesValues(timeseries, "RequestCount", `target=${target}`);
    const lo = Math.ceil(from);
    const hi = Math.floor(to);
    const count = values.slice(lo, hi).reduce((a, b) => a + b, 0);
    return { count, share: count / all.slice(lo, hi).reduce((a, b) => a + b, 0) };
  };
  const down = at(result.log, "unhealthy");
  const up = at(result.log, "healthy");
  return { served, down, up, result };
}

/** When a-1 changed to `state` (one node: one transition each way). */
function at(log: readonly LogEntry[], state: string): number {
  const entries = log.filter((e) => e.type === "health" && e.target === "a-1" && e.state === state);
  expect(entries).toHaveLength(1);
  return entries[0].at;
}

describe("sticky sessions", () => {
  for (const type of ["lb_cookie", "app_cookie"] as const) {
    it(`${type}: each client stays on the target its first request chose: three targets serve, three idle`, () => {
      const { served } = failover(type);
      for (const target of ["a-1", "a-2", "a-3"])
        expect(Math.abs(served(target, 0, FAIL).share - 1 / CLIENTS)).toBeLessThan(TOLERANCE);
      for (const target of ["a-4", "a-5", "a-6"]) expect(served(target, 0, FAIL).count).toBe(0);
    });
  }

  it("lb_cookie: while its target is out the client is spread over the others, and returns to it when it recovers", () => {
    const { served, down, up } = failover("lb_cookie");
    // Out: the client's requests go round robin over a-2 … a-6, so the idle three all get some.
    for (const target of ["a-4", "a-5", "a-6"]) expect(served(target, down, RECOVER).count).toBeGreaterThan(0);
    expect(served("a-1", down, up).count).toBe(0);
    // Back: a-1 has its client again, and the idle three are idle again.
    expect(Math.abs(served("a-1", up, DURATION).share - 1 / CLIENTS)).toBeLessThan(TOLERANCE);
    for (const target of ["a-4", "a-5", "a-6"]) expect(served(target, up, DURATION).count).toBe(0);
  });

  it("app_cookie: the client moves to one new target and stays there after its old target recovers", () => {
    const { served, down, up } = failover("app_cookie");
    // Out: exactly one of the idle targets took the client over.
    const takers = ["a-4", "a-5", "a-6"].filter((target) => served(target, down, RECOVER).count > 0);
    expect(takers).toHaveLength(1);
    // Back: a-1 is healthy but gets nothing; the new target keeps the client.
    expect(up).toBeLessThan(DURATION - 60);
    expect(served("a-1", up, DURATION).count).toBe(0);
    expect(Math.abs(served(takers[0], up, DURATION).share - 1 / CLIENTS)).toBeLessThan(TOLERANCE);
  });

  it("both: the client's requests fail (502) only until its target leaves the node's view", () => {
    for (const type of ["lb_cookie", "app_cookie"] as const) {
      const { result, down } = failover(type);
      expect(down).toBeLessThan(FAIL + 2 * 5 + 2 + 1e-9);
      expect(result.requests.elb5xx).toBeGreaterThan(0);
      // Only a-1's client fails, at 6/3 = 2 requests/s for (down − FAIL) seconds: expected about
      // 2·(down − FAIL), at most 3× that allowing for Poisson bursts.
      expect(result.requests.elb5xx).toBeLessThan(3 * (6 / CLIENTS) * (down - FAIL));
    }
  });

  it("an expired lb_cookie is replaced: with 30 s cookies the clients visit every target", () => {
    const { served } = failover("lb_cookie", "30s");
    for (const target of TARGETS) expect(served(target, 0, FAIL).count).toBeGreaterThan(0);
  });
});
