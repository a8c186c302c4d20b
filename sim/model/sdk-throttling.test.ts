// The bundled sdk-throttling scenario tells its story (docs/design.md#adaptive-retries): SDK
// clients against nodes that spill over; adaptive mode's rate limiters turn the 503s into waiting.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { formatErrors, loadScenario } from "../scenario/load";
import { seriesValues } from "./test-scenario";

const FILE = fileURLToPath(new URL("../../scenarios/sdk-throttling.yaml", import.meta.url));
const BUCKET = 5;
/** Two nodes that pass 400 requests a second each. */
const NODES = 800;

function run(variant: string) {
  const loaded = loadScenario(readFileSync(FILE, "utf8"), { variant });
  if (!loaded.ok) throw new Error(formatErrors(loaded.errors).join("\n"));
  const { result, timeseries } = runScenario(loaded.scenario, { variant });
  const sum = (metric: string, from: number, to: number, dimension = "client=fleet") =>
    seriesValues(timeseries, metric, dimension)
      .slice(from / BUCKET, to / BUCKET)
      .reduce((a, b) => a + b, 0);
  const mean = (metric: string, from: number, to: number) => (sum(metric, from, to) * BUCKET) / (to - from);
  return { result, sum, mean };
}

describe("sdk-throttling", () => {
  const standard = run("aws-standard");
  const adaptive = run("aws-adaptive");

  it("aws-standard: about a third of the burst minute's requests fail", () => {
    const failed = standard.sum("ClientFailureCount", 120, 180) / standard.sum("ClientRequestCount", 120, 180);
    expect(failed).toBeGreaterThan(0.25);
    expect(failed).toBeLessThan(0.4);
  });

  it("aws-adaptive: the clients' fill rates sum to near what the nodes pass, 503s fall below 1 % and no request fails", () => {
    const sendRate = adaptive.mean("ClientSendRateLimit", 150, 390);
    expect(sendRate).toBeGreaterThan(0.8 * NODES);
    expect(sendRate).toBeLessThan(1.1 * NODES);
    const { requests, clients } = adaptive.result;
    expect((requests.byStatus["503"] ?? 0) / requests.total).toBeLessThan(0.01);
    expect(clients![0].failed).toBeLessThanOrEqual(5);
    // Everything held was sent and answered by the end (a few requests of the last second aside).
    expect(clients![0].requests - clients![0].succeeded - clients![0].failed).toBeLessThan(50);
  });

  it("aws-adaptive: the excess waits at the clients instead, for tens of seconds, and drains within four and a half minutes of the burst", () => {
    expect(adaptive.sum("ClientRateLimitedCount", 120, 180)).toBeGreaterThan(50_000);
    expect(adaptive.result.clients![0].latency.p99).toBeGreaterThan(10);
    expect(adaptive.sum("ClientRateLimitedCount", 450, 540)).toBe(0);
    // Standard clients fail fast instead: their p99, backoff included, stays near a second.
    expect(standard.result.clients![0].latency.p99).toBeLessThan(2);
  });
});
