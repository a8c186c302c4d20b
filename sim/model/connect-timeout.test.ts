// A client group's connect timeout (docs/design.md#connect-timeout): the connect phase of an
// attempt on a new connection ends when the node's capacity takes it; a client whose addresses do
// not answer waits the connect timeout out.
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { seriesValues, testScenario } from "./test-scenario";

type Parts = Parameters<typeof testScenario>[0];

function run(client: Record<string, unknown>, more: Partial<Parts> = {}, seed = 1) {
  return runScenario(
    testScenario(
      {
        duration: 200,
        metricsInterval: "10s",
        targets: [{ zone: "a", count: 2, concurrency: 64, serviceTime: "10ms" }],
        clients: [{ name: "c", count: 200, pick: "random", rate: 50, ...client }],
        ...more,
      },
      { seed },
    ),
  );
}

describe("connect timeout", () => {
  it("a client that can reach no address gives up after the connect timeout, not at once, and retries it as a connection error", () => {
    for (const seed of [1, 2, 3]) {
      const { result, timeseries } = run(
        {
          connection: { keepAlive: false },
          connectTimeout: "2s",
          retry: { policy: "fixed", attempts: 2, delay: "1s", on: ["connection_error"] },
        },
        { events: [{ at: 100, outage: { zone: "a" } }] },
        seed,
      );
      const [client] = result.clients!;
      // Before the outage every request succeeds; after it none can, and each of its two attempts
      // waits 2 s: 50 requests a second for 100 s, the last 5 s still waiting at the end.
      expect(client.failed).toBeGreaterThan(50 * 95 * 0.95);
      expect(client.failed).toBeLessThan(50 * 100 * 1.05);
      // Every failure is a second connect timeout; the few attempts in flight at the outage broke.
      expect(client.retries.connection_error ?? 0).toBeLessThan(10);
      const inFlight = client.requests - client.succeeded - client.failed;
      expect(Math.abs(client.connectTimeouts! - (client.retries.connect_timeout + client.failed))).toBeLessThanOrEqual(
        inFlight,
      );
      const timeouts = seriesValues(timeseries, "ClientConnectTimeoutCount", "client=c");
      expect(timeouts.slice(0, 10).every((n) => n === 0)).toBe(true);
      // A second after the outage the first timeouts are still 1 s away.
      expect(timeouts[10]).toBeGreaterThan(0);
    }
  });

  it("without a connect timeout the same client fails at once with a connection error", () => {
    const { result } = run(
      {
        connection: { keepAlive: false },
        retry: { policy: "fixed", attempts: 2, delay: "1s", on: ["connection_error"] },
      },
      { events: [{ at: 100, outage: { zone: "a" } }] },
    );
    const [client] = result.clients!;
    expect(client.connectTimeouts).toBeUndefined();
    expect(Object.keys(client.retries)).toEqual(["connection_error"]);
    expect(client.failed).toBeGreaterThan(50 * 99 * 0.95);
  });

  it("a shorter request timeout ends the wait for addresses that do not answer first", () => {
    const { result } = run(
      { connection: { keepAlive: false }, connectTimeout: "5s", timeout: "1s" },
      { events: [{ at: 100, outage: { zone: "a" } }] },
    );
    const [client] = result.clients!;
    expect(client.connectTimeouts).toBe(0);
    expect(client.timeouts).toBeGreaterThan(50 * 99 * 0.95);
  });

  it("times out new connections waiting for a saturated node's capacity, and never a kept-alive connection's request", () => {
    // The node passes 100 requests a second; 150 arrive: its queue grows by 50 a second, and
    // past 100 waiting, a new connection waits more than 1 s for it.
    const node = { loadBalancer: { type: "application", node: { capacity: 100, surgeQueue: 100000 } } };
    const fresh = run({ rate: 150, connection: { keepAlive: false }, connectTimeout: "1s" }, node);
    const [client] = fresh.result.clients!;
    expect(client.connectTimeouts).toBeGreaterThan(0.9 * 150 * 190);
    expect(client.timeouts).toBe(0);
    // Ten clients that keep their connections open connect once each, before the queue builds.
    const kept = run(
      { rate: 150, count: 10, connection: { keepAlive: true, maxRequests: "unlimited" }, connectTimeout: "1s" },
      node,
    );
    expect(kept.result.clients![0].connectTimeouts).toBe(0);
  });
});
