// Request-level replay (docs/design.md#request-level-replay): recorded arrivals are sent at their
// times, from their clients, on their connections, with their service times, the same way every run.
import { describe, expect, test } from "vitest";
import { formatErrors, validateScenario } from "../scenario/load";
import type { Scenario } from "../scenario/defaults";
import { runScenario } from "../run";
import { seriesValues } from "./test-scenario";

/** A scenario replaying `arrivals` (CSV text) against one target of empirical service times. */
function replaying(arrivals: string, parts: Record<string, unknown> = {}): Scenario {
  const files: Record<string, string> = {
    "arrivals.csv": arrivals,
    "service-times.csv": "seconds,count\n0.010,2\n0.020,1\n0.250,1\n",
  };
  const loaded = validateScenario(
    {
      version: 1,
      name: "replay",
      duration: 3,
      metricsInterval: 0.01,
      zones: ["a"],
      loadBalancer: { type: "application", idleTimeout: 60 },
      targets: [
        {
          zone: "a",
          count: 1,
          concurrency: 100,
          serviceTime: { distribution: "empirical", trace: "service-times.csv" },
        },
      ],
      clients: [
        {
          name: "observed",
          count: 3,
          connection: { keepAlive: true, maxRequests: "unlimited" },
          arrivals: { trace: "arrivals.csv" },
        },
      ],
      ...parts,
    },
    { readFile: (name) => files[name] ?? { problem: "missing" } },
  );
  if (!loaded.ok) throw new Error(formatErrors(loaded.errors).join("\n"));
  return loaded.scenario;
}

const ARRIVALS = `time,client,connection,service
0.105,0,0,0.010
0.105,1,0,0.020
0.355,0,0,0.010
1.205,2,0,0.250
1.215,0,1,0.010
2.905,1,0,
`;

describe("request-level replay", () => {
  test("sends each recorded request in the bucket of its recorded time", () => {
    const { timeseries } = runScenario(replaying(ARRIVALS));
    const counts = seriesValues(timeseries, "RequestCount", "lb");
    const sent = counts.flatMap((n, k) => Array(n).fill(k));
    expect(sent).toEqual([10, 10, 35, 120, 121, 290]);
  });

  test("opens a connection where the recording did", () => {
    const { timeseries } = runScenario(replaying(ARRIVALS));
    const opened = seriesValues(timeseries, "NewConnectionCount", "lb").reduce((a, b) => a + b, 0);
    // clients 0, 1 and 2 connect once each; client 0 opens connection 1 at 1.215 s.
    expect(opened).toBe(4);
  });

  test("gives each request its recorded service time", () => {
    const { result } = runScenario(replaying(ARRIVALS.replace(/,\n/, ",0.020\n")));
    // With room at the target and no capacity limit, a request's latency is its service time.
    expect(result.latency.mean).toBeCloseTo((0.01 + 0.02 + 0.01 + 0.25 + 0.01 + 0.02) / 6, 12);
    expect(result.latency.p99).toBeCloseTo(0.25, 2);
  });

  test("gives the same digest every run", () => {
    const a = runScenario(replaying(ARRIVALS)).result.digest;
    const b = runScenario(replaying(ARRIVALS)).result.digest;
    expect(b).toBe(a);
  });

  test("a trace that names clients beyond the group's count is refused", () => {
    expect(() => replaying(ARRIVALS.replace("1.205,2", "1.205,7"))).toThrow(
      "clients.0.count: must be more than the largest client the arrivals name (7), got 3",
    );
  });

  test("service times need one distribution for every target group", () => {
    const targets = [
      { zone: "a", count: 1, concurrency: 4, serviceTime: { distribution: "empirical", trace: "service-times.csv" } },
      { zone: "a", count: 1, concurrency: 4, serviceTime: "40ms" },
    ];
    expect(() => replaying(ARRIVALS, { targets })).toThrow(
      "clients.0.arrivals.trace: gives service times, which need one serviceTime for every target group (targets.1 differs from targets.0)",
    );
  });

  test("bad rows are reported with their lines", () => {
    expect(() => replaying("time,client\n0.5,0\n0.2,1\nsoon,0\n1,-1\n")).toThrow(
      [
        "clients.0.arrivals.trace: line 3: time goes backwards: 0.2 after 0.5",
        "clients.0.arrivals.trace: line 4: time must be seconds from 0 to 30d, got soon",
        "clients.0.arrivals.trace: line 5: client must be a whole number from 0 to 9999999, got -1",
      ].join("\n"),
    );
    expect(() => replaying("when,who\n1,2\n")).toThrow(
      "clients.0.arrivals.trace: line 1: must start with a header of time and any of client, connection, size, service, got when,who",
    );
  });

  test("a group needs one of a rate, users or arrivals, and not two", () => {
    expect(() =>
      replaying(ARRIVALS, { clients: [{ name: "x", rate: 5, arrivals: { trace: "arrivals.csv" } }] }),
    ).toThrow("clients.0: has a rate and arrivals: give one");
    expect(() => replaying(ARRIVALS, { clients: [{ name: "x" }] })).toThrow(
      "clients.0: needs a rate, users or arrivals",
    );
  });
});
