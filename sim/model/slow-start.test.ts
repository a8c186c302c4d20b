// Slow start (DESIGN.md §1, Draining; ELB-FACTS.md, Routing [TG]): a target that joins an
// application load balancer's target group ramps its weight linearly from 0 to 1 over
// `slowStart`, from when it becomes healthy; targets present at the start never ramp.
//
// Three targets serve from the start; a fourth registers at REGISTER, passes its checks at some
// time h (read from the log), and ramps over [h, h + 60 s] with weight w(t) = (t − h)/60.
// How a weight becomes a share depends on the algorithm:
// - random: a uniformly drawn candidate is taken with probability w, else the next one, so
//   the new target's share is w/n (n = 4 targets): the linear ramp itself;
// - round robin: the rotation passes the new target once per n − 1 full-weight picks and takes
//   it with probability w, so its share is w/(n − 1 + w), slightly above w/n mid-ramp.
// Both reach the fair share 1/n at w = 1.
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { seriesValues, testScenario } from "./test-scenario";

const N = 4;
const SLOW_START = 60;
const REGISTER = 100;
const BUCKET = 5;
const DURATION = 260;
/** 400 requests/s: a 5 s bucket has 2000, so a share's standard error is under 0.01. */
const RATE = 400;
/**
 * Per bucket: random draws a target per request (standard error up to 0.008: 3σ); round robin
 * only draws at the new target's turn and strays less, so its tolerance is tighter, tight enough
 * to tell w/(n − 1 + w) from the linear w/n (they differ by up to 0.02 mid-ramp).
 */
const BUCKET_TOLERANCE = { random: 0.025, round_robin: 0.015 };

function slowStart(algorithm: "round_robin" | "random", seed: number) {
  const { result, timeseries } = runScenario(
    testScenario(
      {
        duration: DURATION,
        metricsInterval: `${BUCKET}s`,
        loadBalancer: {
          type: "application",
          algorithm,
          slowStart: `${SLOW_START}s`,
          healthCheck: { interval: "5s", timeout: "2s", healthyThreshold: 2, unhealthyThreshold: 2 },
        },
        targets: [
          { zone: "a", count: N - 1, concurrency: 16, serviceTime: 0.01 },
          { zone: "a", count: 1, concurrency: 16, serviceTime: 0.01, registered: false },
        ],
        clients: [{ name: "c", count: 1000, pick: "random", connection: { keepAlive: false }, rate: RATE }],
        events: [{ at: REGISTER, register: { target: "a-4" } }],
      },
      { seed },
    ),
  );
  const healthyAt = result.log.find((e) => e.type === "health" && e.target === "a-4" && e.state === "healthy")!.at;
  const all = seriesValues(timeseries, "RequestCount", "lb");
  const shareOf = (target: string) =>
    seriesValues(timeseries, "RequestCount", `target=${target}`).map((v, i) => v / all[i]);
  return { healthyAt, shareOf };
}

/** The expected share over the bucket starting at `start`: share(w(t)) averaged over the bucket. */
function expectedShare(share: (w: number) => number, start: number, healthyAt: number): number {
  const steps = 100;
  let total = 0;
  for (let k = 0; k < steps; k++) {
    const t = start + ((k + 0.5) / steps) * BUCKET;
    total += share(Math.min(1, Math.max(0, (t - healthyAt) / SLOW_START)));
  }
  return total / steps;
}

const SHARES = {
  random: (w: number) => w / N,
  round_robin: (w: number) => w / (N - 1 + w),
};

describe("slow start", () => {
  for (const algorithm of ["random", "round_robin"] as const) {
    it(`${algorithm}: a late target's share follows its linear weight over the ${SLOW_START} s ramp, bucket by bucket, within ${BUCKET_TOLERANCE[algorithm]}`, () => {
      for (const seed of [1, 2]) {
        const { healthyAt, shareOf } = slowStart(algorithm, seed);
        const shares = shareOf("a-4");
        const ramp: number[] = [];
        for (let i = 0; (i + 1) * BUCKET <= DURATION; i++) {
          const start = i * BUCKET;
          if (start + BUCKET <= healthyAt) expect(shares[i]).toBe(0);
          if (start < healthyAt || start + BUCKET > healthyAt + SLOW_START) continue;
          expect(Math.abs(shares[i] - expectedShare(SHARES[algorithm], start, healthyAt))).toBeLessThan(
            BUCKET_TOLERANCE[algorithm],
          );
          ramp.push(shares[i]);
        }
        // Roughly linear: the ramp's buckets climb, the last ones well above the first.
        expect(ramp.length).toBeGreaterThanOrEqual(SLOW_START / BUCKET - 2);
        const third = Math.floor(ramp.length / 3);
        const early = ramp.slice(0, third).reduce((a, b) => a + b) / third;
        const late = ramp.slice(-third).reduce((a, b) => a + b) / third;
        expect(late).toBeGreaterThan(3 * early);
      }
    });
  }

  it("a late target reaches its fair share 1/n once the ramp is over (±0.01 over 90 s)", () => {
    for (const algorithm of ["random", "round_robin"] as const) {
      const { healthyAt, shareOf } = slowStart(algorithm, 1);
      const shares = shareOf("a-4");
      const from = Math.ceil((healthyAt + SLOW_START) / BUCKET);
      const after = shares.slice(from);
      const mean = after.reduce((a, b) => a + b) / after.length;
      expect(after.length).toBeGreaterThan(80 / BUCKET);
      expect(Math.abs(mean - 1 / N)).toBeLessThan(0.01);
    }
  });

  it("targets present at the start never ramp: each has 1/(n − 1) from the first bucket", () => {
    const { shareOf } = slowStart("round_robin", 1);
    for (const target of ["a-1", "a-2", "a-3"]) expect(Math.abs(shareOf(target)[0] - 1 / (N - 1))).toBeLessThan(0.01);
  });
});
