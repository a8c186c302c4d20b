// CloudWatch exports into a scenario: get-metric-data's JSON and CSV (cli/fixtures/, written by
// bin/synthetic-traffic.ts), a metric and zone read from each series' label.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { CloudWatchImport, readLabel } from "./cloudwatch";
import type { ImportOutcome } from "./imported";

const fixture = (name: string) => readFileSync(new URL(`../../cli/fixtures/${name}`, import.meta.url), "utf8");

function importText(text: string, bucket: number | null = null): ImportOutcome {
  const reader = new CloudWatchImport({ bucket, name: "cw", files: ["export"] });
  text.split("\n").forEach((line, i) => {
    reader.line("export", i + 1, line);
  });
  return reader.finish();
}

function values(outcome: ImportOutcome, metric: string, dimension = "lb"): number[] {
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result.observed.series.find((s) => s.metric === metric && s.dimension === dimension)?.values ?? [];
}

describe("series labels", () => {
  test("name a metric, and maybe a zone and a statistic", () => {
    expect(readLabel("RequestCount us-east-1a")).toEqual({
      metric: "RequestCount",
      stat: null,
      zone: "a",
      classic: false,
    });
    expect(readLabel("TargetResponseTime p99")).toMatchObject({
      metric: "TargetResponseTime",
      stat: "p99",
      zone: null,
    });
    expect(readLabel("requestcount_b")).toMatchObject({ metric: "RequestCount", zone: "b" });
    expect(readLabel("HTTPCode_Backend_5XX AvailabilityZone=eu-west-1c")).toEqual({
      metric: "HTTPCode_Target_5XX_Count",
      stat: null,
      zone: "c",
      classic: true,
    });
    expect(readLabel("RequestCount use1-az4")).toMatchObject({ zone: "az4" });
    expect(readLabel("CPUUtilization")).toBeNull();
  });
});

describe("get-metric-data JSON", () => {
  const outcome = importText(fixture("get-metric-data.json"));

  test("gives a rate per minute from RequestCount, the load balancer's being the zones' sum", () => {
    const lb = values(outcome, "RequestCount");
    expect(lb).toHaveLength(8);
    const zones = ["a", "b", "c"].map((z) => values(outcome, "RequestCount", `zone=${z}`));
    expect(lb).toEqual(lb.map((_, k) => zones.reduce((n, z) => n + z[k], 0)));
    if (!outcome.ok) return;
    const { scenario, tables } = outcome.result;
    expect(scenario).toMatchObject({ metricsInterval: 60, duration: 480, zones: ["a", "b", "c"] });
    expect(tables["rate.csv"].rows[0]).toEqual([0, lb[0] / 60]);
    // Each zone's rate too, in its own file.
    expect(Object.keys(tables).sort()).toEqual(["rate-a.csv", "rate-b.csv", "rate-c.csv", "rate.csv"]);
    expect(tables["rate-b.csv"].rows[0]).toEqual([0, zones[1][0] / 60]);
  });

  test("keeps the 5xx counts and the mean target response time as observed", () => {
    expect(values(outcome, "HTTPCode_ELB_5XX_Count").reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(values(outcome, "TargetResponseTime").every((v) => v > 0)).toBe(true);
  });

  test("a JSON file without MetricDataResults is refused", () => {
    expect(importText('{"Datapoints": []}')).toEqual({
      ok: false,
      errors: [{ path: "export", message: "is not get-metric-data output: it has no MetricDataResults list" }],
    });
    expect(importText("{ broken")).toMatchObject({
      ok: false,
      errors: [{ path: "export", message: expect.stringMatching(/^is not JSON/) }],
    });
  });
});

describe("CSV", () => {
  test("wide: a time column, then a column per labelled series", () => {
    const outcome = importText(fixture("cloudwatch.csv"));
    expect(values(outcome, "RequestCount", "zone=b")).toHaveLength(8);
    expect(outcome.ok && outcome.result.scenario.zones).toEqual(["a", "b", "c"]);
  });

  test("tidy: time, metric, zone and value columns", () => {
    const text = [
      "Timestamp,MetricName,AvailabilityZone,Value",
      "2024-03-14T17:00:00Z,RequestCount,us-east-1a,120",
      "2024-03-14T17:01:00Z,RequestCount,us-east-1a,180",
      "2024-03-14T17:01:00Z,HTTPCode_ELB_5XX_Count,us-east-1a,3",
      "2024-03-14T17:02:00Z,RequestCount,us-east-1a,lots",
    ].join("\n");
    const outcome = importText(text);
    expect(values(outcome, "RequestCount")).toEqual([120, 180]);
    expect(outcome.ok && outcome.result.skipped).toEqual({
      count: 1,
      errors: [{ path: "export", message: "line 5: value must be a number, got lots" }],
    });
  });

  test("without a RequestCount series there is no rate", () => {
    expect(importText("Timestamp,HTTPCode_ELB_5XX_Count\n2024-03-14T17:00:00Z,3\n")).toEqual({
      ok: false,
      errors: [
        {
          path: "export",
          message: "has no RequestCount series: the rate comes from it (label a series RequestCount, with its zone)",
        },
      ],
    });
    expect(importText("when,what\n1,2\n")).toMatchObject({
      ok: false,
      errors: [{ message: /^line 1: is not a CloudWatch export/ }],
    });
  });
});
