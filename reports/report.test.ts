import { describe, expect, it } from "vitest";
import { runScenario } from "../sim/run";
import { loadScenario } from "../sim/scenario/load";
import { runCharts } from "./charts/run-charts";
import { LOG_ROWS, reportHtml, runOutputFiles } from "./report";
import { formatSummary } from "./summary";
import { TWO_ZONES } from "./test-data";

function run(text = TWO_ZONES) {
  const loaded = loadScenario(text);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return { scenario: loaded.scenario, ...runScenario(loaded.scenario) };
}

/** The report's outline: headings, figures (by chart title), tables (by header row), cards, notes. */
function outline(html: string): string {
  const lines: string[] = [];
  const tag =
    /<(h[123])[^>]*>(.*?)<\/\1>|<svg [^>]*aria-label="([^"]*)"|<thead><tr>(.*?)<\/tr><\/thead>|<div class="label">(.*?)<\/div>|<section id="([^"]+)">/g;
  for (const m of html.matchAll(tag)) {
    if (m[1]) lines.push(`${"  ".repeat(Number(m[1][1]) - 1)}${m[1]} ${m[2]}`);
    else if (m[3] !== undefined) lines.push(`      chart: ${m[3]}`);
    else if (m[4])
      lines.push(`      table: ${[...m[4].matchAll(/<th[^>]*>(.*?)<\/th>/g)].map((c) => c[1]).join(" | ")}`);
    else if (m[5]) lines.push(`      card: ${m[5]}`);
    else if (m[6]) lines.push(`section #${m[6]}`);
  }
  return `${lines.join("\n")}\n`;
}

describe("reportHtml", () => {
  const input = run();
  const html = reportHtml(input);

  it("has the structure of the snapshot", async () => {
    await expect(outline(html)).toMatchFileSnapshot("./__snapshots__/report-outline.txt");
  });

  it("is self-contained: no script, no external reference of any kind", () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    // The SVG namespace is a name, not a reference; nothing else may look like a URL.
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', "")).not.toMatch(/https?:|\/\/[a-z]/i);
    expect(html).toMatch(/@media print/);
  });

  it("contains every chart of the run", () => {
    const titles = runCharts(input).map((c) => c.title);
    expect(titles).toEqual([
      "Requests per zone",
      "Share of requests per target",
      "Errors by status",
      "Client latency",
      "Load balancer nodes",
      "Target health",
    ]);
    expect([...html.matchAll(/<svg [^>]*aria-label="([^"]*)"/g)].map((m) => m[1])).toEqual(titles);
  });

  it("escapes the scenario's text", () => {
    expect(html).toContain("<h1>Two zones &lt;&amp;&gt; a &quot;test&quot;</h1>");
    expect(html).not.toContain("<&>");
  });

  it("shows the settings, and an empty log as a note", () => {
    expect(html).toContain('<tr><th scope="row">cross-zone load balancing</th><td>off</td></tr>');
    expect(html).toContain("exponential, mean 40ms");
    if (input.result.log.length === 0) expect(html).toContain("The log is empty");
  });

  it("caps a long log with a note", () => {
    const log = Array.from({ length: LOG_ROWS + 500 }, (_, i) => ({
      at: i / 10,
      type: "health",
      node: "a-n1",
      target: "a-1",
      state: i % 2 ? "healthy" : "unhealthy",
    }));
    const long = reportHtml({ ...input, result: { ...input.result, log } });
    expect(long).toContain("Showing the first 1,000 of 1,500 entries");
    expect(long.match(/<td>health<\/td>/g)).toHaveLength(LOG_ROWS);
  });
});

describe("runOutputFiles", () => {
  const input = run();
  const files = Object.fromEntries(
    Object.entries(runOutputFiles(input)).map(([name, body]) => [
      name,
      typeof body === "string" ? body : [...body].join(""),
    ]),
  );

  it("writes summary.json as the §5 result", () => {
    expect(JSON.parse(files["summary.json"])).toEqual(JSON.parse(JSON.stringify(input.result)));
  });

  it("writes a timeseries.csv that parses and whose totals equal the summary's", () => {
    const [header, ...rows] = files["timeseries.csv"].trimEnd().split("\n");
    expect(header).toBe("time,metric,dimension,value");
    const totals = new Map<string, number>();
    for (const row of rows) {
      const [time, metric, dimension, value] = row.split(",");
      expect(Number.isFinite(Number(time)) && Number.isFinite(Number(value))).toBe(true);
      totals.set(`${metric} ${dimension}`, (totals.get(`${metric} ${dimension}`) ?? 0) + Number(value));
    }
    const { result } = input;
    expect(totals.get("HTTPCode_Target_2XX_Count lb")).toBe(result.requests.ok);
    expect(totals.get("HTTPCode_ELB_5XX_Count lb")).toBe(result.requests.elb5xx);
    expect(totals.get("SpilloverCount lb")).toBe(result.requests.spillover);
    for (const z of result.zones) expect(totals.get(`RequestCount zone=${z.zone}`)).toBe(z.requests);
    for (const t of result.targets) expect(totals.get(`RequestCount target=${t.id}`)).toBe(t.requests);
    for (const n of result.nodes) expect(totals.get(`RequestCount node=${n.id}`)).toBe(n.requests);
  });
});

describe("a network load balancer's report", () => {
  // The pricing page bills a network load balancer in NLCUs, and its full node resets the
  // connection instead of answering 503 (docs/aws-behaviour.md#lcu-dimensions, docs/design.md#load-balancer-nodes).
  const html = reportHtml(
    run(
      TWO_ZONES.replace("type: application", "type: network, capacityUnits: { perNode: 2 }").replace(
        "{ name: web, count: 200,",
        "{ name: web, count: 200, requestBytes: 1KB, responseBytes: 100KB,",
      ),
    ),
  );

  it("says reset, not 503, on the spillover card", () => {
    expect(html).toContain("of requests (node full, reset by the load balancer)");
    expect(html).not.toContain("surge queue full, 503");
  });

  it("names NLCUs in the capacity and cost tables and the settings", () => {
    expect(html).toMatch(/<th[^>]*>NLCU-hours<\/th>/);
    expect(html).toContain("peak NLCUs (busiest second)");
    expect(html).toContain("2 NLCUs per node");
    expect(html).toMatch(/\/NLCU-hour/);
    expect(html).not.toMatch(/\bLCU-hours?\b/);
    // Processed bytes are in the NLCUs: the table says they were not charged, not just $0.
    expect(html).toMatch(/>GB processed<\/th><td>[\d.]+<\/td><td>\$0 \(not charged\)<\/td>/);
  });
});

describe("a report with an Auto Scaling group", () => {
  // Two slots of a group beside the written targets: b-8 held an instance from 15s that answered
  // nothing, b-9 never held one (as result.autoScaling's targets and the log's register say).
  const input = run();
  const idle = { id: "", zone: "b", requests: 0, share: 0, latencyMean: 0 };
  const result = {
    ...input.result,
    targets: [...input.result.targets, { ...idle, id: "b-8" }, { ...idle, id: "b-9" }],
    log: [...input.result.log, { at: 15, type: "register", target: "b-8" }],
    autoScaling: [
      {
        name: "web",
        launches: 1,
        terminations: 0,
        replacements: 0,
        peakDesired: 1,
        desired: 1,
        inService: 1,
        targets: ["b-8", "b-9"],
        initialTargets: [],
      },
    ],
  };
  const html = reportHtml({ ...input, result });

  it("leaves out the slots that never held an instance, and says so", () => {
    expect(html).toContain(">b-8<");
    expect(html).not.toContain(">b-9<");
    expect(html).toContain("1 Auto Scaling slots that never held an instance are left out.");
    const zoneB = formatSummary(result, { title: "t" })
      .split("\n")
      .find((line) => line.startsWith("b "));
    // b-1, b-2, b-3 and b-8: four targets, not five.
    expect(zoneB).toMatch(/^b\s+[\d.]+ %\s+[\d,]+\s+4\s/);
  });

  it("gives no latency, not 0 ms, to a target that answered nothing", () => {
    expect(html).toMatch(
      />b-8<\/th><td>b<\/td><td class="num">0<\/td><td class="num">0 %<\/td><td class="num">–<\/td>/,
    );
  });

  it("tabulates the groups", () => {
    expect(html).toContain("<h3>Auto Scaling groups</h3>");
    expect(html).toMatch(/>web<\/th>(<td class="num">1<\/td>|<td class="num">0<\/td>){6}/);
  });
});
