// The bundled retry-storm scenario tells its story (docs/design.md#client-retries): a one-minute
// overload that immediate retries turn into a lasting outage, and the variants that end it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { formatErrors, loadScenario } from "../scenario/load";
import { seriesValues } from "./test-scenario";

const FILE = fileURLToPath(new URL("../../scenarios/retry-storm.yaml", import.meta.url));
const BUCKET = 5;

const runs = new Map<string, ReturnType<typeof simulate>>();
/** Each variant runs once (about a second); the tests read its windows. */
function run(variant: string) {
  if (!runs.has(variant)) runs.set(variant, simulate(variant));
  return runs.get(variant)!;
}

/** The share of the clients' requests that succeeded over [from, to) seconds, and the attempts per request. */
function simulate(variant: string) {
  const loaded = loadScenario(readFileSync(FILE, "utf8"), { variant });
  if (!loaded.ok) throw new Error(formatErrors(loaded.errors).join("\n"));
  const { result, timeseries } = runScenario(loaded.scenario, { variant });
  const series = (metric: string) => seriesValues(timeseries, metric, "client=app");
  const sum = (values: number[], from: number, to: number) =>
    values.slice(from / BUCKET, to / BUCKET).reduce((a, b) => a + b, 0);
  const window = (from: number, to: number) => {
    const requests = sum(series("ClientRequestCount"), from, to);
    return {
      ok: sum(series("ClientSuccessCount"), from, to) / requests,
      amplification: sum(series("ClientAttemptCount"), from, to) / requests,
    };
  };
  return { result, window };
}

describe("retry-storm", () => {
  it("before the burst every request succeeds at the first attempt, in every variant", () => {
    for (const variant of ["immediate-retries", "no-retries", "aws-standard", "circuit-breaker"]) {
      const { ok, amplification } = run(variant).window(0, 120);
      // (A few requests sent in the last second of the window are still in flight.)
      expect(ok).toBeGreaterThan(0.999);
      expect(amplification).toBe(1);
    }
  });

  it("immediate-retries: the storm outlasts the burst by seven minutes — almost nothing succeeds to the end, at four attempts a request", () => {
    const { window, result } = run("immediate-retries");
    expect(window(300, 600).ok).toBeLessThan(0.02);
    expect(window(300, 600).amplification).toBeGreaterThan(3.9);
    expect(result.clients![0].amplification).toBeGreaterThan(2.5);
  });

  it("no-retries and circuit-breaker: back to over 99 % within two minutes of the burst", () => {
    for (const variant of ["no-retries", "circuit-breaker"])
      expect(run(variant).window(300, 600).ok).toBeGreaterThan(0.99);
  });

  it("aws-standard: down while the retry quotas last, then recovered once they run dry", () => {
    const { window } = run("aws-standard");
    expect(window(180, 300).ok).toBeLessThan(0.05);
    expect(window(480, 600).ok).toBeGreaterThan(0.9);
    expect(window(480, 600).amplification).toBeLessThan(1.1);
  });

  it("aws-adaptive: the same as aws-standard, as the SDKs take timeouts for no throttling and no client here sends above the limiter's floor", () => {
    const { rateLimited, ...adaptive } = run("aws-adaptive").result.clients![0];
    expect(rateLimited).toBe(0);
    expect(adaptive).toEqual(run("aws-standard").result.clients![0]);
  });
});
