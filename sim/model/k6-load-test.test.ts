// The bundled k6-load-test scenario tells its story (docs/design.md#closed-loop-users): closed-loop
// users cannot push throughput past capacity; they wait instead, as the interactive response
// time law says (R = N/X − Z).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { formatErrors, loadScenario } from "../scenario/load";
import { seriesValues } from "./test-scenario";

const FILE = fileURLToPath(new URL("../../scenarios/k6-load-test.yaml", import.meta.url));
const BUCKET = 5;
/** 32 workers at a 40 ms mean service time. */
const CAPACITY = 800;
const USERS = 1200;
const THINK = 1;

function run(variant: string) {
  const loaded = loadScenario(readFileSync(FILE, "utf8"), {
    variant,
    readFile: (path) => readFileSync(resolve(dirname(FILE), path), "utf8"),
  });
  if (!loaded.ok) throw new Error(formatErrors(loaded.errors).join("\n"));
  const { result, timeseries } = runScenario(loaded.scenario, { variant });
  const mean = (metric: string, dimension: string, from: number, to: number) => {
    const values = seriesValues(timeseries, metric, dimension).slice(from / BUCKET, to / BUCKET);
    return values.reduce((a, b) => a + b, 0) / values.length;
  };
  return { mean, digest: result.digest };
}

describe("k6-load-test", () => {
  const { mean, digest } = run("as-written");

  it("users-from-trace: the same users read from traces/k6-users.csv give the same run", () => {
    expect(run("users-from-trace").digest).toBe(digest);
  });

  it(`at ${USERS} users throughput levels off at the targets' capacity (${CAPACITY}/s ± 3 %)`, () => {
    expect(Math.abs(mean("RequestCount", "lb", 420, 600) / BUCKET / CAPACITY - 1)).toBeLessThan(0.03);
  });

  it(`and the users wait instead: R = N/X − Z = ${USERS}/${CAPACITY} − ${THINK} s = 0.5 s (± 5 %)`, () => {
    expect(Math.abs(mean("ClientLatency", "lb", 420, 600) / (USERS / CAPACITY - THINK) - 1)).toBeLessThan(0.05);
  });

  it("at 300 users, below capacity, they send about N/(Z + S) = 300/1.04 = 288 requests/s (± 5 %)", () => {
    expect(Math.abs(mean("RequestCount", "lb", 180, 300) / BUCKET / (300 / 1.04) - 1)).toBeLessThan(0.05);
  });

  it("timeouts with immediate retries: past capacity, attempts triple and goodput falls below a fifth of capacity", () => {
    const timeouts = run("timeouts");
    expect(timeouts.mean("ClientAttemptCount", "client=vus", 420, 600) / BUCKET).toBeGreaterThan(2.5 * CAPACITY);
    expect(timeouts.mean("ClientSuccessCount", "client=vus", 420, 600) / BUCKET).toBeLessThan(0.2 * CAPACITY);
  });
});
