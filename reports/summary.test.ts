import { describe, expect, test } from "vitest";
import type { RunResult } from "../sim/metrics/result";
import { formatSummary } from "./summary";

const result: RunResult = {
  scenario: "cross-zone",
  variant: "cross-zone-off",
  seed: 1,
  digest: "ab".repeat(32),
  simulatedSeconds: 600,
  events: 2_000_000,
  wallSeconds: 1.25,
  requests: { total: 1000, ok: 990, spillover: 6, elb5xx: 8, target5xx: 2, byStatus: { "502": 2, "503": 6, "500": 2 } },
  latency: { mean: 0.0203, p50: 0.02, p90: 0.021, p99: 0.1234 },
  zones: [
    { zone: "a", requests: 500, share: 0.5 },
    { zone: "b", requests: 500, share: 0.5 },
  ],
  nodes: [
    { id: "a-n1", zone: "a", requests: 505, share: 0.505, launchedAt: 0, inDnsAt: 0, retiredAt: null },
    { id: "b-n1", zone: "b", requests: 495, share: 0.495, launchedAt: 0, inDnsAt: 0, retiredAt: null },
  ],
  targets: [
    { id: "a-1", zone: "a", requests: 250, share: 0.25, latencyMean: 0.02 },
    { id: "a-2", zone: "a", requests: 250, share: 0.25, latencyMean: 0.02 },
    { id: "b-1", zone: "b", requests: 255, share: 0.255, latencyMean: 0.0201 },
    { id: "b-2", zone: "b", requests: 245, share: 0.245, latencyMean: 0.0203 },
  ],
  scaling: [{ at: 312.5, action: "scale-out", nodesPerZone: 2, readyAt: 500 }],
  log: [{ at: 120, type: "fail", target: "a-1" }],
};

describe("the human summary", () => {
  const text = formatSummary(result, { title: "Cross-zone example" });

  test("names the scenario, variant, seed and full digest", () => {
    expect(text).toContain("Cross-zone example  (cross-zone, variant cross-zone-off)");
    expect(text).toContain(`seed 1   digest ${"ab".repeat(32)}`);
    expect(text).toContain("10m simulated in 1.25 s wall (800 requests/s, 1.60 M events/s)");
  });

  test("counts requests and errors by status", () => {
    expect(text).toContain("1,000 total   990 ok   1.00 % errors   6 spillover");
    expect(text).toContain("500 × 2   502 × 2   503 × 6   (load balancer 8, targets 2)");
  });

  test("shows each zone's share with the range of its targets' shares", () => {
    expect(text).toMatch(/^a +50\.0 % +500 +2 +25\.0 % +20\.0 ms$/m);
    expect(text).toMatch(/^b +50\.0 % +500 +2 +24\.5 – 25\.5 % +20\.1 – 20\.3 ms$/m);
    expect(text).toMatch(/^a-n1 +a +50\.5 % +505$/m);
  });

  test("lists scaling actions and the log", () => {
    expect(text).toContain("Scaling   5m12.5s scale-out → 2 nodes per zone, ready 8m20s");
    expect(text).toMatch(/Log +1 fail\n +2m +fail +target a-1/);
  });

  test("says a scale-out whose nodes were still provisioning at the end was not ready, not a time after it", () => {
    const late: RunResult = { ...result, scaling: [{ at: 312.5, action: "scale-out", nodesPerZone: 2, readyAt: 700 }] };
    expect(formatSummary(late, { title: "t" })).toContain(
      "Scaling   5m12.5s scale-out → 2 nodes per zone, not all ready by the end (due 11m40s)",
    );
  });

  test("says what each group's clients saw of their own requests when they time out or retry", () => {
    const withClients: RunResult = {
      ...result,
      clients: [
        {
          name: "app",
          requests: 800,
          succeeded: 700,
          succeededAfterRetry: 40,
          failed: 90,
          attempts: 1000,
          amplification: 1.25,
          retries: { "503": 150, timeout: 50 },
          timeouts: 60,
          circuitOpen: 0,
          latency: { mean: 0.05, p50: 0.02, p90: 0.1, p99: 1.5 },
        },
      ],
    };
    const lines = formatSummary(withClients, { title: "t" }).split("\n");
    const at = lines.findIndex((l) => l.startsWith("Clients"));
    expect(lines.slice(at, at + 3)).toEqual([
      "Clients   app: 800 requests   700 ok (40 after retries)   90 failed   1,000 attempts (× 1.25)",
      "          retries 503 × 150, timeout × 50   60 attempts timed out",
      "          latency of those ok, retries included: mean 50.0 ms   p50 20.0 ms   p90 100.0 ms   p99 1500 ms",
    ]);
    // The requests line above counts what reached the load balancer: the attempts.
    expect(lines.find((l) => l.startsWith("Requests"))).toContain("1,000 total (attempts at the load balancer)");
    expect(text).not.toContain("Clients");
    const adaptive = { ...withClients.clients![0], connectTimeouts: 12, rateLimited: 3400, retries: {} };
    const more = formatSummary({ ...result, clients: [adaptive] }, { title: "t" }).split("\n");
    expect(more.find((l) => l.includes("retries none"))).toBe(
      "          retries none   60 attempts timed out   12 connect timeouts   3,400 held by the rate limiter",
    );
  });
});
