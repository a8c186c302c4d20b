import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../sim/scenario/load";
import { RunData } from "../stream/run-data";
import { streamRun } from "../stream/stream-run";
import { pooledLatencyData } from "./pooled-latency";

async function streamed(name: string): Promise<RunData> {
  const loaded = loadScenario(readFileSync(new URL(`../../scenarios/${name}.yaml`, import.meta.url), "utf8"));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  let data: RunData | null = null;
  let tick = 0;
  await streamRun(
    loaded.scenario,
    {
      meta: (m) => {
        data = new RunData(m);
      },
      chunk: (c) => data!.append(c),
    },
    { variant: null, clock: () => (tick += 10), chunkMilliseconds: 50 },
  );
  return data!;
}

describe("pooled latency per plotted bin", () => {
  it("lies between the smallest and largest of its intervals' percentiles, and is below the largest in the calm before the flash crowd", async () => {
    const data = await streamed("flash-crowd");
    const { latencyBin } = data.meta;
    const perInterval = data.values("ClientLatencyP99");
    const pooled = pooledLatencyData(data).series.find((s) => s.label === "p99")!.values;
    // A pooled quantile is within its parts' quantiles; the histograms' relative error is 0.5 %.
    const tolerance = 0.01;
    let calmGap = 0;
    pooled.forEach((p, b) => {
      const parts = perInterval.slice(b * latencyBin, (b + 1) * latencyBin).filter(Number.isFinite);
      if (parts.length === 0) {
        expect(Number.isNaN(p)).toBe(true);
        return;
      }
      expect(p).toBeGreaterThanOrEqual(Math.min(...parts) * (1 - tolerance));
      expect(p).toBeLessThanOrEqual(Math.max(...parts) * (1 + tolerance));
      // Before 5:00 (the crowd) each second has ~200 answers: its p99 is nearly its 2 slowest.
      if ((b + 1) * latencyBin * data.meta.interval <= 300) calmGap = Math.max(calmGap, Math.max(...parts) / p);
    });
    expect(calmGap).toBeGreaterThan(1.2);
  });
});
