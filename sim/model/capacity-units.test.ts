// Capacity units (docs/aws-behaviour.md#lcu-dimensions): "An LCU contains 25 new connections per
// second, 3,000 active connections per minute, 1 GB per hour [processed] ... 1,000 rule evaluations
// per second"; a network NLCU "800 new [TCP] connections/sec, 100,000 active connections, 1 GB per
// hour" (TLS: 50 and 3,000). "You are charged only for the dimension with the highest usage."
import { describe, expect, it } from "vitest";
import { runScenario } from "../run";
import { formatErrors, validateScenario } from "../scenario/load";
import { parseSize } from "../scenario/sizes";
import { mean, SEEDS, seriesValues, testScenario } from "./test-scenario";

const targets = [{ zone: "a", count: 4, concurrency: 64, serviceTime: "5ms" }];

/** The buckets after the first (warm-up) and before the last. */
const steady = (values: number[]) => values.slice(1, -1);

describe("ConsumedLCUs is the largest dimension, in AWS's units", () => {
  for (const seed of SEEDS) {
    it(`new connections: λ new connections/s are λ/25 LCUs (seed ${seed})`, () => {
      // Every request opens a connection (no keep-alive): λ = 100/s is 4 LCUs; Poisson counts
      // over 10 s buckets have sd √1000/10/25 ≈ 0.13 LCU per bucket, so the mean of 10 is within 3 %.
      const { timeseries } = runScenario(
        testScenario(
          {
            duration: 120,
            loadBalancer: { type: "application", capacityUnits: {} },
            targets,
            clients: [{ name: "c", count: 10_000, rate: 100, connection: { keepAlive: false } }],
          },
          { seed },
        ),
      );
      const lcus = steady(seriesValues(timeseries, "ConsumedLCUs", "lb"));
      expect(mean(lcus)).toBeGreaterThan(4 * 0.97);
      expect(mean(lcus)).toBeLessThan(4 * 1.03);
      const byConnections = steady(seriesValues(timeseries, "ConsumedLCUs", "lcu=new-connections"));
      expect(lcus).toEqual(byConnections);
      // PeakLCUs: the busiest 1-second window, at least the bucket's mean.
      const peak = steady(seriesValues(timeseries, "PeakLCUs", "lb"));
      peak.forEach((p, k) => {
        expect(p).toBeGreaterThanOrEqual(lcus[k]);
      });
    });
  }

  it("processed bytes: 1 MB a request at 10 requests/s is 36 GB an hour, 36 LCUs", () => {
    const { timeseries } = runScenario(
      testScenario({
        duration: 60,
        loadBalancer: { type: "application", capacityUnits: {} },
        targets,
        clients: [
          { name: "c", count: 10, rate: 10, arrival: "constant", requestBytes: "0.5MB", responseBytes: "500KB" },
        ],
      }),
    );
    // Constant arrivals put 100 requests in a 10 s bucket, give or take the one on its boundary
    // (1 MB in 10 s: 0.36 LCU).
    const bytes = steady(seriesValues(timeseries, "ConsumedLCUs", "lcu=processed-bytes"));
    for (const b of bytes) expect(Math.abs(b - 36)).toBeLessThanOrEqual(0.36 + 1e-9);
    expect(steady(seriesValues(timeseries, "ConsumedLCUs", "lb"))).toEqual(bytes);
  });

  it("rule evaluations: 500 requests/s through 20 rules (10 free) are 5 LCUs", () => {
    const { timeseries } = runScenario(
      testScenario({
        duration: 60,
        loadBalancer: { type: "application", capacityUnits: { rules: 20 } },
        targets,
        clients: [{ name: "c", count: 10, rate: 500, arrival: "constant" }],
      }),
    );
    // Give or take the request on a bucket's boundary: 10 evaluations in 10 s, 0.001 LCU.
    for (const v of steady(seriesValues(timeseries, "ConsumedLCUs", "lcu=rule-evaluations")))
      expect(Math.abs(v - 5)).toBeLessThanOrEqual(0.001 + 1e-9);
  });

  it("network: new flows count 800 to the NLCU over TCP, 50 over TLS", () => {
    const run = (tls: boolean) =>
      runScenario(
        testScenario({
          duration: 60,
          loadBalancer: { type: "network", capacityUnits: { tls } },
          targets,
          clients: [{ name: "c", count: 10_000, rate: 400, arrival: "constant", connection: { keepAlive: false } }],
        }),
      ).timeseries;
    // 400 flows/s: 0.5 NLCU over TCP, 8 over TLS, give or take the flow on a bucket's boundary.
    for (const v of steady(seriesValues(run(false), "ConsumedLCUs", "lcu=new-connections")))
      expect(Math.abs(v - 0.5)).toBeLessThanOrEqual(0.1 / 800 + 1e-9);
    for (const v of steady(seriesValues(run(true), "ConsumedLCUs", "lcu=new-connections")))
      expect(Math.abs(v - 8)).toBeLessThanOrEqual(0.1 / 50 + 1e-9);
    expect(run(false).series.some((s) => s.dimension === "lcu=rule-evaluations")).toBe(false);
  });
});

describe("a node's load is its largest dimension", () => {
  // One node of 20 LCUs behind an HTTPS listener completes 20 × 25 = 500 TLS handshakes a second.
  // 800 new connections a second at one request each is 800 requests/s: 40 % of a 2,000 requests/s
  // node, idle to a request-rate model, but 160 % of its connection dimension.
  const storm = (capacityUnits: object | undefined, seed: number) =>
    runScenario(
      testScenario(
        {
          duration: 60,
          loadBalancer: { type: "application", node: { capacity: 2000, surgeQueue: 100 }, capacityUnits },
          targets,
          clients: [{ name: "c", count: 50_000, rate: 800, connection: { keepAlive: false } }],
        },
        { seed },
      ),
    ).result;

  for (const seed of SEEDS.slice(0, 3)) {
    it(`a connection-heavy crowd saturates an application node a request-rate model calls idle (seed ${seed})`, () => {
      expect(storm(undefined, seed).requests.spillover).toBe(0);
      const tls = storm({ perNode: 20, tls: true }, seed);
      // Over capacity, the node passes 500 of the 800 a second: about 300 a second spill.
      const spilledPerSecond = tls.requests.spillover / 60;
      expect(spilledPerSecond).toBeGreaterThan(250);
      expect(spilledPerSecond).toBeLessThan(330);
      // Plain HTTP connections cost the node no handshake: no spillover, though billed the same.
      expect(storm({ perNode: 20, tls: false }, seed).requests.spillover).toBe(0);
    });
  }

  it("the controller scales out on new connections though the request rate is low", () => {
    const { result } = runScenario(
      testScenario({
        duration: 600,
        loadBalancer: {
          type: "application",
          node: { capacity: 2000 },
          capacityUnits: { perNode: 20, tls: true },
          controller: { enabled: true },
        },
        targets,
        clients: [{ name: "c", count: 50_000, rate: 800, connection: { keepAlive: false } }],
      }),
    );
    // 800/s is 32 LCUs (Poisson over a 60 s evaluation: ±0.15); at the default target utilisation
    // 0.5 that wants ⌈32 / (20 × 0.5)⌉ = 4 nodes, at the first evaluation.
    expect(result.scaling[0]).toMatchObject({ at: 60, action: "scale-out", nodesPerZone: 4 });
  });
});

describe("sizes and capacity-unit settings are validated", () => {
  it("reads sizes with units", () => {
    expect(parseSize("2KB")).toBe(2000);
    expect(parseSize("1MiB")).toBe(1048576);
    expect(parseSize(512)).toBe(512);
    expect(parseSize("2 KiB")).toBe(2048);
    expect(parseSize("-1KB")).toBeNull();
    expect(parseSize("2 furlongs")).toBeNull();
  });

  const errors = (raw: Record<string, unknown>) => {
    const loaded = validateScenario({
      version: 1,
      name: "t",
      duration: 60,
      zones: ["a"],
      targets: [{ zone: "a", concurrency: 1, serviceTime: "10ms" }],
      clients: [{ name: "c", rate: 1 }],
      ...raw,
    });
    return loaded.ok ? [] : formatErrors(loaded.errors);
  };

  it("rejects negative sizes and unknown units with the path", () => {
    expect(errors({ clients: [{ name: "c", rate: 1, requestBytes: -5 }] })).toEqual([
      "clients.0.requestBytes: must be at least 0B, got -5",
    ]);
    expect(errors({ clients: [{ name: "c", rate: 1, responseBytes: "3 parsecs" }] })).toEqual([
      'clients.0.responseBytes: must be a size such as 512, 2KB or 1MiB, got "3 parsecs"',
    ]);
  });

  it("rejects capacity units on a classic load balancer, saying what to write instead", () => {
    expect(errors({ loadBalancer: { type: "classic", capacityUnits: {} } })).toEqual([
      "loadBalancer.capacityUnits: classic load balancers are not sized in capacity units: give loadBalancer.node.capacity instead",
    ]);
  });

  it("rejects listener rules on a network load balancer", () => {
    expect(errors({ loadBalancer: { type: "network", capacityUnits: { rules: 5 } } })).toEqual([
      "loadBalancer.capacityUnits.rules: network load balancers evaluate no listener rules (layer 4)",
    ]);
  });
});

describe("sizes drawn from a distribution", () => {
  for (const seed of SEEDS.slice(0, 3)) {
    it(`each request draws its own: ProcessedBytes sums to requests × mean within 5 % (seed ${seed})`, () => {
      // 6,000 exponential responses of mean 10 KB: the sum's relative sd is 1/√6000 ≈ 1.3 %.
      const { result, timeseries } = runScenario(
        testScenario(
          {
            duration: 60,
            targets,
            clients: [
              {
                name: "c",
                count: 100,
                rate: 100,
                requestBytes: "1KB",
                responseBytes: { distribution: "exponential", mean: "10KB" },
              },
            ],
          },
          { seed },
        ),
      );
      const bytes = seriesValues(timeseries, "ProcessedBytes", "lb").reduce((a, b) => a + b);
      const requests = seriesValues(timeseries, "RequestCount", "lb").reduce((a, b) => a + b);
      const answered = result.requests.ok + result.requests.target5xx;
      const responses = bytes - requests * 1000;
      expect(responses / (answered * 10_000)).toBeGreaterThan(0.95);
      expect(responses / (answered * 10_000)).toBeLessThan(1.05);
    });
  }

  it("rejects an infeasible lognormal size", () => {
    expect(() =>
      testScenario({
        duration: 10,
        targets,
        clients: [{ name: "c", rate: 1, responseBytes: { distribution: "lognormal", mean: "10KB", p99: "5KB" } }],
      }),
    ).toThrow("clients.0.responseBytes.p99: must be above the mean and at most 14× it for a lognormal");
  });
});
