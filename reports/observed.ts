// Simulated against observed (docs/design.md#simulated-against-observed): each observed series beside
// the simulated series of the same metric and dimension, bucket by bucket, with the difference, for
// the CLI summary, report.html and the dashboard. A load generator's ErrorCount is compared with
// every error the simulation answered (the load balancer's 5xx, targets' 5xx, connection errors).
import type { Series, TimeSeries } from "../sim/metrics/result";
import { lineChart } from "./charts/line-chart";
import type { ChartOptions } from "./charts/svg";
import { formatCount, formatDifference, formatDuration, formatLatency, MISSING } from "./format";
import { table } from "./html";
import { OKABE_ITO as C } from "./charts/palette";
import { formatTable } from "./table";

export interface ObservedRow {
  metric: string;
  dimension: string;
  /** "count": totals compared; "seconds" and "level": means over the buckets both have. */
  kind: "count" | "seconds" | "level";
  observed: number;
  simulated: number;
  /** Simulated less observed. */
  difference: number;
  /** The mean over buckets of |simulated − observed|, for counts per bucket. */
  perBucket: number;
  /** Buckets where both have a value. */
  buckets: number;
}

export interface ObservedComparison {
  interval: number;
  rows: ObservedRow[];
}

/** The simulated series a load generator's ErrorCount is compared with: every error a client saw. */
const ERRORS = ["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "ConnectionErrorCount"];

/** The simulated series of a metric and dimension, or one derived from several; null when there is none. */
export function simulatedSeries(simulated: TimeSeries, metric: string, dimension: string): readonly number[] | null {
  const find = (m: string) => simulated.series.find((s) => s.metric === m && s.dimension === dimension)?.values;
  if (metric !== "ErrorCount") return find(metric) ?? null;
  const parts = ERRORS.map(find).filter((v): v is number[] => v !== undefined);
  if (parts.length === 0) return null;
  return Array.from({ length: simulated.buckets }, (_, k) => parts.reduce((sum, v) => sum + (v[k] || 0), 0));
}

function kindOf(metric: string): ObservedRow["kind"] {
  if (/Latency|ResponseTime/.test(metric)) return "seconds";
  return metric === "SurgeQueueLength" || metric.endsWith("HostCount") ? "level" : "count";
}

/** The observed series that have a simulated counterpart, compared; the others are left out. */
export function compareObserved(observed: TimeSeries, simulated: TimeSeries): ObservedComparison {
  const rows: ObservedRow[] = [];
  for (const o of ordered(observed.series)) {
    const sim = simulatedSeries(simulated, o.metric, o.dimension);
    if (!sim) continue;
    const kind = kindOf(o.metric);
    let obs = 0;
    let got = 0;
    let diff = 0;
    let both = 0;
    const n = Math.min(o.values.length, simulated.buckets);
    for (let k = 0; k < n; k++) {
      const a = o.values[k];
      // A count bucket with nothing simulated is zero; a mean with nothing to average is no value.
      const b = kind === "count" && !Number.isFinite(sim[k]) ? 0 : sim[k];
      if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
      obs += a;
      got += b;
      diff += Math.abs(b - a);
      both++;
    }
    if (both === 0) continue;
    const mean = kind !== "count";
    rows.push({
      metric: o.metric,
      dimension: o.dimension,
      kind,
      observed: mean ? obs / both : obs,
      simulated: mean ? got / both : got,
      difference: (got - obs) / (mean ? both : 1),
      perBucket: diff / both,
      buckets: both,
    });
  }
  return { interval: observed.interval, rows };
}

/** Requests first, then errors, then latency; zones after the load balancer. */
function ordered(series: readonly Series[]): Series[] {
  const rank = (s: Series) => {
    const m = s.metric;
    const group = m === "RequestCount" ? 0 : /5XX|50\d|Error|Spillover/.test(m) ? 1 : kindOf(m) === "seconds" ? 2 : 3;
    return group * 10 + (s.dimension === "lb" ? 0 : 1);
  };
  return [...series].sort((a, b) => rank(a) - rank(b));
}

function value(row: ObservedRow, x: number): string {
  if (!Number.isFinite(x)) return MISSING;
  return row.kind === "seconds" ? formatLatency(x) : formatCount(x);
}

function difference(row: ObservedRow): string {
  if (row.kind === "seconds") return `${row.difference >= 0 ? "+" : "−"}${formatLatency(Math.abs(row.difference))}`;
  return formatDifference("count", row.difference);
}

/** A mean count per bucket: a tenth below 10 (`0.4`), whole above. */
function perBucket(x: number): string {
  return x < 10 ? x.toFixed(1) : formatCount(x);
}

const HEADER = ["metric", "dimension", "observed", "simulated", "difference", "per bucket"];

function cells(row: ObservedRow): string[] {
  const what = row.kind === "count" ? "" : " (mean)";
  return [
    `${row.metric}${what}`,
    row.dimension,
    value(row, row.observed),
    value(row, row.simulated),
    difference(row),
    row.kind === "seconds" ? formatLatency(row.perBucket) : perBucket(row.perBucket),
  ];
}

/** The comparison as the CLI prints it after a run's summary. */
export function observedTable(comparison: ObservedComparison, source: string): string {
  if (comparison.rows.length === 0)
    return `Simulated against observed (${source}): no observed series has a simulated one to compare with\n`;
  return [
    `Simulated against observed (${source}; per bucket: the mean |simulated − observed| over buckets of ${formatDuration(comparison.interval)})`,
    formatTable(comparison.rows.map(cells), {
      header: HEADER,
      align: ["left", "left", "right", "right", "right", "right"],
    }),
    "",
  ].join("\n");
}

/** The comparison as report.html's table. */
export function observedHtml(comparison: ObservedComparison): string {
  if (comparison.rows.length === 0)
    return `<p class="note">No observed series has a simulated one to compare with.</p>`;
  return table(
    HEADER.map((h, i) => (i < 2 ? h : { text: h, num: true })),
    comparison.rows.map((row) => cells(row).map((c, i) => (i < 2 ? c : { text: c, num: true }))),
    { rowHeaders: true },
  );
}

/** The overlay charts: requests, errors and latency, simulated solid and observed dashed. */
export function observedCharts(
  observed: TimeSeries,
  simulated: TimeSeries,
  options: ChartOptions = {},
): { id: string; title: string; caption: string; svg: string }[] {
  const perSecond = (values: readonly number[] | null) => (values ?? []).map((v) => v / simulated.interval);
  const pair = (metric: string, label: string, color: string, scale: (v: readonly number[] | null) => number[]) => {
    const obs = observed.series.find((s) => s.metric === metric && s.dimension === "lb");
    const sim = simulatedSeries(simulated, metric, "lb");
    if (!obs || !sim) return [];
    return [
      { label: `${label}, simulated`, values: scale(sim), color },
      { label: `${label}, observed`, values: scale(obs.values.slice(0, simulated.buckets)), color, dash: "5 3" },
    ];
  };
  const same = (v: readonly number[] | null) => [...(v ?? [])];
  const charts = [
    {
      id: "observed-requests",
      title: "Requests, simulated and observed",
      caption: "Requests per second the load balancer received: simulated (solid) and observed (dashed).",
      series: pair("RequestCount", "requests", C.blue, perSecond),
      unit: "number" as const,
      yLabel: "requests/s",
    },
    {
      id: "observed-errors",
      title: "Errors, simulated and observed",
      caption:
        "Errors per second: the load balancer's own 5xx, targets' 5xx, or all errors a load generator saw; simulated (solid) and observed (dashed).",
      series: [
        ...pair("HTTPCode_ELB_5XX_Count", "load balancer 5xx", C.vermillion, perSecond),
        ...pair("HTTPCode_Target_5XX_Count", "target 5xx", C.reddishPurple, perSecond),
        ...pair("ErrorCount", "errors", C.vermillion, perSecond),
      ],
      unit: "number" as const,
      yLabel: "errors/s",
    },
    {
      id: "observed-latency",
      title: "Latency, simulated and observed",
      caption:
        "Latency percentiles per bucket, simulated (solid) and observed (dashed); a log's observed latency is the load balancer's whole time for the request.",
      series: [
        ...pair("ClientLatencyP50", "p50", C.bluishGreen, same),
        ...pair("ClientLatencyP99", "p99", C.orange, same),
      ].map((s) => ({ ...s, aggregate: "max" as const })),
      unit: "seconds" as const,
      yLabel: "latency",
    },
  ];
  return charts
    .filter((c) => c.series.length > 0)
    .map((c) => ({
      id: c.id,
      title: c.title,
      caption: c.caption,
      svg: lineChart(
        { interval: simulated.interval, series: c.series },
        { ...options, title: c.title, unit: c.unit, yLabel: c.yLabel },
      ),
    }));
}
