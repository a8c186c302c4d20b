import { describe, expect, test } from "vitest";
import { formatErrors, validateScenario } from "./load";
import type { LoadBalancerSettings } from "./defaults";

/** The load-balancer settings of a minimal scenario with `loadBalancer` as given. */
function settings(loadBalancer: Record<string, unknown>): LoadBalancerSettings {
  const raw = {
    version: 1,
    name: "t",
    duration: 60,
    zones: ["a"],
    targets: [{ zone: "a", concurrency: 1, serviceTime: 0.1 }],
    clients: [{ name: "c", rate: 1 }],
    loadBalancer,
  };
  const result = validateScenario(raw);
  if (!result.ok) throw new Error(formatErrors(result.errors).join("\n"));
  return result.scenario.loadBalancer;
}

describe("defaults per load-balancer type", () => {
  test("classic: cross-zone off, least outstanding requests, healthy after 10 checks, 503 when all are unhealthy", () => {
    expect(settings({ type: "classic" })).toMatchObject({
      crossZone: false,
      algorithm: "least_outstanding_requests",
      healthCheck: { interval: 30, timeout: 5, healthyThreshold: 10, unhealthyThreshold: 2 },
      idleTimeout: 60,
      deregistrationDelay: 300,
      allUnhealthy: "503",
    });
  });

  test("application: cross-zone on, round robin, healthy after 5 checks, fails open", () => {
    expect(settings({ type: "application" })).toMatchObject({
      crossZone: true,
      algorithm: "round_robin",
      healthCheck: { interval: 30, timeout: 5, healthyThreshold: 5, unhealthyThreshold: 2 },
      idleTimeout: 60,
      allUnhealthy: "fail-open",
    });
  });

  test('network: cross-zone off, flow hash, TCP health checks with "10 seconds for TCP" as the timeout, a 350s idle timeout', () => {
    expect(settings({ type: "network" })).toMatchObject({
      crossZone: false,
      algorithm: "flow_hash",
      healthCheck: { protocol: "tcp", interval: 30, timeout: 10, healthyThreshold: 5, unhealthyThreshold: 2 },
      idleTimeout: 350,
      allUnhealthy: "fail-open",
    });
  });

  test("a scenario without a type is an application load balancer", () => {
    expect(settings({}).type).toBe("application");
  });

  test("every default can be overridden, one setting at a time", () => {
    const lb = settings({
      type: "classic",
      crossZone: true,
      algorithm: "round_robin",
      healthCheck: { healthyThreshold: 3 },
      idleTimeout: "5m",
    });
    expect(lb).toMatchObject({ crossZone: true, algorithm: "round_robin", idleTimeout: 300 });
    expect(lb.healthCheck).toEqual({
      protocol: "http",
      interval: 30,
      timeout: 5,
      healthyThreshold: 3,
      unhealthyThreshold: 2,
    });
  });

  test("settings that do not depend on the type have one default", () => {
    expect(settings({})).toMatchObject({
      nodesPerZone: 1,
      node: { capacity: Infinity, surgeQueue: 1024 },
      dns: { ttl: 60, maxRecords: 8, propagationDelay: 0 },
    });
  });
});
