// Clients that time out and retry (docs/design.md#client-retries).
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { seriesValues, testScenario } from "./test-scenario";

type Parts = Parameters<typeof testScenario>[0];

function run(client: Record<string, unknown>, target: Record<string, unknown>, more: Partial<Parts> = {}, seed = 1) {
  return runScenario(
    testScenario(
      {
        duration: 400,
        metricsInterval: "10s",
        targets: [{ zone: "a", count: 1, concurrency: 64, serviceTime: "10ms", ...target }],
        clients: [{ name: "c", count: 1000, pick: "random", connection: { keepAlive: false }, rate: 50, ...client }],
        ...more,
      },
      { seed },
    ),
  );
}

describe("retries until success", () => {
  it("offer λ/(1 − p) attempts when each fails with probability p: p = 0.5 doubles the load, amplification 2 ± 0.04 over 3 seeds", () => {
    const p = 0.5;
    for (const seed of [1, 2, 3]) {
      const { result, timeseries } = run(
        { retry: { policy: "fixed", attempts: 100, on: ["500"] } },
        {},
        { events: [{ at: 0, errors: { target: "a-1", rate: p } }] },
        seed,
      );
      const [client] = result.clients!;
      // One logical request of the 20,000 needs k attempts with probability (1 − p)·p^(k−1): mean
      // 1/(1 − p) = 2, variance p/(1 − p)² = 2, so the mean's standard error is 0.01.
      expect(Math.abs(client.amplification - 1 / (1 - p))).toBeLessThan(0.04);
      expect(client.failed).toBe(0);
      expect(client.succeeded).toBeGreaterThan(client.requests - 100); // the last ones still in flight
      // The load balancer sees the attempts: λ/(1 − p) = 100 a second.
      const attempts = seriesValues(timeseries, "RequestCount", "lb").reduce((a, b) => a + b) / 400;
      expect(Math.abs(attempts - 50 / (1 - p))).toBeLessThan(4);
    }
  });

  it("count each retry by its reason and the requests that succeeded only after one", () => {
    const { result } = run(
      { retry: { policy: "fixed", attempts: 3, on: ["500"] } },
      {},
      {
        events: [{ at: 0, errors: { target: "a-1", rate: 0.3 } }],
      },
    );
    const [client] = result.clients!;
    expect(Object.keys(client.retries)).toEqual(["500"]);
    expect(client.succeededAfterRetry).toBeGreaterThan(0);
    // Fails only when all three attempts fail: 0.3³ = 2.7 % of requests (±1 %).
    expect(Math.abs(client.failed / client.requests - 0.027)).toBeLessThan(0.01);
  });
});

describe("client timeouts", () => {
  it("give up on every attempt that outlives the timeout, while the target still serves it: throughput without goodput", () => {
    const { result, timeseries } = run(
      { timeout: "1s", retry: { policy: "fixed", attempts: 3, on: ["timeout"] }, rate: 5 },
      { serviceTime: "2s" },
    );
    const [client] = result.clients!;
    expect(client.succeeded).toBe(0);
    // Every attempt times out, but for the few still within their second at the end (5 a second).
    expect(client.timeouts).toBeLessThanOrEqual(client.attempts);
    expect(client.attempts - client.timeouts).toBeLessThanOrEqual(20);
    expect(Math.abs(client.amplification - 3)).toBeLessThan(0.01);
    // The target answered the abandoned attempts all the same.
    const served = seriesValues(timeseries, "HTTPCode_Target_2XX_Count", "lb").reduce((a, b) => a + b);
    expect(served).toBeGreaterThan(0.9 * client.attempts);
  });
});

describe("aws-standard", () => {
  it("stops retrying when a client's retry quota is spent: 500 tokens at 5 a retry give 100 retries", () => {
    const { result } = run(
      { count: 1, rate: 20, retry: { policy: "aws-standard", baseDelay: "10ms" } },
      {},
      { events: [{ at: 0, errors: { target: "a-1", rate: 1 } }] },
    );
    const [client] = result.clients!;
    expect(client.retries["500"]).toBe(100);
    expect(client.succeeded).toBe(0);
    expect(client.failed).toBeGreaterThan(client.requests - 5);
    expect(client.attempts).toBe(client.requests + 100);
  });
});

describe("circuit breaker", () => {
  it("opens after 5 failures and lets one probe through every openFor: few attempts reach a failing target", () => {
    const { result } = run(
      { count: 1, rate: 10, breaker: { failures: 5, openFor: "10s" } },
      {},
      { events: [{ at: 0, errors: { target: "a-1", rate: 1 } }] },
    );
    const [client] = result.clients!;
    // 5 failures open it; then one failed probe every 10 s of the 400 s.
    expect(client.attempts).toBeLessThanOrEqual(5 + 400 / 10 + 1);
    expect(client.attempts).toBeGreaterThanOrEqual(5 + 400 / 10 - 2);
    expect(client.circuitOpen).toBe(client.requests - client.attempts);
  });
});

describe("a network load balancer's view of clients that give up", () => {
  it("counts each client timeout as a reset from the client (TCP_Client_Reset_Count)", () => {
    const { result, timeseries } = run(
      { timeout: "1s", rate: 5 },
      { serviceTime: "2s" },
      { loadBalancer: { type: "network" } },
    );
    const resets = seriesValues(timeseries, "TCP_Client_Reset_Count", "lb").reduce((a, b) => a + b);
    expect(resets).toBe(result.clients![0].timeouts);
    expect(resets).toBeGreaterThan(0);
  });
});
