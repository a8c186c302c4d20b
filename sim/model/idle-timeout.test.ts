// The idle timeout (docs/design.md#idle-timeout-and-504, docs/aws-behaviour.md#idle-timeout-settings): a node closes a connection
// that has carried nothing for `idleTimeout`, so the client's next request opens a new one; and
// a request that outlives the idle timeout gets 504 from the node (docs/aws-behaviour.md#504-when-a-request-outlives-the-idle-timeout).
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { seriesValues, testScenario } from "./test-scenario";

describe("idle connections", () => {
  // Ten clients, one request per second in all (constant arrivals), each request from a client
  // drawn at random: the gap between two requests of one client is k whole seconds with
  // probability p(1 − p)^(k−1), p = 1/10. The connection survives a gap of at most idleTimeout
  // τ, so a request opens a new connection with probability P(k > τ) = (1 − p)^τ (maxRequests is
  // unlimited: nothing else closes a connection). 4000 requests: standard error under 0.01.
  const CLIENTS = 10;
  const TOLERANCE = 0.03;

  function newConnectionShare(idleTimeout: number): number {
    const { result, timeseries } = runScenario(
      testScenario({
        duration: 4000,
        metricsInterval: "100s",
        loadBalancer: { type: "application", idleTimeout },
        targets: [{ zone: "a", count: 2, concurrency: 16, serviceTime: 0.01 }],
        clients: [
          {
            name: "c",
            count: CLIENTS,
            arrival: "constant",
            connection: { keepAlive: true, maxRequests: "unlimited" },
            rate: 1,
          },
        ],
      }),
    );
    const opened = seriesValues(timeseries, "NewConnectionCount", "lb").reduce((a, b) => a + b);
    return opened / result.requests.total;
  }

  it("a request opens a new connection when its client was idle longer than idleTimeout: share (1 − 1/10)^τ", () => {
    const short = newConnectionShare(5);
    const long = newConnectionShare(20);
    expect(Math.abs(short - 0.9 ** 5)).toBeLessThan(TOLERANCE); // 0.590
    expect(Math.abs(long - 0.9 ** 20)).toBeLessThan(TOLERANCE); // 0.122
    expect(short).toBeGreaterThan(3 * long);
  });
});

describe("requests that outlive the idle timeout", () => {
  // idleTimeout 5 s. Health checks get a 20 s timeout so that slow targets stay healthy and
  // only the idle timeout is at work; 64 workers per target leave no request waiting.
  function slowTarget(serviceTime: unknown) {
    return runScenario(
      testScenario({
        duration: 300,
        loadBalancer: { type: "application", idleTimeout: "5s", healthCheck: { interval: "30s", timeout: "20s" } },
        targets: [{ zone: "a", count: 2, concurrency: 64, serviceTime }],
        clients: [{ name: "c", count: 10, rate: 5 }],
      }),
    );
  }

  it("a target slower than the idle timeout (6 s > 5 s) gets every request answered with 504 by the node", () => {
    const { result, timeseries } = slowTarget("6s");
    expect(result.requests.total).toBeGreaterThan(1000);
    expect(result.requests.byStatus["504"]).toBe(result.requests.total);
    expect(seriesValues(timeseries, "HTTPCode_ELB_504_Count", "lb").reduce((a, b) => a + b)).toBe(
      result.requests.total,
    );
    expect(result.log.filter((e) => e.type === "health")).toEqual([]);
  });

  it("a target just inside it (4 s < 5 s) gets none", () => {
    const { result } = slowTarget("4s");
    expect(result.requests.elb5xx).toBe(0);
    expect(result.requests.ok).toBe(result.requests.total);
  });

  it("with service times uniform on [0, 10 s], P(S > 5 s) = 1/2 of the requests get 504 (±0.04)", () => {
    const { result } = slowTarget({ distribution: "uniform", min: "0s", max: "10s" });
    const share = (result.requests.byStatus["504"] ?? 0) / result.requests.total;
    expect(Math.abs(share - 0.5)).toBeLessThan(0.04);
  });
});
