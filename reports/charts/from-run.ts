// Chart data from a run's time series and result: the one place that knows which metric feeds
// which chart (run-charts.ts lists the charts), shared by report.html and the dashboard. Counts
// per bucket become rates per second, so charts read the same whatever the metricsInterval.
import { ERROR_METRICS } from "../../sim/metrics/key-metrics";
import type { LogEntry, RunResult, TimeSeries } from "../../sim/metrics/result";
import type { HealthNode, HealthSwimlanesData, HealthTarget } from "./health-swimlanes";
import type { LineChartData, LineSeries } from "./line-chart";
import type { NodeCountData, ScalingMarker } from "./node-count-chart";
import { OKABE_ITO, STATUS_COLORS, categorical, dash } from "./palette";
import type { StackedAreaData } from "./stacked-area-chart";
import type { StackedBarData } from "./stacked-bar-chart";

/** The values of one metric for one dimension, or undefined when the run did not record it. */
export function seriesValues(ts: TimeSeries, metric: string, dimension = "lb"): readonly number[] | undefined {
  return ts.series.find((s) => s.metric === metric && s.dimension === dimension)?.values;
}

/** Every dimension of `metric` with a prefix (`zone=`, `node=`, `target=`), in recorded order, prefix removed. */
export function dimensionsOf(
  ts: TimeSeries,
  metric: string,
  prefix: string,
): { name: string; values: readonly number[] }[] {
  return ts.series
    .filter((s) => s.metric === metric && s.dimension.startsWith(prefix))
    .map((s) => ({ name: s.dimension.slice(prefix.length), values: s.values }));
}

/** Counts per bucket as rates per second. */
export function perSecond(values: readonly number[], interval: number): number[] {
  return values.map((v) => v / interval);
}

/** Client latency per bucket: the percentiles recorded (p50, p90, p99) and the mean, dashed. */
export function latencyData(ts: TimeSeries): LineChartData {
  const series: LineSeries[] = [];
  const percentiles = [
    ["ClientLatencyP50", "p50", OKABE_ITO.bluishGreen],
    ["ClientLatencyP90", "p90", OKABE_ITO.orange],
    ["ClientLatencyP99", "p99", OKABE_ITO.vermillion],
  ] as const;
  for (const [metric, label, color] of percentiles) {
    const values = seriesValues(ts, metric);
    if (values) series.push({ label, values, color, aggregate: "max" });
  }
  const mean = seriesValues(ts, "ClientLatency");
  if (mean) series.push({ label: "mean", values: mean, color: OKABE_ITO.blue, dash: "6 3" });
  return { interval: ts.interval, series };
}

/**
 * What clients with timeouts, retries or closed-loop users saw, per second over every such group:
 * the requests they meant to make, those that succeeded (goodput), and the attempts they sent.
 */
export function clientData(ts: TimeSeries): LineChartData {
  const sumOver = (metric: string) => {
    const groups = dimensionsOf(ts, metric, "client=");
    if (groups.length === 0) return null;
    return perSecond(
      groups[0].values.map((_, i) => groups.reduce((total, g) => total + (g.values[i] ?? 0), 0)),
      ts.interval,
    );
  };
  const lines = [
    ["ClientAttemptCount", "attempts", OKABE_ITO.vermillion],
    ["ClientRequestCount", "requests", OKABE_ITO.blue],
    ["ClientSuccessCount", "succeeded", OKABE_ITO.bluishGreen],
    // Only for the groups that have them (a connect timeout, aws-adaptive).
    ["ClientConnectTimeoutCount", "connect timeouts", OKABE_ITO.reddishPurple],
    ["ClientRateLimitedCount", "held by the rate limiter", OKABE_ITO.orange],
  ] as const;
  const series: LineSeries[] = [];
  for (const [metric, label, color] of lines) {
    const values = sumOver(metric);
    if (values) series.push({ label, values, color });
  }
  return { interval: ts.interval, series };
}

/**
 * What each client group's successful requests took, first attempt to answer, retries, backoff
 * and waiting at a rate limiter included (ClientRequestLatency): one line per group.
 */
export function clientLatencyData(ts: TimeSeries): LineChartData {
  const groups = dimensionsOf(ts, "ClientRequestLatency", "client=");
  return {
    interval: ts.interval,
    series: groups.map((g, i) => ({ label: g.name, values: g.values, color: categorical(i) })),
  };
}

/** Requests per second served in each zone (counted at the targets), stacked. */
export function zoneRequestData(ts: TimeSeries): StackedAreaData {
  return {
    interval: ts.interval,
    layers: dimensionsOf(ts, "RequestCount", "zone=").map((d) => ({
      label: `zone ${d.name}`,
      values: perSecond(d.values, ts.interval),
    })),
  };
}

/** Requests per second to each target, grouped (coloured) by zone (from `targets`, else read from the id). */
export function targetRequestData(ts: TimeSeries, result?: { targets: readonly HealthTarget[] }): StackedAreaData {
  const zoneOf = new Map(result?.targets.map((t) => [t.id, t.zone]));
  return {
    interval: ts.interval,
    layers: dimensionsOf(ts, "RequestCount", "target=").map((d) => ({
      label: d.name,
      values: perSecond(d.values, ts.interval),
      group: `zone ${zoneOf.get(d.name) ?? d.name.split("-")[0]}`,
    })),
  };
}

/**
 * Errors per second by status: the load balancer's 502, 503 (spillover included), 504 — or, for a
 * network load balancer, the resets it and its targets send — targets' 5xx, connection errors.
 */
export function errorData(ts: TimeSeries): StackedBarData {
  const categories = [
    ["HTTPCode_ELB_502_Count", "502 (ELB)", STATUS_COLORS["502"]],
    ["HTTPCode_ELB_503_Count", "503 (ELB)", STATUS_COLORS["503"]],
    ["HTTPCode_ELB_504_Count", "504 (ELB)", STATUS_COLORS["504"]],
    ["TCP_Target_Reset_Count", "reset by target", STATUS_COLORS["502"]],
    ["TCP_ELB_Reset_Count", "reset by the load balancer", STATUS_COLORS["503"]],
    ["HTTPCode_Target_5XX_Count", "5xx (target)", STATUS_COLORS.target5xx],
    ["ConnectionErrorCount", "connection error", STATUS_COLORS.connection],
  ] as const;
  return {
    interval: ts.interval,
    categories: categories.flatMap(([metric, label, color]) => {
      const values = seriesValues(ts, metric);
      return values ? [{ label, values: perSecond(values, ts.interval), color }] : [];
    }),
  };
}

const MARKER_TYPES = new Set(["scale-out", "scale-in", "node-ready", "node-retiring", "node-retired"]);

/** Scaling markers from the log's scaling entries, or from `scaling` when the log has none. */
export function scalingMarkers(result: { log: readonly LogEntry[]; scaling?: RunResult["scaling"] }): ScalingMarker[] {
  const fromLog = result.log.filter((e) => MARKER_TYPES.has(e.type));
  if (fromLog.length > 0) return fromLog.map((e) => ({ at: e.at, kind: e.type, label: markerLabel(e) }));
  return (result.scaling ?? []).flatMap((s) => [
    { at: s.at, kind: s.action, label: `${s.action} → ${s.nodesPerZone}/zone` },
    ...(s.action === "scale-out" ? [{ at: s.readyAt, kind: "node-ready", label: "nodes ready" }] : []),
  ]);
}

function markerLabel(e: LogEntry): string {
  if ((e.type === "scale-out" || e.type === "scale-in") && typeof e.nodesPerZone === "number")
    return `${e.type} → ${e.nodesPerZone}/zone`;
  const verb = e.type.replace(/^node-/, "");
  return typeof e.node === "string" ? `${e.node} ${verb}` : e.type;
}

/** Nodes in service (all zones) with the scaling markers. */
export function nodeCountData(
  ts: TimeSeries,
  result: { log: readonly LogEntry[]; scaling?: RunResult["scaling"] },
): NodeCountData {
  const values = seriesValues(ts, "NodeCount");
  return {
    interval: ts.interval,
    series: values ? [{ label: "nodes, all zones", values, color: OKABE_ITO.blue }] : [],
    markers: scalingMarkers(result),
  };
}

/**
 * The target slots of Auto Scaling groups that never held an instance: neither running from the
 * start nor registered during the run. The swimlanes and the target tables leave them out.
 */
export function unusedSlots(result: {
  log: readonly LogEntry[];
  autoScaling?: readonly { targets: readonly string[]; initialTargets: readonly string[] }[];
}): Set<string> {
  const unused = new Set(result.autoScaling?.flatMap((g) => g.targets) ?? []);
  for (const g of result.autoScaling ?? []) for (const id of g.initialTargets) unused.delete(id);
  for (const e of result.log) if (e.type === "register" && typeof e.target === "string") unused.delete(e.target);
  return unused;
}

/**
 * The swimlanes' input: every target, every node, the log (a RunResult, or only what they read).
 * An Auto Scaling group's slots that never held an instance get no lane.
 */
export function healthData(result: {
  simulatedSeconds: number;
  targets: readonly HealthTarget[];
  nodes: readonly HealthNode[];
  log: readonly LogEntry[];
  autoScaling?: readonly { targets: readonly string[]; initialTargets: readonly string[] }[];
}): HealthSwimlanesData {
  const unused = unusedSlots(result);
  const ready = new Map<string, number>();
  for (const e of result.log) {
    // A node checks once in service: a provisioning node's views do not count yet.
    if (e.type === "node-ready" && typeof e.node === "string" && !ready.has(e.node)) ready.set(e.node, e.at);
  }
  return {
    duration: result.simulatedSeconds,
    targets: result.targets.filter((t) => !unused.has(t.id)).map((t) => ({ id: t.id, zone: t.zone })),
    nodes: result.nodes.map((nd) => ({
      id: nd.id,
      launchedAt: nd.launchedAt,
      retiredAt: nd.retiredAt,
      ...(ready.has(nd.id) ? { readyAt: ready.get(nd.id) } : {}),
    })),
    log: result.log,
  };
}

/** Errors per second of every kind: the load balancer's 5xx, the targets' 5xx and connection errors. */
export function errorsPerSecond(ts: TimeSeries): number[] | undefined {
  const parts = ERROR_METRICS.map((m) => seriesValues(ts, m)).filter((v) => v !== undefined);
  if (parts.length === 0) return undefined;
  return parts[0].map((_, i) => parts.reduce((a, values) => a + values[i], 0) / ts.interval);
}

/**
 * One quantity of several runs overlaid, one colour and dash per run (the variants of a
 * comparison). `pick` reads the quantity from a run's time series; runs without it are left out.
 */
export function variantOverlay(
  runs: readonly { name: string; timeseries: TimeSeries }[],
  pick: (ts: TimeSeries) => readonly number[] | undefined,
  options: { aggregate?: "mean" | "max" } = {},
): LineChartData {
  return {
    interval: runs[0]?.timeseries.interval ?? 1,
    series: runs.flatMap((run, i) => {
      const values = pick(run.timeseries);
      return values
        ? [{ label: run.name, values, color: categorical(i), dash: dash(i), aggregate: options.aggregate }]
        : [];
    }),
  };
}
