import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { confidenceInterval, replicationsTable } from "../reports/replications";
import { MM1, TWO_ZONES } from "../reports/test-data";
import { runScenario } from "../sim/run";
import { loadScenario } from "../sim/scenario/load";
import { mm1MeanResponse } from "../sim/theory/queueing";
import { replicationSeeds, runReplications } from "./replications";

describe("replicationSeeds", () => {
  it("derives seed × 1,000,003 + i for i = 1 … N, modulo 2^53", () => {
    expect(replicationSeeds(42, 3)).toEqual([42000127, 42000128, 42000129]);
    expect(replicationSeeds(2 ** 53, 2)).toEqual([
      Number((2n ** 53n * 1000003n + 1n) % 2n ** 53n),
      Number((2n ** 53n * 1000003n + 2n) % 2n ** 53n),
    ]);
    expect(replicationSeeds(0, 2)).toEqual([1, 2]);
  });
});

describe("replications of M/M/1", () => {
  it("give an interval for the mean response that covers the theory in about 95 % of trials", () => {
    // W = 1/(μ − λ) = 0.2 s with λ = 5/s, μ = 10/s. 40 trials, trial k (k = 1 … 40) replicating on
    // replicationSeeds(k, 5); each replication is 400 s (about 2,000 requests; the queue relaxes
    // in seconds, so starting empty biases the mean by well under 1 %). If the intervals are right,
    // the number that cover W is Binomial(40, 0.95): mean 38, and P(at most 33) ≈ 0.3 %. So
    // coverage below 0.85 (34 of 40) means the intervals are too narrow or biased; these seeds
    // give 36 of 40.
    const loaded = loadScenario(MM1);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const theory = mm1MeanResponse(5, 10);
    let covered = 0;
    const trials = 40;
    for (let k = 1; k <= trials; k++) {
      const means = replicationSeeds(k, 5).map((seed) => runScenario({ ...loaded.scenario, seed }).result.latency.mean);
      const ci = confidenceInterval(means);
      if (ci.low <= theory && theory <= ci.high) covered++;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.85);
    expect(covered / trials).toBeLessThanOrEqual(1);
  });
});

describe("runReplications", () => {
  it("makes the paired interval of a compare narrower than the unpaired one on the cross-zone scenario", async () => {
    // Common random numbers: both variants see the same arrivals and the same request sizes, so
    // their mean latencies move together across seeds and the paired difference varies less.
    // At the file's 700 rps, cross-zone off runs zone a at 88 % and its queueing (which the other
    // variant does not have) swamps that; 400 rps (57 %) keeps the comparison about the setting.
    const text = readFileSync(new URL("../scenarios/cross-zone.yaml", import.meta.url), "utf8");
    const run = await runReplications(text, {
      replications: 10,
      variants: "all",
      overrides: ["duration=60s", "clients.0.rate=400"],
      workers: 0,
    });
    if (!run.ok) throw new Error(JSON.stringify(run.errors));
    const [difference] = run.summary.differences;
    expect([difference.name, difference.base]).toEqual(["cross-zone-off", "cross-zone-on"]);
    const latency = difference.metrics.find((m) => m.key === "latencyMean")!;
    expect(latency.paired.mean).toBeCloseTo(latency.unpaired.mean, 12);
    expect(latency.paired.halfWidth).toBeLessThan(latency.unpaired.halfWidth);
    expect(latency.widthRatio).toBeLessThan(0.9);
    expect(replicationsTable(run.summary)).toMatch(/paired width \/ unpaired/);
  });

  it("gives the same results on worker threads as on this thread, reporting progress", async () => {
    const options = { replications: 2, variants: ["cross-zone-on", "cross-zone-off"], overrides: ["duration=5s"] };
    const progress: number[] = [];
    const threaded = await runReplications(TWO_ZONES, {
      ...options,
      workers: 2,
      onProgress: (done, total) => progress.push(done / total),
    });
    const here = await runReplications(TWO_ZONES, { ...options, workers: 0 });
    expect(threaded).toEqual(here);
    expect(progress).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it("reports the per-variant means and intervals of the key metrics", async () => {
    const run = await runReplications(TWO_ZONES, { replications: 3, overrides: ["duration=5s"], workers: 0 });
    if (!run.ok) throw new Error(JSON.stringify(run.errors));
    const { summary } = run;
    expect(summary.seeds).toEqual(replicationSeeds(3, 3));
    expect(summary.variants[0].metrics.map((m) => m.key)).toEqual([
      "errorRate",
      "spilloverRate",
      "latencyMean",
      "latencyP99",
      "share:a",
      "share:b",
    ]);
    expect(summary.differences).toEqual([]);
    const text = replicationsTable(summary);
    expect(text.split("\n")[0]).toBe(
      "two-zones · 3 replications, seeds derived from 3 · mean ± 95 % confidence half-width (Student's t, 2 df)",
    );
    expect(text).toMatch(/latency mean\s+[\d.]+ ms ± [\d.]+ ms/);
  });

  it("refuses fewer than two replications and unknown variants", async () => {
    expect(await runReplications(TWO_ZONES, { replications: 1 })).toEqual({
      ok: false,
      errors: [{ path: "--replications", message: "must be a whole number from 2 up, got 1" }],
    });
    const bad = await runReplications(TWO_ZONES, { replications: 2, variants: ["nope"] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0].path).toBe("--variant");
  });
});
