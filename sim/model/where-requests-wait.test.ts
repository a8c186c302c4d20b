// Where requests wait, by type (docs/design.md#where-requests-wait). A classic load balancer
// documents a surge queue of requests "pending routing to a healthy instance": its node holds a
// request until an instance can take it. Application and network load balancers document none,
// and a node knows only what it sent and what came back: it routes without seeing a target's
// backlog, and a target that cannot take the request refuses it (502).
//
// Theory: two targets of one worker and no backlog, exponential service at μ, Poisson arrivals
// at λ = 2μ split at random.
// - Application: each target is an independent M/M/1/1 loss system with load a = λ/(2μ) = 1, and
//   blocks with Erlang B(1, 1) = 1/2.
// - Classic with no surge queue: a request overflows to the other target when its pick is busy,
//   so the pair is an M/M/2/2 loss system with a = 2 and blocks with Erlang B(2, 2) = 2/5.
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { erlangB } from "../theory/queueing";
import { exponential, testScenario } from "./test-scenario";

const MU = 10;
const LAMBDA = 2 * MU;
const DURATION = 2000;
/** 40,000 requests: a blocking fraction's standard error is about 0.0025; 0.01 is 4σ. */
const TOLERANCE = 0.01;

function blocked(
  type: "application" | "classic",
  seed: number,
): { fraction: number; byStatus: Record<string, number> } {
  const { result } = runScenario(
    testScenario(
      {
        duration: DURATION,
        metricsInterval: "10s",
        loadBalancer: {
          type,
          algorithm: "random",
          crossZone: true,
          node: { surgeQueue: 0 },
          // Rare checks, so that a check finding a full target (and failing) never takes one out.
          healthCheck: { interval: "300s", timeout: "5s", healthyThreshold: 2, unhealthyThreshold: 10 },
        },
        targets: [{ zone: "a", count: 2, concurrency: 1, queue: 0, serviceTime: exponential(1 / MU) }],
        clients: [{ name: "c", count: 1000, connection: { keepAlive: false }, rate: LAMBDA }],
      },
      { seed },
    ),
  );
  const { total, ok } = result.requests;
  return { fraction: (total - ok) / total, byStatus: result.requests.byStatus };
}

describe("where requests wait, by type", () => {
  it(`application: a target with no room refuses the request (502); random splitting blocks like independent M/M/1/1 queues, B(1, 1) = 0.5 ± ${TOLERANCE}`, () => {
    for (const seed of [1, 2, 3]) {
      const { fraction, byStatus } = blocked("application", seed);
      expect(Math.abs(fraction - erlangB(1, LAMBDA / (2 * MU)))).toBeLessThan(TOLERANCE);
      expect(Object.keys(byStatus)).toEqual(["502"]);
    }
  });

  it(`classic: the node holds what no instance can take (here a surge queue of 0 spills it, 503), so the pair blocks like M/M/2/2, B(2, 2) = 0.4 ± ${TOLERANCE}`, () => {
    for (const seed of [1, 2, 3]) {
      const { fraction, byStatus } = blocked("classic", seed);
      expect(Math.abs(fraction - erlangB(2, LAMBDA / MU))).toBeLessThan(TOLERANCE);
      expect(Object.keys(byStatus)).toEqual(["503"]);
    }
  });
});
