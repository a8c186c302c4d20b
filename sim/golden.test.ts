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
  const loaded = loadScenario(readFileSync(file, "utf8"), { ...options, readFile: (path) => readFileSync(resolve(dirname(file), path), "utf8") });
  if (!loaded.ok) throw new Error(formatErrors(loaded.errors).join("\n"));
  return runScenario(loaded.scenario, { variant: options.variant }).result.digest;
}

describe("golden digests", () => {
  it("cross-zone, variant cross-zone-off, seed 1", () => {
    // npx elbsim run scenarios/cross-zone.yaml --variant cross-zone-off --json
    expect(digest("cross-zone", { variant: "cross-zone-off" })).toBe("480ae5b0ed9c3a7331d4ff64dfeb9c5b8c38049e970732599a9ffdf8546108e3");
  });

  it("health-check-cascade, seed 7", () => {
    // npx elbsim run scenarios/health-check-cascade.yaml --json
    expect(digest("health-check-cascade")).toBe("fe88bea900171c164a67431e8156200f58dcb0133197af359e047953fa9d61ca");
  });

  it("flash-crowd's first 8 minutes, seed 42", () => {
    // npx elbsim run scenarios/flash-crowd.yaml --set duration=8m --json
    expect(digest("flash-crowd", { overrides: ["duration=8m"] })).toBe("567e19fb70b6df1b8c14e7cc9d1a43d9323bc72413b7eb23ca12bee2b610fe46");
  });
});
