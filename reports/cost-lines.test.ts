// The summary's capacity and cost lines (docs/design.md#capacity-units), and the scaling line's
// unit behind a network load balancer's static addresses (docs/design.md#network-capacity-behind-static-addresses).
import { describe, expect, it } from "vitest";
import { runScenario } from "../sim/run";
import { testScenario } from "../sim/model/test-scenario";
import { runCharts } from "./charts/run-charts";
import { formatDollars } from "./cost-lines";
import { formatSummary } from "./summary";

describe("summary lines for capacity units and cost", () => {
  it("shows LCUs by dimension and the cost, with a monthly figure at the run's load", () => {
    const { result, timeseries } = runScenario(
      testScenario({
        duration: 600,
        zones: ["a", "b"],
        loadBalancer: { type: "network", crossZone: true, capacityUnits: {} },
        targets: [
          { zone: "a", count: 1, concurrency: 64, serviceTime: "5ms" },
          { zone: "b", count: 3, concurrency: 64, serviceTime: "5ms" },
        ],
        clients: [{ name: "c", count: 1000, rate: 100, requestBytes: "1KB", responseBytes: "100KB" }],
      }),
    );
    const text = formatSummary(result, { title: "t", timeseries });
    const cost = result.cost!;
    // A network load balancer's capacity units are NLCUs (docs/aws-behaviour.md#lcu-dimensions),
    // and the dimensions are LCU-hours, not LCUs.
    expect(text).toMatch(
      /Capacity {2}peak [\d.]+ NLCUs {3}[\d.]+ NLCU-hours {3}NLCU-hours by dimension: new connections /,
    );
    expect(text).toMatch(/load balancer \$[\d.]+, NLCUs \$/);
    expect(text).toContain(`Cost      ${formatDollars(cost.total)} for the run (us-east-1 list prices)`);
    expect(text).toContain(`cross-zone ${formatDollars(cost.crossZone)}`);
    expect(text).toContain(`≈ ${formatDollars(cost.perMonth)} a month at this load`);
    // 600 s is 1/6 of an hour: a month of 730 hours is 4,380 such runs.
    expect(cost.perMonth).toBeCloseTo(cost.total * 4380, 6);
  });

  it("says capacity units, not nodes, when a network load balancer scales", () => {
    const { result, timeseries } = runScenario(
      testScenario({
        duration: 300,
        loadBalancer: { type: "network", node: { capacity: 50 }, controller: { enabled: true } },
        targets: [{ zone: "a", count: 2, concurrency: 64, serviceTime: "5ms" }],
        clients: [{ name: "c", count: 100, rate: 200 }],
      }),
    );
    expect(result.scaling.length).toBeGreaterThan(0);
    expect(formatSummary(result, { title: "t", timeseries })).toMatch(/scale-out → \d+ capacity units per zone/);
  });

  it("formats dollars", () => {
    expect(formatDollars(1795.4)).toBe("$1,795.40");
    expect(formatDollars(0.1)).toBe("$0.10");
    expect(formatDollars(0.00372)).toBe("$0.0037");
    expect(formatDollars(0)).toBe("$0");
  });
});

describe("run charts", () => {
  const run = (type: "network" | "application", capacityUnits?: object) =>
    runScenario(
      testScenario({
        duration: 30,
        loadBalancer: { type, capacityUnits },
        targets: [{ zone: "a", count: 1, concurrency: 8, serviceTime: "5ms" }],
        clients: [{ name: "c", count: 10, rate: 10 }],
      }),
    );

  it("the errors chart names layer-4 resets for a network load balancer, HTTP statuses otherwise", () => {
    const caption = (type: "network" | "application") => runCharts(run(type)).find((c) => c.id === "errors")!.caption;
    expect(caption("network")).toContain("TCP resets");
    expect(caption("application")).toContain("502, 503 (spillover included) and 504");
  });

  it("names NLCUs and no rule evaluations for a network load balancer, and the reservation only when drawn", () => {
    const caption = (type: "network" | "application") => runCharts(run(type, {})).find((c) => c.id === "lcus")!.caption;
    expect(caption("network")).toContain(
      "in NLCUs, by dimension (new connections, active connections, processed bytes)",
    );
    expect(caption("application")).toContain("in LCUs, by dimension (");
    expect(caption("application")).toContain("rule evaluations");
    for (const type of ["network", "application"] as const) expect(caption(type)).not.toContain("ReservedLCUs");
  });

  it("draws the LCU chart only for a load balancer sized in capacity units", () => {
    expect(runCharts(run("application")).some((c) => c.id === "lcus")).toBe(false);
    const lcus = runCharts(run("application", {})).find((c) => c.id === "lcus")!;
    expect(lcus.svg).toContain("new connections");
  });
});
