// The bundled replay (scenarios/product-launch-replay.yaml) is what `elbsim import` makes of the
// bundled log, as bin/synthetic-traffic.ts calibrates it: importing the log again gives the same
// files, and the replay sends every logged request in its logged second.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { compareObserved } from "../reports/observed";
import { bundledReplay, REPLAY } from "../bin/synthetic-traffic";
import { runScenario } from "../sim/run";
import { formatErrors, loadScenario } from "../sim/scenario/load";

const scenarios = new URL("../scenarios/", import.meta.url);
const log = fileURLToPath(new URL("logs/product-launch-alb.log.gz", scenarios));

describe("the bundled product-launch replay", () => {
  test("is the import of the bundled log (npm run synthetic writes both)", async () => {
    const files = await bundledReplay(log);
    for (const [name, text] of Object.entries(files))
      expect(
        readFileSync(new URL(name, scenarios), "utf8") === text,
        `scenarios/${name} is stale: npm run synthetic`,
      ).toBe(true);
  });

  test("replays every request of the log in its second", () => {
    const text = readFileSync(new URL(`${REPLAY}.yaml`, scenarios), "utf8");
    const loaded = loadScenario(text, { readFile: (name) => readFileSync(new URL(name, scenarios), "utf8") });
    if (!loaded.ok) throw new Error(formatErrors(loaded.errors).join("\n"));
    const { timeseries } = runScenario(loaded.scenario);
    const rows = compareObserved(loaded.scenario.observed!, timeseries).rows;
    expect(rows.find((r) => r.metric === "RequestCount" && r.dimension === "lb")).toMatchObject({
      observed: 12_718,
      simulated: 12_718,
      perBucket: 0,
    });
  });
});
