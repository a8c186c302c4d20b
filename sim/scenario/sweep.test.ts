import { describe, expect, it } from "vitest";
import { axisProblem, gridPoints, parseValues, planSweep } from "./sweep";

const values = (spec: unknown) => {
  const v = parseValues(spec);
  return "error" in v ? v.error : v.values;
};

describe("a setting's values", () => {
  it("are a range of whole steps, a range with a step, a comma list or a YAML list", () => {
    expect(values("1..6")).toEqual([1, 2, 3, 4, 5, 6]);
    expect(values("0.1..0.5 step 0.1")).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(values("ttl,forever,30s")).toEqual(["ttl", "forever", "30s"]);
    expect(values("true,false")).toEqual([true, false]);
    expect(values("[1s, {a: 1}]")).toEqual(["1s", { a: 1 }]);
    expect(values(["ttl", 30])).toEqual(["ttl", 30]);
    expect(values(3)).toEqual([3]);
  });

  it("must be some: an empty range, a step of 0 or an empty item is an error", () => {
    expect(values("6..1")).toBe("6..1 is an empty range: it ends before it starts");
    expect(values("1..6 step 0")).toBe("1..6 step 0: the step must be above 0");
    expect(values("ttl,,forever")).toBe("ttl,,forever has an empty item");
    expect(values("")).toBe("has no values (such as 1..6 or ttl,forever)");
    expect(values([])).toBe("is an empty list");
    expect(values("1..100000")).toMatch(/has 100000 values, more than a sweep's 10000 points$/);
  });
});

describe("what a sweep may vary", () => {
  it("is a setting of the scenario, not its seed, name or sweep", () => {
    expect(axisProblem("loadBalancer.nodesPerZone")).toBeNull();
    expect(axisProblem("clients.0.dnsCache")).toBeNull();
    expect(axisProblem("loadBalancer.nodesPerZon")).toBe(
      "no setting loadBalancer.nodesPerZon (did you mean loadBalancer.nodesPerZone?)",
    );
    expect(axisProblem("clients.zero.dnsCache")).toBe("no setting clients.zero");
    expect(axisProblem("seed")).toMatch(/^a sweep cannot vary the seed/);
    expect(axisProblem("sweep.vary")).toBe("a sweep cannot vary sweep");
  });
});

describe("planSweep", () => {
  it("makes a grid, the first setting outermost", () => {
    const plan = planSweep(["loadBalancer.nodesPerZone=1..2", "clients.0.dnsCache=p,q"], undefined);
    if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
    expect(plan.plan.settings).toEqual(["loadBalancer.nodesPerZone", "clients.0.dnsCache"]);
    expect(plan.plan.points).toEqual([
      { "loadBalancer.nodesPerZone": 1, "clients.0.dnsCache": "p" },
      { "loadBalancer.nodesPerZone": 1, "clients.0.dnsCache": "q" },
      { "loadBalancer.nodesPerZone": 2, "clients.0.dnsCache": "p" },
      { "loadBalancer.nodesPerZone": 2, "clients.0.dnsCache": "q" },
    ]);
    expect(gridPoints([])).toEqual([{}]);
  });

  it("takes the scenario's sweep block when no --vary is given: a grid or a list of points", () => {
    const grid = planSweep([], { vary: { "loadBalancer.crossZone": [true, false] } });
    expect(grid.ok && grid.plan.points).toEqual([
      { "loadBalancer.crossZone": true },
      { "loadBalancer.crossZone": false },
    ]);
    const list = planSweep([], { points: [{ "loadBalancer.nodesPerZone": 1 }, { "loadBalancer.crossZone": false }] });
    expect(list.ok && list.plan).toEqual({
      settings: ["loadBalancer.nodesPerZone", "loadBalancer.crossZone"],
      grid: false,
      points: [{ "loadBalancer.nodesPerZone": 1 }, { "loadBalancer.crossZone": false }],
    });
  });

  it("says where a problem is: the flag, or the block's key", () => {
    expect(planSweep(["loadBalancer.nodesPerZon=1..3", "clients.0.dnsCache=ttl,,x"], undefined)).toEqual({
      ok: false,
      errors: [
        {
          path: "--vary loadBalancer.nodesPerZon",
          message: "no setting loadBalancer.nodesPerZon (did you mean loadBalancer.nodesPerZone?)",
        },
        { path: "--vary clients.0.dnsCache", message: "ttl,,x has an empty item" },
      ],
    });
    expect(planSweep([], { vary: { "loadBalancer.nodesPerZone": "3..1" } })).toEqual({
      ok: false,
      errors: [
        { path: "sweep.vary.loadBalancer.nodesPerZone", message: "3..1 is an empty range: it ends before it starts" },
      ],
    });
    expect(planSweep([], undefined)).toMatchObject({ ok: false, errors: [{ path: "--vary" }] });
  });
});
