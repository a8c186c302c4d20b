// Target group health thresholds and zonal shift (docs/aws-behaviour.md#target-group-health-thresholds,
// docs/aws-behaviour.md#zonal-shift). Two zones of four targets, cross-zone off, one node each;
// clients open a connection per request to a random address of their cached answer (TTL 60 s).
import { describe, expect, it } from "vitest";
import { Run } from "../run";
import { validateScenario } from "../scenario/load";
import { seriesValues, testScenario } from "./test-scenario";

const AT = 60;

function scenario(parts: { loadBalancer?: Record<string, unknown>; events?: Record<string, unknown>[] }) {
  return {
    duration: 400,
    zones: ["a", "b"],
    loadBalancer: {
      type: "application",
      crossZone: false,
      healthCheck: { interval: "10s", timeout: "2s", healthyThreshold: 2, unhealthyThreshold: 2 },
      ...parts.loadBalancer,
    },
    targets: ["a", "b"].map((zone) => ({ zone, count: 4, concurrency: 8, serviceTime: "10ms" })),
    clients: [{ name: "c", count: 400, pick: "random", connection: { keepAlive: false }, rate: 80 }],
    events: parts.events ?? [],
  };
}

/** Three of zone a's four targets answer every request with 500 from AT: they fail their checks. */
const DEGRADE = ["a-1", "a-2", "a-3"].map((target) => ({ at: AT, errors: { target, rate: 1 } }));

function sum(values: number[], from: number, to: number): number {
  return values.slice(from / 10, to / 10).reduce((a, b) => a + b, 0);
}

describe("target group health thresholds", () => {
  it("by default (one healthy target) a zone with one healthy target of four stays in DNS", () => {
    const run = new Run(testScenario(scenario({ events: DEGRADE })));
    run.advance(AT + 60);
    expect(run.lb.dns.recordCount).toBe(2);
  });

  it('DNS failover at 50 %: "when the healthy targets in a zone fall below the threshold" (1 of 4) the zone leaves DNS, and its node\'s new traffic stops within a TTL', () => {
    const run = new Run(
      testScenario(
        scenario({ loadBalancer: { targetGroupHealth: { dnsFailover: { percentage: 50 } } }, events: DEGRADE }),
      ),
    );
    run.advance(AT + 60);
    expect(run.lb.dns.recordCount).toBe(1);
    const { result, timeseries } = run.finish();
    const change = result.log.find((e) => e.type === "dns" && e.records === 1)!;
    expect(change.nodes).toBe("b-n1");
    const nodeA = seriesValues(timeseries, "RequestCount", "node=a-n1");
    expect(sum(nodeA, Math.ceil((change.at + 60) / 10) * 10, 400)).toBe(0);
  });

  it("routing failover at 50 %: below it the node routes to all its targets, unhealthy ones included", () => {
    const unhealthyServed = (routing: Record<string, unknown> | undefined) => {
      const run = new Run(
        testScenario(
          scenario({
            loadBalancer: routing
              ? { targetGroupHealth: { dnsFailover: { percentage: 50 }, routingFailover: routing } }
              : {},
            events: DEGRADE,
          }),
        ),
      );
      const { timeseries } = run.finish();
      return sum(seriesValues(timeseries, "RequestCount", "target=a-2"), AT + 60, 400);
    };
    // Default: a-2 is unhealthy in node a's view and gets nothing once out (a-4 still healthy).
    expect(unhealthyServed(undefined)).toBe(0);
    // Node a's clients cached its address before it left DNS: for up to a TTL they still reach it,
    // and with routing failover it sends them to a-2 too.
    expect(unhealthyServed({ percentage: 50 })).toBeGreaterThan(0);
  });

  it('is refused for classic, and "the threshold for DNS failover must be greater than or equal to the threshold for routing failover"', () => {
    const problems = (lb: Record<string, unknown>) => {
      const loaded = validateScenario({ version: 1, name: "t", ...scenario({ loadBalancer: lb }) });
      return loaded.ok ? [] : loaded.errors.map((e) => `${e.path}: ${e.message}`);
    };
    expect(problems({ type: "classic", targetGroupHealth: { dnsFailover: { count: 2 } } })).toEqual([
      "loadBalancer.targetGroupHealth: is an application and network load balancer setting, not classic",
    ]);
    expect(problems({ targetGroupHealth: { dnsFailover: { count: 1 }, routingFailover: { count: 3 } } })).toEqual([
      "loadBalancer.targetGroupHealth.dnsFailover.count: must be at least routingFailover.count (3), got 1",
    ]);
    expect(problems({ targetGroupHealth: { dnsFailover: { count: "off" }, routingFailover: { count: 3 } } })).toEqual(
      [],
    );
  });
});

describe("zonal shift", () => {
  const SHIFT = { at: AT, zonalShift: { zone: "a", duration: "2m" } };

  it("takes the zone's address out of DNS until it expires, without cutting connections already open", () => {
    const run = new Run(testScenario(scenario({ events: [SHIFT] })));
    run.advance(AT + 1);
    expect(run.lb.dns.recordCount).toBe(1);
    run.advance(AT + 120 + 1);
    expect(run.lb.dns.recordCount).toBe(2);
    const { result } = run.finish();
    expect(result.log.filter((e) => e.type.startsWith("zonal-shift")).map((e) => [e.at, e.type])).toEqual([
      [AT, "zonal-shift"],
      [AT + 120, "zonal-shift-end"],
    ]);
    expect(result.requests.ok).toBe(result.requests.total);
  });

  it("keeps serving a keep-alive client already connected to the shifted zone's node", () => {
    const parts = scenario({ events: [SHIFT] });
    parts.clients = [
      { name: "c", count: 20, pick: "random", connection: { keepAlive: true, maxRequests: 100000 } as never, rate: 40 },
    ] as never;
    const { timeseries } = new Run(testScenario(parts)).finish();
    expect(sum(seriesValues(timeseries, "RequestCount", "node=a-n1"), AT + 10, AT + 110)).toBeGreaterThan(0);
  });

  it('is refused where AWS refuses it: "only supported on Application Load Balancers and Network Load Balancers with cross-zone load balancing turned off", for 1 minute to 3 days', () => {
    const problems = (lb: Record<string, unknown>, shift: Record<string, unknown>) => {
      const loaded = validateScenario({
        version: 1,
        name: "t",
        ...scenario({ loadBalancer: lb, events: [{ at: 60, zonalShift: shift }] }),
      });
      return loaded.ok ? [] : loaded.errors.map((e) => `${e.path}: ${e.message}`);
    };
    expect(problems({ crossZone: true }, { zone: "a", duration: "2m" })).toEqual([
      "events.0.zonalShift: needs an application or network load balancer with cross-zone load balancing off, got application with cross-zone on",
    ]);
    expect(problems({ type: "classic" }, { zone: "a", duration: "2m" })[0]).toMatch(
      /^events\.0\.zonalShift: needs an application/,
    );
    expect(problems({}, { zone: "a", duration: "30s" })[0]).toMatch(
      /^events\.0\.zonalShift\.duration: must be 60s to 3d, got 30s$/,
    );
    expect(problems({}, { zone: "c", duration: "2m" })).toEqual(["events.0.zonalShift.zone: no zone c (zones: a, b)"]);
  });
});
