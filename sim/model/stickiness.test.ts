// Sticky sessions (docs/aws-behaviour.md#sticky-sessions), each type's rules in its own words.
// Three clients and six targets, one node, round robin: each client's first request sets its
// cookie to the next target in the rotation, so clients land on a-1, a-2 and a-3, and a-4 … a-6
// get nothing while every cookie holds. That makes every client identifiable by its target. a-1
// crashes at FAIL and recovers at RECOVER.
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

function failover(type: "lb_cookie" | "app_cookie", lbType: "application" | "classic", duration = "1d") {
  const { result, timeseries } = runScenario(
    testScenario({
      duration: DURATION,
      metricsInterval: "1s",
      loadBalancer: {
        type: lbType,
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
  for (const lbType of ["application", "classic"] as const) {
    for (const type of ["lb_cookie", "app_cookie"] as const) {
      it(`${lbType} ${type}: each client stays on the target its first request chose: three targets serve, three idle`, () => {
        const { served } = failover(type, lbType);
        for (const target of ["a-1", "a-2", "a-3"])
          expect(Math.abs(served(target, 0, FAIL).share - 1 / CLIENTS)).toBeLessThan(TOLERANCE);
        for (const target of ["a-4", "a-5", "a-6"]) expect(served(target, 0, FAIL).count).toBe(0);
      });
    }
  }

  it('classic lb_cookie: while its instance is out the request is routed "as if there is no cookie", over all the others, and the client returns when it recovers', () => {
    const { served, down, up } = failover("lb_cookie", "classic");
    // Out: the client's requests go round robin over a-2 … a-6, so the idle three all get some.
    for (const target of ["a-4", "a-5", "a-6"]) expect(served(target, down, RECOVER).count).toBeGreaterThan(0);
    expect(served("a-1", down, up).count).toBe(0);
    // Back: a-1 has its client again, and the idle three are idle again.
    expect(Math.abs(served("a-1", up, DURATION).share - 1 / CLIENTS)).toBeLessThan(TOLERANCE);
    for (const target of ["a-4", "a-5", "a-6"]) expect(served(target, up, DURATION).count).toBe(0);
  });

  const stuck = [
    ["application", "lb_cookie", 'the load balancer "selects a new target and updates the cookie"'],
    ["application", "app_cookie", 'the session is "stuck" to the new healthy target'],
    ["classic", "app_cookie", 'the session is "stuck" to the new healthy instance'],
  ] as const;
  for (const [lbType, type, rule] of stuck) {
    it(`${lbType} ${type}: ${rule}, and stays there after its old target recovers`, () => {
      const { served, down, up } = failover(type, lbType);
      // Out: exactly one of the idle targets took the client over.
      const takers = ["a-4", "a-5", "a-6"].filter((target) => served(target, down, RECOVER).count > 0);
      expect(takers).toHaveLength(1);
      // Back: a-1 is healthy but gets nothing; the new target keeps the client.
      expect(up).toBeLessThan(DURATION - 60);
      expect(served("a-1", up, DURATION).count).toBe(0);
      expect(Math.abs(served(takers[0], up, DURATION).share - 1 / CLIENTS)).toBeLessThan(TOLERANCE);
    });
  }

  it("both: the client's requests fail (502) only until its target leaves the node's view", () => {
    for (const type of ["lb_cookie", "app_cookie"] as const) {
      const { result, down } = failover(type, "application");
      expect(down).toBeLessThan(FAIL + 2 * 5 + 2 + 1e-9);
      expect(result.requests.elb5xx).toBeGreaterThan(0);
      // Only a-1's client fails, at 6/3 = 2 requests/s for (down − FAIL) seconds: expected about
      // 2·(down − FAIL), at most 3× that allowing for Poisson bursts.
      expect(result.requests.elb5xx).toBeLessThan(3 * (6 / CLIENTS) * (down - FAIL));
    }
  });

  it('classic: "the load balancer does not refresh the expiry time of the cookie": with 30 s cookies the clients visit every target', () => {
    const { served } = failover("lb_cookie", "classic", "30s");
    for (const target of TARGETS) expect(served(target, 0, FAIL).count).toBeGreaterThan(0);
  });

  it('application: the load balancer "resets the expiry of the cookies it generates after every request": active clients keep their 30 s cookies', () => {
    for (const type of ["lb_cookie", "app_cookie"] as const) {
      const { served } = failover(type, "application", "30s");
      // A client sends every 1.5 s on average: a 30 s gap (which would let a cookie expire) has
      // probability e^-20 per gap, so the idle three stay idle.
      for (const target of ["a-4", "a-5", "a-6"]) expect(served(target, 0, FAIL).count).toBe(0);
    }
  });
});
