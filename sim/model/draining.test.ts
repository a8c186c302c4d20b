// Draining (docs/design.md#draining, docs/aws-behaviour.md#deregistration-delay): a deregistered target gets no new
// requests; its in-flight requests finish; it is gone when the last one is done or when
// `deregistrationDelay` runs out, and requests still running then are cut with 502.
import { describe, expect, it } from "vitest";
import type { LogEntry } from "../metrics/result";
import { Run } from "../run";
import { seriesValues, testScenario } from "./test-scenario";

const DEREGISTER = 100;
/** Every request takes exactly this long: longer than the short delay, shorter than the long one. */
const SERVICE = 5;
const RATE = 10;

/**
 * One node, two targets with room to spare (50 workers each, at most 10/s × 5 s = 50 requests in
 * service in all), a-1 deregistered at DEREGISTER. 1 s buckets.
 */
function drain(deregistrationDelay: string, seed = 1): Run {
  return new Run(
    testScenario(
      {
        duration: 200,
        metricsInterval: "1s",
        loadBalancer: { type: "application", deregistrationDelay },
        targets: [{ zone: "a", count: 2, concurrency: 50, serviceTime: SERVICE }],
        clients: [{ name: "c", count: 100, pick: "random", connection: { keepAlive: false }, rate: RATE }],
        events: [{ at: DEREGISTER, deregister: { target: "a-1" } }],
      },
      { seed },
    ),
  );
}

function entries(log: readonly LogEntry[], type: string): LogEntry[] {
  return log.filter((e) => e.type === type && e.target === "a-1");
}

describe("a deregistered target with a delay longer than its requests", () => {
  it("gets no new request from the moment it is deregistered", () => {
    const run = drain("300s");
    const { timeseries } = run.finish();
    const served = seriesValues(timeseries, "RequestCount", "target=a-1");
    expect(served.slice(0, DEREGISTER).reduce((a, b) => a + b)).toBeGreaterThan(0);
    expect(served.slice(DEREGISTER).every((v) => v === 0)).toBe(true);
  });

  it("loses no request, and is deregistered when its last in-flight request finishes, before the delay", () => {
    // Stepping 10 ms at a time: the `deregistered` entry appears in the step in which a-1's
    // outstanding count reaches 0, which (constant 5 s service, no backlog) is within SERVICE of
    // the deregistration, long before DEREGISTER + 300 s.
    for (const seed of [1, 2, 3]) {
      const run = drain("300s", seed);
      run.advance(DEREGISTER);
      const t = run.lb.targets.ids.indexOf("a-1");
      expect(run.lb.outstandingAt(t)).toBeGreaterThan(0);
      let previous = run.lb.outstandingAt(t);
      while (entries(run.log, "deregistered").length === 0) {
        expect(run.now).toBeLessThan(DEREGISTER + SERVICE);
        previous = run.lb.outstandingAt(t);
        run.advance(run.now + 0.01);
      }
      expect(previous).toBeGreaterThan(0);
      expect(run.lb.outstandingAt(t)).toBe(0);
      const { result } = run.finish();
      const [gone, ...more] = entries(result.log, "deregistered");
      expect(more).toEqual([]);
      expect(gone.at).toBeGreaterThan(DEREGISTER);
      expect(gone.at).toBeLessThanOrEqual(DEREGISTER + SERVICE);
      expect(gone.cut).toBe(0);
      expect(result.requests.elb5xx).toBe(0);
      expect(result.requests.ok).toBe(result.requests.total);
    }
  });
});

describe("a deregistered target with a delay shorter than its requests", () => {
  it("is deregistered at exactly deregistration time + delay, once, cutting what still runs with 502", () => {
    // With 1 s delay and 5 s requests, every request a-1 had running at DEREGISTER that started
    // less than 4 s earlier is still running at DEREGISTER + 1 s: about RATE/2 × 4 = 20 of them.
    const DELAY = 1;
    for (const seed of [1, 2, 3]) {
      const run = drain(`${DELAY}s`, seed);
      const { result, timeseries } = run.finish();
      const gone = entries(result.log, "deregistered");
      expect(gone).toHaveLength(1);
      expect(gone[0].at).toBe(DEREGISTER + DELAY);
      expect(gone[0].cut).toBeGreaterThan(0);
      expect(result.requests.byStatus["502"]).toBe(gone[0].cut);
      // The 502s all come at the deadline. (Which of the two buckets that meet there counts
      // them is the recorder's business, tested in timeline.test.ts.)
      const cut = seriesValues(timeseries, "HTTPCode_ELB_502_Count", "lb");
      expect(cut[DEREGISTER] + cut[DEREGISTER + DELAY]).toBe(gone[0].cut);
    }
  });

  it("with a delay of 0 cuts every request it has running at once", () => {
    const run = drain("0s");
    run.advance(DEREGISTER - 1e-9);
    const running = run.lb.outstandingAt(run.lb.targets.ids.indexOf("a-1"));
    const { result } = run.finish();
    const gone = entries(result.log, "deregistered");
    expect(gone.map((e) => [e.at, e.cut])).toEqual([[DEREGISTER, running]]);
  });
});

describe("registering a draining target again", () => {
  it("ends the drain (cutting what still runs) and puts the target back through its health checks", () => {
    const run = new Run(
      testScenario({
        duration: 200,
        metricsInterval: "1s",
        loadBalancer: {
          type: "application",
          deregistrationDelay: "300s",
          healthCheck: { interval: "10s", timeout: "2s", healthyThreshold: 2, unhealthyThreshold: 2 },
        },
        targets: [{ zone: "a", count: 2, concurrency: 50, serviceTime: SERVICE }],
        clients: [{ name: "c", count: 100, pick: "random", connection: { keepAlive: false }, rate: RATE }],
        events: [
          { at: DEREGISTER, deregister: { target: "a-1" } },
          { at: DEREGISTER + 2, register: { target: "a-1" } },
        ],
      }),
    );
    const { result, timeseries } = run.finish();
    const gone = entries(result.log, "deregistered");
    expect(gone).toHaveLength(1);
    expect(gone[0].at).toBe(DEREGISTER + 2);
    expect(result.requests.byStatus["502"] ?? 0).toBe(gone[0].cut);
    expect(entries(result.log, "register").map((e) => e.at)).toEqual([DEREGISTER + 2]);
    const served = seriesValues(timeseries, "RequestCount", "target=a-1");
    expect(served.slice(DEREGISTER + 30).reduce((a, b) => a + b)).toBeGreaterThan(0);
  });
});
