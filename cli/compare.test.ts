import { describe, expect, it } from "vitest";
import { TWO_ZONES } from "../reports/test-data";
import { loadVariants, runComparison } from "./compare";

describe("runComparison", async () => {
  const run = await runComparison(TWO_ZONES, { workers: 0 });
  if (!run.ok) throw new Error(JSON.stringify(run.errors));
  const { comparison } = run;

  it("runs every variant in the file's order on the scenario's seed", () => {
    expect(comparison.variants.map((v) => [v.name, v.result.variant, v.result.seed])).toEqual([
      ["cross-zone-on", "cross-zone-on", 3],
      ["cross-zone-off", "cross-zone-off", 3],
    ]);
    expect(comparison.variants.map((v) => v.scenario.loadBalancer.crossZone)).toEqual([true, false]);
  });

  it("gives the variants the same arrivals (common random numbers)", () => {
    // DNS and the clients draw from their own streams, so the nodes' shares cannot depend on cross-zone.
    const [on, off] = comparison.variants.map((v) => v.result.nodes.map((n) => n.requests));
    expect(on).toEqual(off);
  });
});

describe("loadVariants", () => {
  it("puts the --base variant first, or the scenario as written by its name", () => {
    const names = (base: string) => {
      const loaded = loadVariants(TWO_ZONES, { base });
      return loaded.ok ? loaded.variants.map((v) => v.name) : loaded.errors;
    };
    expect(names("cross-zone-off")).toEqual(["cross-zone-off", "cross-zone-on"]);
    expect(names("two-zones")).toEqual([null, "cross-zone-on", "cross-zone-off"]);
    expect(names("nope")).toEqual([
      {
        path: "--base",
        message:
          "no variant nope (variants: cross-zone-on, cross-zone-off; or two-zones, the scenario's name, for the scenario as written)",
      },
    ]);
  });

  it("reports a variant name the file does not have", () => {
    const loaded = loadVariants(TWO_ZONES, { variants: ["cross-zone-on", "cross-zone-of"] });
    expect(loaded).toEqual({
      ok: false,
      errors: [{ path: "--variant", message: expect.stringContaining("no variant cross-zone-of") }],
    });
  });

  it("reports a scenario without variants", () => {
    const loaded = loadVariants(TWO_ZONES.replace(/variants:[\s\S]*$/, ""));
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.errors[0].path).toBe("variants");
  });

  it("reports a variant whose settings are invalid, at the variant's path", () => {
    const loaded = loadVariants(
      TWO_ZONES.replace(
        "cross-zone-off: { loadBalancer.crossZone: false }",
        "cross-zone-off: { loadBalancer.crossZone: maybe }",
      ),
    );
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.errors.map((e) => e.path).join(" ")).toContain("cross-zone-off");
  });

  it("loads the scenario as written where a variant is null", () => {
    const loaded = loadVariants(TWO_ZONES, { variants: [null, "cross-zone-on"] });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.variants.map((v) => [v.name, v.scenario.loadBalancer.crossZone])).toEqual([
      [null, false],
      ["cross-zone-on", true],
    ]);
  });
});
