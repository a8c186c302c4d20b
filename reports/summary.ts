// The human summary `elbsim run` prints (docs/design.md#the-command-line): a few aligned tables to read at a
// glance — traffic, errors, latency, where requests went (zones, targets, nodes), scaling and
// the log. Everything is in --json; this is the part people look at first.
import { errorCount, errorRate } from "../sim/metrics/key-metrics";
import type { ClientResult, LogEntry, NodeResult, RunResult, TargetResult, TimeSeries } from "../sim/metrics/result";
import type { JudgedThreshold } from "../sim/metrics/thresholds";
import {
  MISSING,
  formatClock as clock,
  formatCount as count,
  formatElapsed as seconds,
  formatLatency as ms,
  formatPercent as percent,
  formatRate as rate,
  statusLabel,
} from "./format";
import { unusedSlots } from "./charts/from-run";
import { capacityItems, costItems } from "./cost-lines";
import { type Align, formatTable } from "./table";
import { thresholdLines } from "./thresholds";

export interface SummaryContext {
  /** The scenario's title (the result carries only its name). */
  title: string;
  /** The run's metric buckets, for what the result does not total per node (surge queue, spillover). */
  timeseries?: TimeSeries;
  /** The scenario's thresholds, judged on this run: shown last, where a terminal leaves the eye. */
  thresholds?: readonly JudgedThreshold[];
}

const MAX_NODES = 12;
const MAX_LOG = 10;

export function formatSummary(result: RunResult, { title, timeseries, thresholds = [] }: SummaryContext): string {
  const out: string[] = [];
  const r = result.requests;
  const which = [result.scenario, result.variant ? `variant ${result.variant}` : null].filter(Boolean).join(", ");
  out.push(title === result.scenario ? title : `${title}  (${which})`, `seed ${result.seed}   digest ${result.digest}`);
  const wall = result.wallSeconds;
  const speed = wall > 0 ? ` (${rate(r.total / wall)} requests/s, ${rate(result.events / wall)} events/s)` : "";
  out.push(`${clock(result.simulatedSeconds)} simulated in ${seconds(wall)} wall${speed}`, "");

  // A network load balancer's series are layer 4: its errors are resets, its capacity units NLCUs,
  // and behind its static addresses the controller adds capacity units, not nodes
  // (docs/design.md#network-capacity-behind-static-addresses).
  const network = timeseries?.series.some((s) => s.metric === "TCP_ELB_Reset_Count") ?? false;
  const unit = network ? "NLCU" : "LCU";
  const errors = errorCount(r);
  out.push(
    row("Requests", [
      // With client groups that retry, the requests the load balancer counts are the attempts.
      `${count(r.total)} total${result.clients ? " (attempts at the load balancer)" : ""}`,
      `${count(r.ok)} ok`,
      `${percent(errorRate(r))} errors`,
      `${count(r.spillover)} spillover`,
    ]),
  );
  if (errors > 0) {
    const statuses = Object.entries(r.byStatus).map(([status, n]) => `${statusLabel(status)} × ${count(n)}`);
    out.push(row("Errors", [...statuses, `(load balancer ${count(r.elb5xx)}, targets ${count(r.target5xx)})`]));
  }
  const l = result.latency;
  out.push(row("Latency", [`mean ${ms(l.mean)}`, `p50 ${ms(l.p50)}`, `p90 ${ms(l.p90)}`, `p99 ${ms(l.p99)}`]), "");
  if (result.clients) out.push(...clientLines(result.clients), "");
  if (result.capacity) out.push(row("Capacity", capacityItems(result.capacity, unit)));
  if (result.cost) out.push(row("Cost", costItems(result.cost, result.capacity !== undefined, unit)));
  if (result.capacity || result.cost) out.push("");

  out.push(...zoneTable(result), "", ...nodeTable(result.nodes, timeseries));
  if (result.scaling.length > 0) {
    const units = network ? "capacity unit" : "node";
    out.push(
      "",
      ...result.scaling.map((s, i) =>
        row(i === 0 ? "Scaling" : "", [
          `${clock(s.at)} ${s.action} → ${s.nodesPerZone} ${units}${s.nodesPerZone === 1 ? "" : "s"} per zone, ${readyText(s.readyAt, result.simulatedSeconds)}`,
        ]),
      ),
    );
  }
  if (result.autoScaling) {
    out.push(
      "",
      ...result.autoScaling.map((g, i) =>
        row(i === 0 ? "Groups" : "", [
          `${g.name}: ${count(g.launches)} launched`,
          `${count(g.terminations)} terminated${g.replacements > 0 ? ` (${count(g.replacements)} unhealthy)` : ""}`,
          `desired peak ${g.peakDesired}, end ${g.desired}`,
          `${g.inService} in service at the end`,
        ]),
      ),
    );
  }
  if (result.log.length > 0) out.push("", ...logLines(result.log));
  if (thresholds.length > 0) out.push("", ...thresholdLines(thresholds));
  return `${out.join("\n")}\n`;
}

/** When a scaling action's last node was ready, or that it was still provisioning when the run ended. */
function readyText(readyAt: number, end: number): string {
  return readyAt > end ? `not all ready by the end (due ${clock(readyAt)})` : `ready ${clock(readyAt)}`;
}

/** Per zone: its share, and how evenly its targets shared it. */
/**
 * What each group's clients saw of their own requests (timeouts, retries, breaker): the requests
 * above are the attempts that reached the load balancer.
 */
function clientLines(clients: readonly ClientResult[]): string[] {
  return clients.flatMap((c) => {
    const retries = Object.entries(c.retries).map(([why, n]) => `${why.replaceAll("_", " ")} × ${count(n)}`);
    const latency = c.latency;
    return [
      row("Clients", [
        `${c.name}: ${count(c.requests)} requests`,
        `${count(c.succeeded)} ok (${count(c.succeededAfterRetry)} after retries)`,
        `${count(c.failed)} failed`,
        `${count(c.attempts)} attempts (× ${c.amplification.toFixed(2)})`,
      ]),
      row("", [
        `retries ${retries.length > 0 ? retries.join(", ") : "none"}`,
        `${count(c.timeouts)} attempts timed out`,
        ...(c.connectTimeouts !== undefined ? [`${count(c.connectTimeouts)} connect timeouts`] : []),
        ...(c.rateLimited !== undefined ? [`${count(c.rateLimited)} held by the rate limiter`] : []),
        ...(c.circuitOpen > 0 ? [`${count(c.circuitOpen)} failed fast (breaker open)`] : []),
      ]),
      row("", [
        `latency of those ok, retries included: mean ${ms(latency.mean)}`,
        `p50 ${ms(latency.p50)}`,
        `p90 ${ms(latency.p90)}`,
        `p99 ${ms(latency.p99)}`,
      ]),
    ];
  });
}

function zoneTable(result: RunResult): string[] {
  // An Auto Scaling group's slots that never held an instance are not targets of this run.
  const unused = unusedSlots(result);
  const byZone = new Map<string, TargetResult[]>();
  for (const t of result.targets) if (!unused.has(t.id)) byZone.set(t.zone, [...(byZone.get(t.zone) ?? []), t]);
  const rows = result.zones.map((z) => {
    const targets = byZone.get(z.zone) ?? [];
    const busy = targets.filter((t) => t.requests > 0);
    return [
      z.zone,
      percent(z.share),
      count(z.requests),
      String(targets.length),
      range(
        targets.map((t) => t.share),
        percent,
      ),
      busy.length
        ? range(
            busy.map((t) => t.latencyMean),
            ms,
          )
        : MISSING,
    ];
  });
  return table(["zone", "share", "requests", "targets", "share per target", "latency per target"], rows, [1, 2, 3]);
}

/** Per node: its share, and (when any node queued) its largest surge queue and its spillover. */
function nodeTable(nodes: readonly NodeResult[], timeseries: TimeSeries | undefined): string[] {
  let shown = [...nodes];
  if (shown.length > MAX_NODES) shown = shown.sort((a, b) => b.requests - a.requests).slice(0, MAX_NODES);
  const late = nodes.some((n) => n.launchedAt > 0 || n.retiredAt !== null);
  const surge = seriesBy(timeseries, "SurgeQueueLength", Math.max);
  const spillover = seriesBy(timeseries, "SpilloverCount", (a, b) => a + b);
  const queued = nodes.some((n) => (surge.get(`node=${n.id}`) ?? 0) > 0);
  const rows = shown.map((n) => [
    n.id,
    n.zone,
    percent(n.share),
    count(n.requests),
    ...(queued ? [count(surge.get(`node=${n.id}`) ?? 0), count(spillover.get(`node=${n.id}`) ?? 0)] : []),
    ...(late
      ? [
          clock(n.launchedAt),
          n.inDnsAt === null ? MISSING : clock(n.inDnsAt),
          n.retiredAt === null ? MISSING : clock(n.retiredAt),
        ]
      : []),
  ]);
  const header = [
    "node",
    "zone",
    "share",
    "requests",
    ...(queued ? ["max surge queue", "spillover"] : []),
    ...(late ? ["launched", "in DNS", "retired"] : []),
  ];
  const lines = table(header, rows, queued ? [2, 3, 4, 5] : [2, 3]);
  if (nodes.length > shown.length)
    lines.push(`${nodes.length - shown.length} more nodes (the busiest shown; all in --json)`);
  return lines;
}

/** One metric folded over its buckets, by dimension (NaN buckets skipped). */
function seriesBy(
  timeseries: TimeSeries | undefined,
  metric: string,
  fold: (a: number, b: number) => number,
): Map<string, number> {
  const totals = new Map<string, number>();
  for (const s of timeseries?.series ?? []) {
    if (s.metric !== metric) continue;
    let total = 0;
    for (const v of s.values) if (!Number.isNaN(v)) total = fold(total, v);
    totals.set(s.dimension, total);
  }
  return totals;
}

function logLines(log: readonly LogEntry[]): string[] {
  const types = new Map<string, number>();
  for (const e of log) types.set(e.type, (types.get(e.type) ?? 0) + 1);
  const counts = [...types].map(([type, n]) => `${count(n)} ${type}`).join(", ");
  const more = log.length > MAX_LOG ? ` (first ${MAX_LOG}; all in --json)` : "";
  const entries = log.slice(0, MAX_LOG).map(({ at, type, ...rest }) => {
    const details = Object.entries(rest)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    return `  ${clock(at).padStart(8)}  ${type.padEnd(12)} ${details}`;
  });
  return [row("Log", [`${counts}${more}`]), ...entries];
}

/** A label in a fixed column, then items separated by wide gaps. */
function row(label: string, items: readonly string[]): string {
  return `${label.padEnd(10)}${items.join("   ")}`;
}

/** Left-aligned columns, except those listed in `right`. */
function table(header: readonly string[], rows: readonly string[][], right: readonly number[]): string[] {
  const align = header.map((_, c): Align => (right.includes(c) ? "right" : "left"));
  return formatTable(rows, { header, align }).split("\n");
}

/** `6.25 %`, or `6.1 – 6.4 %` when values differ once formatted. */
function range(values: readonly number[], format: (x: number) => string): string {
  if (values.length === 0) return MISSING;
  const low = format(Math.min(...values));
  const high = format(Math.max(...values));
  if (low === high) return low;
  const [lowValue, lowUnit] = splitUnit(low);
  const [highValue, highUnit] = splitUnit(high);
  return lowUnit === highUnit ? `${lowValue} – ${highValue} ${highUnit}` : `${low} – ${high}`;
}

function splitUnit(text: string): [string, string] {
  const space = text.lastIndexOf(" ");
  return space < 0 ? [text, ""] : [text.slice(0, space), text.slice(space + 1)];
}
