// A comparison of variants run on the same seed (`compare FILE`, docs/design.md#the-command-line;
// cli/compare.ts runs them) as text, JSON and report.html: key metrics side by side with their
// differences from the first variant, and the time series overlaid.
import type { RunResult, TimeSeries } from "../sim/metrics/result";
import type { Scenario } from "../sim/scenario/defaults";
import { dimensionsOf, errorsPerSecond, perSecond, seriesValues, variantOverlay } from "./charts/from-run";
import { hasAutoScaling } from "./charts/capacity-data";
import { lineChart } from "./charts/line-chart";
import { nodeCountChart } from "./charts/node-count-chart";
import { categorical, dash } from "./charts/palette";
import type { ChartOptions } from "./charts/svg";
import type { Cell } from "./html";
import { esc, figure, page, table } from "./html";
import { type KeyMetric, type MetricKind, keyMetrics, share } from "../sim/metrics/key-metrics";
import { MISSING, formatDifference, formatDuration, formatMetric } from "./format";
import { FAIL, PASS, judgedValue, thresholdLines, thresholdsHtml } from "./thresholds";
import { type JudgedThreshold, judgeRun } from "../sim/metrics/thresholds";
import { loadBalancerRows } from "./report";
import { capacityUnitOf } from "./cost-lines";
import { formatTable } from "./table";
import { jsonFile } from "./json";

export interface VariantScenario {
  name: string;
  scenario: Scenario;
}

export interface VariantRun extends VariantScenario {
  result: RunResult;
  timeseries: TimeSeries;
}

export interface Comparison {
  /** The scenario without any variant applied (title, description, base settings). */
  base: Scenario;
  variants: VariantRun[];
}

/** `compare --json`: `{ "variants": [ { "name": …, "result": … } ] }`, each with its judged thresholds when it has any. */
export function compareJson(comparison: Comparison): {
  variants: { name: string; result: RunResult; thresholds?: JudgedThreshold[] }[];
} {
  const judged = comparisonThresholds(comparison);
  return {
    variants: comparison.variants.map((v, i) => ({
      name: v.name,
      result: v.result,
      ...(judged[i].length > 0 ? { thresholds: judged[i] } : {}),
    })),
  };
}

/** Whether every variant has the same thresholds (they are the file's, unless a variant changes them). */
function sameThresholds(judged: readonly JudgedThreshold[][]): boolean {
  const texts = (j: readonly JudgedThreshold[]) => j.map((t) => t.threshold).join("\n");
  return judged.every((j) => texts(j) === texts(judged[0]));
}

/** Each variant's thresholds judged on its run. */
export function comparisonThresholds(comparison: Comparison): JudgedThreshold[][] {
  return comparison.variants.map((v) => judgeRun(v.scenario.thresholds, v.result, v.timeseries));
}

/** One row of the comparison: a key metric's value in each variant and its difference from the first. */
export interface ComparisonRow {
  key: string;
  label: string;
  kind: MetricKind;
  values: number[];
  /** values[i] − values[0]; 0 for the first. */
  differences: number[];
}

/** The key metrics side by side (metrics missing in a variant, such as a zone, are NaN). */
export function comparisonRows(comparison: Comparison): ComparisonRow[] {
  const perVariant = comparison.variants.map(
    (v) => new Map([...keyMetrics(v.result), ...clientMetrics(v.result)].map((m) => [m.key, m])),
  );
  const order = new Map<string, { label: string; kind: MetricKind }>();
  for (const metrics of perVariant) for (const m of metrics.values()) if (!order.has(m.key)) order.set(m.key, m);
  // A network load balancer's capacity units are NLCUs (docs/aws-behaviour.md#lcu-dimensions).
  const unit = capacityUnitOf(comparison.base.loadBalancer.type);
  return [...order].map(([key, { label: written, kind }]) => {
    const label = written.replace(/\bLCU/, unit);
    const values = perVariant.map((metrics) => metrics.get(key)?.value ?? NaN);
    return { key, label, kind, values, differences: values.map((v) => v - values[0]) };
  });
}

/**
 * What each client group saw of its own requests, when it retries or times out: the share that
 * failed and their latency, retries included. The rows above count attempts at the load balancer,
 * which is not the story of a retry policy (sdk-throttling, retry-storm).
 */
function clientMetrics(result: RunResult): KeyMetric[] {
  return (result.clients ?? []).flatMap((c): KeyMetric[] => [
    {
      key: `client:${c.name}:failed`,
      label: `clients ${c.name}: failed`,
      kind: "fraction",
      value: share(c.failed, c.requests),
    },
    {
      key: `client:${c.name}:latencyMean`,
      label: `clients ${c.name}: latency mean (retries incl.)`,
      kind: "seconds",
      value: c.latency.mean,
    },
    {
      key: `client:${c.name}:latencyP99`,
      label: `clients ${c.name}: latency p99 (retries incl.)`,
      kind: "seconds",
      value: c.latency.p99,
    },
  ]);
}

/** The human summary: one column per variant, differences from the first in parentheses. */
export function comparisonTable(comparison: Comparison): string {
  const names = comparison.variants.map((v) => v.name);
  const header = ["metric", ...names.map((n, i) => (i === 0 ? n : `${n} (vs ${names[0]})`))];
  const rows = comparisonRows(comparison).map((r) => [
    r.label,
    ...r.values.map((v, i) =>
      i === 0 ? formatMetric(r.kind, v) : `${formatMetric(r.kind, v)} (${formatDifference(r.kind, r.differences[i])})`,
    ),
  ]);
  const seed = comparison.variants[0]?.result.seed;
  const judged = comparisonThresholds(comparison);
  const checks = judged[0]?.map((_, t) => [
    judged[0][t].threshold,
    ...judged.map((j) => (j[t] ? `${j[t].pass ? PASS : FAIL} ${judgedValue(j[t])}` : MISSING)),
  ]);
  const thresholdTable =
    judged.some((j) => j.length > 0) && sameThresholds(judged)
      ? `\n\n${formatTable(checks, { header: ["threshold", ...names] })}`
      : judged
          .map((j, i) => (j.length > 0 ? `\n\n${thresholdLines(j, `Thresholds of ${names[i]}`).join("\n")}` : ""))
          .join("");
  return `${comparison.base.name} · ${names.length} variants · seed ${seed} (same arrivals in every variant)\n${formatTable(rows, { header })}${thresholdTable}`;
}

/** The comparison report as a complete HTML document. */
export function comparisonHtml(comparison: Comparison): string {
  const { base, variants } = comparison;
  const title = `${base.title || base.name}: comparison`;
  const names = variants.map((v) => v.name);
  const metricHead: Cell[] = [
    "metric",
    ...names.flatMap((n, i) =>
      i === 0
        ? [{ text: n, num: true }]
        : [
            { text: n, num: true },
            { text: `Δ vs ${names[0]}`, num: true },
          ],
    ),
  ];
  const metricRows = comparisonRows(comparison).map((r) => [
    r.label,
    ...r.values.flatMap((v, i) => {
      const value = { text: formatMetric(r.kind, v), num: true };
      return i === 0 ? [value] : [value, { text: formatDifference(r.kind, r.differences[i]), num: true }];
    }),
  ]);
  const seed = variants[0]?.result.seed;
  return page(
    title,
    [
      `<header>`,
      `<h1>${esc(title)}</h1>`,
      base.description ? `<p class="description">${esc(base.description)}</p>` : "",
      `<p class="meta">${esc(`scenario ${base.name} · ${names.length} variants · seed ${seed} for all · ${formatDuration(base.duration)} simulated`)}</p>`,
      `<p class="note">Every variant ran on the same seed, so each saw the same client arrivals and service times (common random numbers): the differences below come from the settings, not from chance.</p>`,
      `</header>`,
      ...thresholdsSection(comparison),
      `<section id="metrics">`,
      `<h2>Key metrics</h2>`,
      table(metricHead, metricRows, { rowHeaders: true }),
      `</section>`,
      `<section id="charts">`,
      `<h2>Over time</h2>`,
      ...comparisonCharts(comparison).map((c) => figure(c.svg, c.caption)),
      `</section>`,
      `<section id="variants">`,
      `<h2>Variants</h2>`,
      table(
        ["variant", "settings", "digest"],
        variants.map((v) => [
          v.name,
          settingsText(base.variants[v.name]),
          { text: `<code>${esc(v.result.digest.slice(0, 16))}…</code>`, html: true },
        ]),
        { rowHeaders: true },
      ),
      `<h3>Load balancer settings per variant</h3>`,
      lbSettingsTable(comparison),
      `<h3>Share of requests per target</h3>`,
      targetShareTable(comparison),
      `</section>`,
      `<footer>Generated by elbsim. Each variant's full report comes from <code>elbsim run FILE --variant NAME --out DIR</code>.</footer>`,
    ].filter((line) => line !== ""),
  );
}

/** The overlaid charts of a comparison, each with a caption. */
export function comparisonCharts(
  comparison: Comparison,
  options: ChartOptions = {},
): { id: string; svg: string; caption: string }[] {
  const runs = comparison.variants;
  const common = { ...options, timeDomain: options.timeDomain ?? ([0, comparison.base.duration] as const) };
  const unit = capacityUnitOf(comparison.base.loadBalancer.type);
  const zones = comparison.base.zones;
  const zoneLines = {
    interval: runs[0]?.timeseries.interval ?? 1,
    series: runs.flatMap((run, v) =>
      dimensionsOf(run.timeseries, "RequestCount", "zone=").map((d) => ({
        label: `zone ${d.name} · ${run.name}`,
        values: perSecond(d.values, run.timeseries.interval),
        color: categorical(zones.indexOf(d.name)),
        dash: dash(v),
      })),
    ),
  };
  return [
    {
      id: "latency-p99",
      svg: lineChart(
        variantOverlay(runs, (ts) => seriesValues(ts, "ClientLatencyP99"), { aggregate: "max" }),
        { ...common, title: "Client latency p99", unit: "seconds", yLabel: "p99 latency" },
      ),
      caption: "The 99th percentile of client latency per metrics interval, one line per variant.",
    },
    {
      id: "latency-mean",
      svg: lineChart(
        variantOverlay(runs, (ts) => seriesValues(ts, "ClientLatency")),
        { ...common, title: "Client latency, mean", unit: "seconds", yLabel: "mean latency" },
      ),
      caption: "Mean client latency per metrics interval.",
    },
    {
      id: "errors",
      svg: lineChart(variantOverlay(runs, errorsPerSecond), { ...common, title: "Errors", yLabel: "errors/s" }),
      caption:
        comparison.base.loadBalancer.type === "network"
          ? "Errors per second of every kind: the load balancer's TCP resets (spillover included; a network load balancer works at layer 4), targets' resets and 5xx, and connection errors."
          : "Errors per second of every kind: the load balancer's 5xx (spillover included), targets' 5xx and connection errors.",
    },
    ...(runs.some((run) => run.result.capacity)
      ? [
          {
            id: "lcus",
            svg: lineChart(
              variantOverlay(runs, (ts) => seriesValues(ts, "ConsumedLCUs"), { aggregate: "max" }),
              { ...common, title: "Consumed capacity units", yLabel: `${unit}s` },
            ),
            caption: `ConsumedLCUs per metrics interval in ${unit}s, the largest of its dimensions, one line per variant.`,
          },
        ]
      : []),
    {
      id: "zones",
      svg: lineChart(zoneLines, { ...common, title: "Requests per zone", yLabel: "requests/s" }),
      caption: "Requests per second served in each zone: colour is the zone, the dash pattern the variant.",
    },
    {
      id: "nodes",
      svg: nodeCountChart(
        {
          interval: runs[0]?.timeseries.interval ?? 1,
          series: variantOverlay(runs, (ts) => seriesValues(ts, "NodeCount")).series,
        },
        { ...common, title: "Load balancer nodes" },
      ),
      caption: "Nodes in service, all zones, per variant.",
    },
    ...(runs.some((run) => hasAutoScaling(run.timeseries))
      ? [
          {
            id: "instances",
            svg: nodeCountChart(
              {
                interval: runs[0]?.timeseries.interval ?? 1,
                series: variantOverlay(runs, instancesInService).series,
              },
              { ...common, title: "Instances in service", yLabel: "instances" },
            ),
            caption: "Auto Scaling instances in service, every group together, per variant.",
          },
        ]
      : []),
  ];
}

/** Instances in service summed over a run's Auto Scaling groups, or nothing without groups. */
function instancesInService(ts: TimeSeries): number[] | undefined {
  const groups = dimensionsOf(ts, "GroupInServiceInstances", "asg=");
  if (groups.length === 0) return undefined;
  return groups[0].values.map((_, i) => groups.reduce((total, g) => total + (g.values[i] ?? 0), 0));
}

/** The thresholds, one row each with every variant's mark and value; nothing when there are none. */
function thresholdsSection(comparison: Comparison): string[] {
  const judged = comparisonThresholds(comparison);
  if (judged.every((j) => j.length === 0)) return [];
  const names = comparison.variants.map((v) => v.name);
  const body = sameThresholds(judged)
    ? table(
        ["threshold", ...names],
        judged[0].map((first, t) => [
          { text: `<code>${esc(first.threshold)}</code>`, html: true },
          ...judged.map((j) => ({
            text: `<span class="${j[t].pass ? "pass" : "fail"}">${j[t].pass ? PASS : FAIL}</span> ${esc(judgedValue(j[t]))}`,
            html: true,
          })),
        ]),
      )
    : judged.map((j, i) => (j.length > 0 ? `<h3>${esc(names[i])}</h3>\n${thresholdsHtml(j)}` : "")).join("\n");
  return [`<section id="thresholds">`, `<h2>Thresholds</h2>`, body, `</section>`];
}

function settingsText(set: Record<string, unknown> | undefined): string {
  if (!set || Object.keys(set).length === 0) return "(the scenario as written)";
  return Object.entries(set)
    .map(([k, v]) => `${k} = ${typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(", ");
}

/** Load balancer settings side by side, rows that differ between variants first and marked. */
function lbSettingsTable(comparison: Comparison): string {
  // Rows are matched by label: a variant may have a row the others lack (an LCU reservation, an
  // inter-zone latency), which reads "none" where it is not set.
  const perVariant = comparison.variants.map((v) => new Map(loadBalancerRows(v.scenario)));
  const labels = [...new Set(perVariant.flatMap((rows) => [...rows.keys()]))];
  const rows = labels.map((label) => {
    const values = perVariant.map((rows) => rows.get(label) ?? "none");
    return { label, values, differs: values.some((v) => v !== values[0]) };
  });
  rows.sort((a, b) => Number(b.differs) - Number(a.differs));
  return table(
    ["setting", ...comparison.variants.map((v) => v.name)],
    rows.map((r) => [r.differs ? `${r.label} (differs)` : r.label, ...r.values]),
    { rowHeaders: true },
  );
}

function targetShareTable(comparison: Comparison): string {
  const ids = [...new Set(comparison.variants.flatMap((v) => v.result.targets.map((t) => t.id)))];
  return table(
    ["target", ...comparison.variants.map((v) => ({ text: v.name, num: true }))],
    ids.map((id) => [
      id,
      ...comparison.variants.map((v) => ({
        text: formatMetric("fraction", v.result.targets.find((t) => t.id === id)?.share ?? NaN),
        num: true,
      })),
    ]),
    { rowHeaders: true },
  );
}

/** The files `compare --out DIR` writes: the comparison JSON (as `--json` prints it) and the report. */
export function comparisonOutputFiles(
  comparison: Comparison,
): Record<"summary.json" | "report.html", string | Iterable<string>> {
  return {
    "summary.json": jsonFile(compareJson(comparison), 5),
    "report.html": comparisonHtml(comparison),
  };
}
