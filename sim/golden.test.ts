// Golden runs: one seed's exact digest for a few bundled scenarios. A change to the model that
// moves any number moves these digests; when that change is intended, run the commands in the
// comments and paste the new digests here, saying in the commit why the numbers changed. (The
// theory tests, not these, say whether the numbers are right.)
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runScenario } from "./run";
import { formatErrors, loadScenario } from "./scenario/load";

const SCENARIOS = fileURLToPath(new URL("../scenarios/", import.meta.url));

function digest(name: string, options: { variant?: string; overrides?: string[] } = {}): string {
  const file = resolve(SCENARIOS, `${name}.yaml`);
  const loaded = loadScenario(readFileSync(file, "utf8"), {
    ...options,
    readFile: (path) => readFileSync(resolve(dirname(file), path), "utf8"),
  });
  if (!loaded.ok) throw new Error(formatErrors(loaded.errors).join("\n"));
  return runScenario(loaded.scenario, { variant: options.variant }).result.digest;
}

describe("golden digests", () => {
  it("cross-zone, variant cross-zone-off, seed 1", () => {
    // npx elbsim run scenarios/cross-zone.yaml --variant cross-zone-off --json
    expect(digest("cross-zone", { variant: "cross-zone-off" })).toBe(
      "dba15e53f7ba385775b43e760ac75861efb16922712f1e6285941779c49368b5",
    );
  });

  it("health-check-cascade, seed 7", () => {
    // npx elbsim run scenarios/health-check-cascade.yaml --json
    expect(digest("health-check-cascade")).toBe("dd3f2bffe521ea4ac25bc3f366fc8ed207cb7467ea8ca3b964d88059b460dbb8");
  });

  it("flash-crowd's first 8 minutes, seed 42", () => {
    // npx elbsim run scenarios/flash-crowd.yaml --set duration=8m --json
    expect(digest("flash-crowd", { overrides: ["duration=8m"] })).toBe(
      "64cdbf2c42e9c9b53745251bcb651d39e5c5e2eb4f3dc51d8a1d177065fa4d30",
    );
  });
});
