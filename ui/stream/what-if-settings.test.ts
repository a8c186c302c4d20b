import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../sim/scenario/load";
import { whatIfSettings } from "./what-if-settings";

function settings(name: string) {
  const loaded = loadScenario(readFileSync(new URL(`../../scenarios/${name}.yaml`, import.meta.url), "utf8"));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return { loaded, list: whatIfSettings(loaded.scenario, loaded.raw) };
}

describe("what-if settings", () => {
  it("give the run's values, and the peak rate as every point of the curve at the peak", () => {
    const { list } = settings("jvm-dns-cache");
    const byLabel = Object.fromEntries(list.map((s) => [s.label, s]));
    expect(byLabel["Cross-zone load balancing"].value).toBe("true");
    expect(byLabel["DNS cache (crowd)"].value).toBe("ttl");
    expect(byLabel["Health check interval"].value).toBe("30s");
    expect(byLabel["Peak rate (crowd), requests/s"]).toEqual({
      paths: ["clients.0.rate.2.rps"],
      label: "Peak rate (crowd), requests/s",
      kind: "rate",
      value: "6000",
    });
  });

  it("write overrides the loader accepts, each giving back the value it set", () => {
    const { loaded, list } = settings("flash-crowd");
    const raw = readFileSync(new URL("../../scenarios/flash-crowd.yaml", import.meta.url), "utf8");
    for (const s of list) {
      const changed = loadScenario(raw, { overrides: s.paths.map((p) => `${p}=${s.value}`) });
      expect(changed.ok, s.label).toBe(true);
      if (changed.ok) expect(whatIfSettings(changed.scenario, changed.raw)).toEqual(list);
    }
    expect(loaded.ok).toBe(true);
  });
});
