// k6 and Locust results into a scenario (cli/fixtures/, written by bin/synthetic-traffic.ts).
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { ImportOutcome } from "./imported";
import { isK6Header, isLocustHeader, K6Import, LocustImport } from "./loadtest-results";

const fixture = (name: string) => readFileSync(new URL(`../../cli/fixtures/${name}`, import.meta.url), "utf8");

function read(reader: K6Import | LocustImport, text: string): ImportOutcome {
  text.split("\n").forEach((line, i) => {
    reader.line("results.csv", i + 1, line);
  });
  return reader.finish();
}

function values(outcome: ImportOutcome, metric: string): number[] {
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result.observed.series.find((s) => s.metric === metric && s.dimension === "lb")?.values ?? [];
}

const sum = (v: readonly number[]) => v.reduce((a, b) => a + b, 0);

describe("k6 --out csv", () => {
  const text = fixture("k6.csv");
  const outcome = read(new K6Import({ bucket: null, name: "k6", files: ["k6.csv"] }), text);

  test("is told from its header", () => {
    expect(isK6Header(text.split("\n")[0])).toBe(true);
  });

  test("counts each http_reqs point as a request in its second, and non-2xx/3xx ones as errors", () => {
    const rows = text.split("\n").filter((l) => l.startsWith("http_reqs,"));
    expect(sum(values(outcome, "RequestCount"))).toBe(rows.length);
    expect(sum(values(outcome, "ErrorCount"))).toBe(rows.filter((l) => /,[45]\d\d,,tls/.test(l)).length);
    expect(outcome.ok && outcome.result.scenario.metricsInterval).toBe(1);
  });

  test("takes service times from http_req_waiting and latency percentiles from http_req_duration", () => {
    if (!outcome.ok) return;
    expect(outcome.result.scenario.targets).toEqual([
      expect.objectContaining({ serviceTime: { distribution: "empirical", trace: "service-times.csv" } }),
    ]);
    expect(values(outcome, "ClientLatencyP99").some((v) => v > 0)).toBe(true);
  });

  test("a file with no http_reqs is refused", () => {
    const none = read(new K6Import({ bucket: null, name: "k6", files: ["k6.csv"] }), text.split("\n")[0]);
    expect(none).toMatchObject({
      ok: false,
      errors: [{ message: "is not k6 results CSV with requests: it has no http_reqs points" }],
    });
  });
});

describe("Locust --csv stats history", () => {
  const text = fixture("locust_stats_history.csv");
  const outcome = read(new LocustImport({ bucket: null, name: "locust", files: ["h.csv"] }), text);

  test("is told from its header", () => {
    expect(isLocustHeader(text.split("\n")[0])).toBe(true);
  });

  test("gives each interval the requests its cumulative total grew by", () => {
    const rows = text
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(","));
    const col = text.split("\n")[0].split(",").indexOf('"Total Request Count"');
    const totals = rows.map((r) => Number(r[col]));
    expect(sum(values(outcome, "RequestCount"))).toBe(totals[totals.length - 1] - totals[0]);
    expect(outcome.ok && outcome.result.scenario.metricsInterval).toBe(2);
  });

  test("keeps the percentiles as observed, in seconds", () => {
    expect(
      values(outcome, "ClientLatencyP50")
        .filter(Number.isFinite)
        .every((v) => v > 0 && v < 5),
    ).toBe(true);
  });
});
