// aws-adaptive clients against a load balancer that spills over (docs/design.md#adaptive-retries):
// one node that passes 200 requests a second with a surge queue of 10, and 10 clients that mean to
// send 400 a second between them.
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { seriesValues, testScenario } from "./test-scenario";

const CAPACITY = 200;

function run(retry: Record<string, unknown>, seed: number) {
  return runScenario(
    testScenario(
      {
        duration: 300,
        metricsInterval: "10s",
        loadBalancer: { type: "application", node: { capacity: CAPACITY, surgeQueue: 10 } },
        targets: [{ zone: "a", count: 4, concurrency: 64, serviceTime: "10ms" }],
        clients: [{ name: "c", count: 10, pick: "random", rate: 2 * CAPACITY, retry }],
      },
      { seed },
    ),
  );
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("aws-adaptive retries", () => {
  it("slow the clients to what the node passes: their fill rates sum to its 200 a second within 10 % over 3 seeds, and 503s fall below 5 % of attempts", () => {
    for (const seed of [1, 2, 3]) {
      const standard = run({ policy: "aws-standard" }, seed).result;
      const { result, timeseries } = run({ policy: "aws-adaptive" }, seed);
      const sendRate = seriesValues(timeseries, "ClientSendRateLimit", "client=c").slice(15);
      expect(Math.abs(mean(sendRate) / CAPACITY - 1)).toBeLessThan(0.1);
      const spilled = (r: typeof result) => (r.requests.byStatus["503"] ?? 0) / r.requests.total;
      expect(spilled(standard)).toBeGreaterThan(0.5);
      expect(spilled(result)).toBeLessThan(0.05);
      // Held attempts wait, they are not dropped: no request fails, and as many succeed as with
      // standard mode, whose clients fail half of theirs.
      const [client] = result.clients!;
      expect(client.failed).toBe(0);
      expect(client.rateLimited).toBeGreaterThan(0);
      expect(Math.abs(client.succeeded / standard.clients![0].succeeded - 1)).toBeLessThan(0.02);
      expect(standard.clients![0].failed).toBeGreaterThan(0.4 * standard.clients![0].requests);
    }
  });

  it("behave as aws-standard when no answer counts as throttling (an SDK as it is, behind ELB)", () => {
    const standard = run({ policy: "aws-standard" }, 1).result.clients![0];
    const { rateLimited, ...adaptive } = run({ policy: "aws-adaptive", throttling: [] }, 1).result.clients![0];
    expect(rateLimited).toBe(0);
    expect(adaptive).toEqual(standard);
  });
});
