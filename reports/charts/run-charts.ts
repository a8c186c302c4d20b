// The charts of one run, listed once: report.html draws them in this order with these titles and
// captions, and the dashboard draws the same list from the buckets streamed so far.
import type { LogEntry, RunResult, TimeSeries } from "../../sim/metrics/result";
import { capacityData, hasAutoScaling } from "./capacity-data";
import {
  clientData,
  clientLatencyData,
  errorData,
  healthData,
  latencyData,
  nodeCountData,
  targetRequestData,
  zoneRequestData,
} from "./from-run";
import type { HealthNode, HealthTarget } from "./health-swimlanes";
import { lcuData } from "./lcu-data";
import { healthSwimlanes } from "./health-swimlanes";
import { lineChart } from "./line-chart";
import { nodeCountChart } from "./node-count-chart";
import { stackedAreaChart } from "./stacked-area-chart";
import { stackedBarChart } from "./stacked-bar-chart";
import type { ChartOptions } from "./svg";

/** What a run's charts are drawn from: its time series and the parts of a result they read (a finished run's result, or a run streamed so far). */
export interface RunChartInput {
  timeseries: TimeSeries;
  /** Seconds simulated (so far). */
  simulatedSeconds: number;
  targets: readonly HealthTarget[];
  nodes: readonly HealthNode[];
  log: readonly LogEntry[];
  /** The result's scaling actions, for the node chart's markers when the log has none. */
  scaling?: RunResult["scaling"];
  /** The result's Auto Scaling groups, for the swimlanes to leave out slots never used. */
  autoScaling?: readonly { targets: readonly string[]; initialTargets: readonly string[] }[];
}

export interface RunChartSpec {
  /** A stable id ("latency", "zones"). */
  id: string;
  title: string;
  /** What the chart shows, in a sentence for under it. */
  caption: string;
  /** The largest value the chart plots, for a value scale shared by runs side by side; null when the scale is fixed (shares, lanes). */
  peak: ((input: RunChartInput) => number) | null;
  draw: (input: RunChartInput, options: ChartOptions) => string;
  /** Whether the run has anything for this chart; a chart without it is drawn for every run. */
  applies?: (input: RunChartInput) => boolean;
  /** The caption for this run when it depends on the run (a network load balancer's resets). */
  captionFor?: (input: RunChartInput) => string;
}

/** Whether the run is a network load balancer's: its errors are layer-4 resets. */
function layer4(input: RunChartInput): boolean {
  return input.timeseries.series.some((s) => s.metric === "TCP_ELB_Reset_Count");
}

/**
 * The capacity-unit chart's caption: a network load balancer's units are NLCUs and it has no rule
 * evaluations (docs/aws-behaviour.md#lcu-dimensions); the reservation is named only when drawn.
 */
function lcuCaption(network: boolean, reserved: boolean): string {
  const unit = network ? "NLCUs" : "LCUs";
  const dimensions = network
    ? "new connections, active connections, processed bytes"
    : "new connections, active connections, processed bytes, rule evaluations";
  return [
    `ConsumedLCUs per metrics interval in ${unit}, by dimension (${dimensions}): the load balancer consumes, and is billed for, the largest.`,
    "Peak: PeakLCUs, the busiest second.",
    ...(reserved ? ["Reserved (dashed): ReservedLCUs, the reservation in effect."] : []),
  ].join(" ");
}

/** The largest sum over layers at any bucket (a stacked chart's top). */
function stackTop(layers: readonly { values: readonly number[] }[]): number {
  let largest = 0;
  const n = Math.max(0, ...layers.map((l) => l.values.length));
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (const l of layers) if (Number.isFinite(l.values[i])) total += l.values[i];
    largest = Math.max(largest, total);
  }
  return largest;
}

/** The largest value of any series. */
function largest(series: readonly { values: readonly number[] }[]): number {
  return Math.max(0, ...series.flatMap((s) => s.values.filter(Number.isFinite)));
}

/** The standard charts of a run, in order. */
export const RUN_CHARTS: readonly RunChartSpec[] = [
  {
    id: "zones",
    title: "Requests per zone",
    caption: "Requests per second served in each zone, counted at the targets.",
    peak: (i) => stackTop(zoneRequestData(i.timeseries).layers),
    draw: (i, o) => stackedAreaChart(zoneRequestData(i.timeseries), { ...o, yLabel: "requests/s" }),
  },
  {
    id: "targets",
    title: "Share of requests per target",
    caption: "Each target's share of the requests served; targets of one zone share a colour.",
    peak: null,
    draw: (i, o) => stackedAreaChart(targetRequestData(i.timeseries, i), { ...o, mode: "share", yLabel: "requests" }),
  },
  {
    id: "errors",
    title: "Errors by status",
    caption:
      "Errors per second by status: the load balancer's own 502, 503 (spillover included) and 504, and 5xx answered by targets.",
    captionFor: (i) =>
      layer4(i)
        ? "Errors per second: a network load balancer works at layer 4, so its errors are TCP resets, the load balancer's own (it could not take or route the flow, spillover included) and those from targets, and 5xx answered by targets; connection errors too."
        : "Errors per second by status: the load balancer's own 502, 503 (spillover included) and 504, and 5xx answered by targets.",
    peak: (i) => stackTop(errorData(i.timeseries).categories),
    draw: (i, o) => stackedBarChart(errorData(i.timeseries), { ...o, yLabel: "errors/s", emptyText: "no errors" }),
  },
  {
    id: "latency",
    title: "Client latency",
    caption:
      "Client latency of the requests targets answered, request sent to response received, per metrics interval (a bin's percentile is the largest of its intervals); gaps are intervals with no answer.",
    peak: (i) => largest(latencyData(i.timeseries).series),
    draw: (i, o) => lineChart(latencyData(i.timeseries), { ...o, unit: "seconds", yLabel: "latency" }),
  },
  {
    id: "clients",
    title: "Clients: requests, successes and attempts",
    caption:
      "Per second, for client groups with timeouts, retries or closed-loop users: the requests clients meant to make, those that succeeded (goodput), and the attempts they sent, retries included; with a connect timeout, the connections given up; with aws-adaptive, the attempts its rate limiter held back.",
    applies: (i) => i.timeseries.series.some((s) => s.metric === "ClientRequestCount"),
    peak: (i) => largest(clientData(i.timeseries).series),
    draw: (i, o) => lineChart(clientData(i.timeseries), { ...o, yLabel: "per second" }),
  },
  {
    id: "client-latency",
    title: "Clients: latency with retries",
    caption:
      "Mean latency of each client group's successful requests per metrics interval, from the first attempt to the answer: retries, backoff and time held by a rate limiter included (ClientRequestLatency). The client latency chart above times each attempt alone.",
    applies: (i) => i.timeseries.series.some((s) => s.metric === "ClientRequestLatency"),
    peak: (i) => largest(clientLatencyData(i.timeseries).series),
    draw: (i, o) => lineChart(clientLatencyData(i.timeseries), { ...o, unit: "seconds", yLabel: "mean latency" }),
  },
  {
    id: "lcus",
    title: "Capacity units",
    caption: lcuCaption(false, false),
    captionFor: (i) =>
      lcuCaption(
        layer4(i),
        i.timeseries.series.some((s) => s.metric === "ReservedLCUs"),
      ),
    applies: (i) => i.timeseries.series.some((s) => s.metric === "ConsumedLCUs"),
    peak: (i) => largest(lcuData(i.timeseries).series),
    draw: (i, o) => lineChart(lcuData(i.timeseries), { ...o, yLabel: layer4(i) ? "NLCUs" : "LCUs" }),
  },
  {
    id: "nodes",
    title: "Load balancer nodes",
    caption: "Load balancer nodes in service; rules mark the controller's decisions and nodes becoming ready.",
    peak: (i) => largest(nodeCountData(i.timeseries, i).series) + 1,
    draw: (i, o) => nodeCountChart(nodeCountData(i.timeseries, i), o),
  },
  {
    id: "capacity",
    title: "Capacity: load balancer nodes and instances",
    caption:
      "Load balancer nodes in service and each Auto Scaling group's instances in service, desired (dashed) and launching (dotted); rules mark the groups' launches and terminations.",
    applies: (i) => hasAutoScaling(i.timeseries),
    peak: (i) => largest(capacityData(i.timeseries, i).series) + 1,
    draw: (i, o) => nodeCountChart(capacityData(i.timeseries, i), { ...o, yLabel: "nodes / instances" }),
  },
  {
    id: "health",
    title: "Target health",
    caption: "Each target's state in the load balancer nodes' own health checks; hover a segment for its times.",
    peak: null,
    draw: (i, o) => healthSwimlanes(healthData(i), o),
  },
];

/** A chart of a run, drawn and ready to embed. */
export interface RunChart {
  id: string;
  title: string;
  caption: string;
  svg: string;
}

/** The standard charts of a finished run, drawn; `options` apply to each (width, cursor, …). */
export function runCharts(run: { result: RunResult; timeseries: TimeSeries }, options: ChartOptions = {}): RunChart[] {
  const input: RunChartInput = { ...run.result, timeseries: run.timeseries };
  const timeDomain = options.timeDomain ?? ([0, run.result.simulatedSeconds] as const);
  return RUN_CHARTS.filter((spec) => spec.applies?.(input) ?? true).map(({ id, title, caption, captionFor, draw }) => ({
    id,
    title,
    caption: captionFor?.(input) ?? caption,
    svg: draw(input, { ...options, timeDomain, title }),
  }));
}
