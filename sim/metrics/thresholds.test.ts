import { describe, expect, it } from "vitest";
import { loadScenario } from "../scenario/load";
import { judge, parseThreshold, type Threshold } from "./thresholds";

function parsed(text: string): Threshold {
  const t = parseThreshold(text);
  if ("error" in t) throw new Error(t.error);
  return t;
}

describe("parseThreshold", () => {
  it("reads a limit in the metric's unit: percent or a fraction, a duration, a count", () => {
    expect(parsed("errorRate<0.1%")).toMatchObject({ op: "<", limit: 0.001, confidence: false });
    expect(parsed("errorRate <= 0.002").limit).toBe(0.002);
    expect(parsed("latency.p99 < 500ms")).toMatchObject({ op: "<", limit: 0.5 });
    expect(parsed("latency.mean<2").limit).toBe(2);
    expect(parsed("requests >= 1e5")).toMatchObject({ op: ">=", limit: 100000 });
    expect(parsed("zone.a.share>30%").metric).toMatchObject({ scope: "zone", id: "a", measure: "share" });
    expect(parsed("target.a-1.latency.mean<80ms").metric).toMatchObject({ scope: "target", id: "a-1" });
  });

  it("reads a time window and a request for 95 % confidence", () => {
    const t = parsed("errorRate[5m..10m] < 1% with 95% confidence");
    expect(t.metric.window).toEqual({ from: 300, to: 600 });
    expect(t.confidence).toBe(true);
    expect(t.text).toBe("errorRate[5m..10m] < 1% with 95% confidence");
    expect(parsed("latency.p99[5m..]<1s").metric.window).toEqual({ from: 300, to: null });
    expect(parsed("requests[..30s]>10").metric.window).toEqual({ from: 0, to: 30 });
  });

  it("says what is wrong with a threshold it cannot read", () => {
    const error = (text: string) => (parseThreshold(text) as { error: string }).error;
    expect(error("erorRate<1%")).toMatch(/^no metric erorRate \(did you mean errorRate\?\); metrics: requests,/);
    expect(error("errorRate 1%")).toBe("errorRate 1% is not a threshold such as errorRate<0.1% or latency.p99<500ms");
    expect(error("latency.p99<fast")).toBe("fast is not a duration (500ms, 2s) or seconds, as latency.p99 is");
    expect(error("errorRate<1ms")).toBe("1ms is not a percentage (0.1%) or a fraction (0.001), as errorRate is");
    expect(error("zone.a.sahre>1%")).toBe(
      "a zone has no metric sahre (did you mean share?); its metrics: requests, share",
    );
    expect(error("errorRate[10m..5m]<1%")).toBe("the window [10m..5m] must end after it starts");
    expect(error("errorRate<1% with 99% confidence")).toMatch(/^only 95 % intervals are computed/);
  });
});

describe("judge", () => {
  it("judges one run on its value; no value (NaN) fails", () => {
    expect(judge(parsed("errorRate<0.1%"), 0.0004)).toMatchObject({ pass: true, value: 0.0004, judgedOn: "run" });
    expect(judge(parsed("errorRate<0.1%"), 0.001).pass).toBe(false);
    expect(judge(parsed("errorRate<=0.1%"), 0.001).pass).toBe(true);
    expect(judge(parsed("latency.p99<500ms"), NaN).pass).toBe(false);
  });

  it("judges replications on the mean, or with 95 % confidence on the bound on the failing side", () => {
    const interval = { mean: 0.0008, low: 0.0005, high: 0.0011, n: 10 };
    expect(judge(parsed("errorRate<0.1%"), interval)).toMatchObject({ pass: true, judgedOn: "mean", value: 0.0008 });
    expect(judge(parsed("errorRate<0.1% with 95% confidence"), interval)).toMatchObject({
      pass: false,
      judgedOn: "high",
      value: 0.0011,
    });
    expect(judge(parsed("errorRate>0.04% with 95% confidence"), interval)).toMatchObject({
      pass: true,
      judgedOn: "low",
    });
  });
});

const SCENARIO = `version: 1
name: t
duration: 60s
zones: [a, b]
targets: [{ zone: a, count: 2, concurrency: 4, serviceTime: 20ms }, { zone: b, count: 1, concurrency: 4, serviceTime: 20ms }]
clients: [{ name: users, count: 10, rate: 5 }]
`;

describe("thresholds in a scenario", () => {
  it("are read from thresholds: and from --threshold, the file's first", () => {
    const loaded = loadScenario(`${SCENARIO}thresholds: ["errorRate<1%"]\n`, { thresholds: ["latency.p99<1s"] });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.scenario.thresholds.map((t) => t.text)).toEqual(["errorRate<1%", "latency.p99<1s"]);
  });

  it("must name zones and targets the scenario has, and windows within the run", () => {
    const loaded = loadScenario(
      `${SCENARIO}thresholds: ["zone.c.share>10%", "target.b-2.share<50%", "errorRate[50s..2m]<1%"]\n`,
      {
        thresholds: ["errorRate[2m..]<1%", "latency.p99<"],
      },
    );
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors).toEqual([
      {
        path: "--threshold latency.p99<",
        message: "latency.p99< is not a threshold such as errorRate<0.1% or latency.p99<500ms",
      },
    ]);
    const refs = loadScenario(
      `${SCENARIO}thresholds: ["zone.c.share>10%", "target.b-2.share<50%", "errorRate[50s..2m]<1%"]\n`,
      {
        thresholds: ["errorRate[2m..]<1%"],
      },
    );
    expect(refs.ok ? [] : refs.errors).toEqual([
      { path: "thresholds.0", message: "no zone c (zones: a, b)" },
      { path: "thresholds.1", message: "no target b-2 (targets: a-1, a-2, b-1)" },
      {
        path: "thresholds.2",
        message: "the window ends at 2m, after the run (it lasts 1m); [50s..] runs to the end",
      },
      {
        path: "--threshold errorRate[2m..]<1%",
        message: "the window starts at 2m, when the run has ended (it lasts 1m)",
      },
    ]);
  });
});
