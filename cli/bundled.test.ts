import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { SCENARIOS_DIR, bundledNames, scenarioPath } from "./bundled";
import { ROOT, SPAWNS, TINY, elbsim, tempDir, writeScenario } from "./test-cli";

describe("bundled scenarios by name", () => {
  test("a bare name is the bundled scenario unless a file of that name exists", () => {
    expect(scenarioPath("flash-crowd")).toBe(join(SCENARIOS_DIR, "flash-crowd.yaml"));
    expect(scenarioPath("scenarios/flash-crowd.yaml")).toBe("scenarios/flash-crowd.yaml");
    expect(scenarioPath("no-such-scenario")).toBe("no-such-scenario");
    const dir = tempDir("elbsim-bundled-");
    const own = writeScenario(dir, "flash-crowd", TINY);
    expect(scenarioPath(own)).toBe(own);
    expect(bundledNames()).toContain("queueing-theory");
  });

  test("run, validate and compare take one; a misspelt one is an error that names them", SPAWNS, () => {
    expect(elbsim(["validate", "cross-zone"]).stdout).toBe(
      "cross-zone: ok (scenario cross-zone, 10 targets, 1 client group, 2 variants)\n",
    );
    const wrong = elbsim(["run", "flash-crow"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /^flash-crow: no such file, nor a bundled scenario \(did you mean flash-crowd\?\); bundled: az-outage, /,
    );
  });

  test("--version prints the package's version", SPAWNS, () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(elbsim(["--version"])).toEqual({ code: 0, stdout: `elbsim ${version}\n`, stderr: "" });
  });
});
