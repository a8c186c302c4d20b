// Access logs into a scenario: the fixtures (cli/fixtures/, written by bin/synthetic-traffic.ts in
// the documented layouts) read line by line, as the CLI streams them.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { AccessLogImport, parseZoneRange } from "./access-log-import";
import type { ImportResult } from "./imported";

const fixture = (name: string) => readFileSync(new URL(`../../cli/fixtures/${name}`, import.meta.url), "utf8");
const ALB = fixture("alb.log");
const CLASSIC = fixture("classic.log");

function importLines(text: string, options: Partial<ConstructorParameters<typeof AccessLogImport>[0]> = {}) {
  const reader = new AccessLogImport({
    kind: "application",
    bucket: 1,
    hash: (a) => `h(${a})`,
    name: "test",
    files: ["alb.log"],
    ...options,
  });
  text.split("\n").forEach((line, i) => {
    reader.line("alb.log", i + 1, line);
  });
  return reader.finish();
}

function result(text: string, options = {}): ImportResult {
  const outcome = importLines(text, options);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result;
}

const series = (r: ImportResult, metric: string, dimension = "lb") =>
  r.observed.series.find((s) => s.metric === metric && s.dimension === dimension)?.values ?? [];
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe("an application load balancer log", () => {
  const r = result(ALB);
  const lines = ALB.trim().split("\n");

  test("replays every request in order of request_creation_time, from the first bucket's start", () => {
    expect(r.arrivals?.time.length).toBe(lines.length);
    const times = [...r.arrivals!.time];
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The first request was created 09:00:00.172, the bucket starts at 09:00:00.
    expect(times[0]).toBeCloseTo(0.172, 6);
    expect(sum(series(r, "RequestCount"))).toBe(lines.length);
  });

  test("numbers clients by first appearance and keeps no address", () => {
    const clients = new Set(r.arrivals!.client);
    expect(Math.max(...clients)).toBe(clients.size - 1);
    const written = JSON.stringify(r.scenario) + r.summary.join("\n");
    expect(written).not.toMatch(/192\.0\.2\.|198\.51\.100\.|203\.0\.113\./);
  });

  test("opens a connection where a client's port changes", () => {
    const a = r.arrivals!;
    const ports = new Map<number, Set<string>>();
    // Per client, the connection numbers run 0, 1, 2, … without gaps.
    for (let k = 0; k < a.client.length; k++) {
      const seen = ports.get(a.client[k]) ?? new Set();
      seen.add(String(a.connection[k]));
      ports.set(a.client[k], seen);
    }
    for (const seen of ports.values()) expect([...seen].map(Number)).toEqual([...seen].map((_, i) => i));
  });

  test("keeps lines the load balancer answered itself as observed errors", () => {
    const answered = lines.filter((l) => / 502 - /.test(l)).length;
    expect(answered).toBeGreaterThan(0);
    expect(sum(series(r, "HTTPCode_ELB_502_Count"))).toBe(answered);
    expect(sum(series(r, "HTTPCode_ELB_5XX_Count"))).toBe(answered);
    expect(sum(series(r, "HTTPCode_Target_5XX_Count"))).toBe(lines.filter((l) => / 500 500 /.test(l)).length);
    // They arrive like any other request, with no service time.
    expect([...r.arrivals!.service].filter(Number.isNaN)).toHaveLength(answered);
  });

  test("gives targets their zones by subnet and an empirical service-time distribution", () => {
    expect(r.scenario.zones).toEqual(["a", "b"]);
    expect(r.scenario.targets).toEqual([
      expect.objectContaining({
        zone: "a",
        count: 2,
        serviceTime: { distribution: "empirical", trace: "service-times.csv" },
      }),
      expect.objectContaining({ zone: "b", count: 2 }),
    ]);
    const rows = r.tables["service-times.csv"].rows;
    expect(sum(rows.map((row) => Number(row[1])))).toBe(lines.length - lines.filter((l) => / 502 - /.test(l)).length);
  });

  test("zones can be named by range", () => {
    const zoned = result(ALB, { zones: [parseZoneRange("10.0.0.0/16=east")].filter((z) => typeof z !== "string") });
    expect(zoned.scenario.zones).toEqual(["east"]);
    expect(parseZoneRange("10.0.1.0/24")).toMatch(/must be an IPv4 range and a zone name/);
    const unzoned = importLines(ALB, { zones: [parseZoneRange("10.0.1.0/24=a") as never] });
    expect(!unzoned.ok && unzoned.errors).toEqual([
      { path: "--zone", message: "no range holds targets 10.0.2.21, 10.0.2.22" },
    ]);
  });

  test("keeps service times per path prefix when asked", () => {
    const byPath = result(ALB, { pathDepth: 1 });
    expect(Object.keys(byPath.tables).sort()).toEqual([
      "service-times-api.csv",
      "service-times-root.csv",
      "service-times-static.csv",
      "service-times.csv",
    ]);
    expect(byPath.summary.join("\n")).toMatch(/^ {2}\/api: p50 \S+ ms/m);
  });

  test("replays a rate instead when asked", () => {
    const rate = result(ALB, { rateOnly: true });
    expect(rate.arrivals).toBeNull();
    expect(rate.scenario.clients).toEqual([expect.objectContaining({ rate: { trace: "rate.csv" } })]);
  });
});

describe("bad lines", () => {
  test("are counted and named by their line, and the rest is read", () => {
    const text = `${ALB.split("\n").slice(0, 5).join("\n")}\nhttps 2024 truncated\n\n${ALB.split("\n")[5]}\n"unclosed`;
    const outcome = importLines(text);
    expect(outcome.ok && outcome.result.skipped).toEqual({
      count: 2,
      errors: [
        { path: "alb.log", message: "line 6: has 3 fields; an application load balancer entry has at least 22" },
        { path: "alb.log", message: "line 9: has a quote that is never closed" },
      ],
    });
    expect(outcome.ok && outcome.result.arrivals?.time.length).toBe(6);
  });

  test("a log with no usable line is refused", () => {
    expect(importLines("not a log\nat all\n")).toEqual({
      ok: false,
      errors: [
        { path: "alb.log", message: "is not an Application Load Balancer access log: no line could be read" },
        {
          path: "alb.log",
          message: "line 1: must start with a request type (http, https, h2, grpcs, ws, wss), got not",
        },
        {
          path: "alb.log",
          message: "line 2: must start with a request type (http, https, h2, grpcs, ws, wss), got at",
        },
      ],
    });
  });

  test("a classic entry among application ones is mixed formats, and stops the import", () => {
    const reader = new AccessLogImport({ kind: "application", bucket: 1, hash: String, name: "t", files: ["x"] });
    expect(reader.line("x", 1, ALB.split("\n")[0])).toBe(true);
    expect(reader.line("x", 2, CLASSIC.split("\n")[0])).toBe(false);
    expect(reader.finish()).toEqual({
      ok: false,
      errors: [
        {
          path: "x",
          message:
            "line 2: is a Classic Load Balancer access log entry among Application Load Balancer access log entries (mixed formats: import them apart)",
        },
      ],
    });
  });
});

describe("a classic load balancer log", () => {
  test("takes each arrival from its timestamp", () => {
    const r = result(CLASSIC, { kind: "classic" });
    expect(r.scenario.loadBalancer).toEqual({ type: "classic" });
    expect(r.arrivals!.time[0]).toBeCloseTo(0.172417, 6);
    expect(sum(series(r, "RequestCount"))).toBe(CLASSIC.trim().split("\n").length);
  });
});
