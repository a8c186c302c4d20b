// What `elbsim import` prints about an access log it read: files, clients, targets by zone, who
// answered, processing times and sizes, and what it had to guess.
import type { AccessLogKind } from "./access-log";
import { count, FORMAT_NAMES, type ImportedArrivals, plural, sampleQuantile } from "./imported";
import { BUSY_WINDOW, type ImportedTargets, MAX_TARGETS } from "./imported-targets";
import { MAX_REPLAY } from "./replay-requests";
import { formatDuration } from "./units";

/** What was counted while the log was read. */
export interface AccessLogTally {
  kind: AccessLogKind;
  files: readonly string[];
  bucket: number;
  lines: number;
  requests: number;
  skipped: number;
  clients: number;
  /** Distinct clients beyond this many share numbers; null when they did not. */
  clientLimit: number | null;
  targets: ImportedTargets;
  /** Requests the load balancer answered itself, by status. */
  lbAnswered: ReadonlyMap<number, number>;
  targetAnswered: number;
  target5xx: number;
  /** Counts by target processing time, overall and by path prefix. */
  service: ReadonlyMap<number, number>;
  prefixes: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** Counts by (rounded) request and response size. */
  received: ReadonlyMap<number, number>;
  sent: ReadonlyMap<number, number>;
  replayOverflow: boolean;
}

export function accessLogSummary(
  o: AccessLogTally,
  duration: number,
  start: string,
  replay: boolean,
  concurrency: number,
  arrivals: ImportedArrivals | null,
): string[] {
  const kindName = FORMAT_NAMES[o.kind === "application" ? "alb" : "classic"];
  const lines = [
    `Read ${plural(o.files.length, "file")} (${kindName}): ${plural(o.lines, "line")}, ${plural(o.requests, "request")}${o.skipped > 0 ? `, ${plural(o.skipped, "line")} skipped` : ""}`,
    `From ${start} for ${formatDuration(duration)}, in buckets of ${formatDuration(o.bucket)}`,
  ];
  const opened = arrivals ? countConnections(arrivals) : null;
  lines.push(
    `Clients: ${count(o.clients)} addresses (hashed as read, none kept)${o.clientLimit !== null ? `; beyond ${count(o.clientLimit)} they share numbers` : ""}${opened !== null ? `, ${plural(opened, "connection")} (runs of requests from one port)` : ""}`,
  );
  const zones = new Map<string, { targets: number; subnets: Set<string> }>();
  for (const t of o.targets.byAddress.values()) {
    const z = zones.get(t.zone) ?? { targets: 0, subnets: new Set() };
    z.targets++;
    z.subnets.add(t.subnet);
    zones.set(t.zone, z);
  }
  lines.push(
    `Targets: ${o.targets.byAddress.size}${o.targets.overflow ? ` (the first ${count(MAX_TARGETS)}; the others are counted in no zone)` : ""} in ${plural(zones.size, "zone")}${zones.size > 0 ? ` (${[...zones].map(([zone, z]) => `${zone}: ${z.targets} in ${[...z.subnets].join(" ")}`).join(", ")})` : ""}`,
  );
  const byLb = [...o.lbAnswered].sort((a, b) => b[1] - a[1]);
  const lbTotal = byLb.reduce((n, [, c]) => n + c, 0);
  lines.push(
    `Answered by targets: ${count(o.targetAnswered)} (5xx: ${count(o.target5xx)}); by the load balancer itself: ${count(lbTotal)}${byLb.length > 0 ? ` (${byLb.map(([s, c]) => `${s || "-"}: ${count(c)}`).join(", ")})` : ""}`,
  );
  if (o.service.size > 0) {
    lines.push(`Target processing time: ${quantiles(o.service)}`);
    for (const [prefix, counts] of [...o.prefixes].sort((a, b) => total(b[1]) - total(a[1])))
      lines.push(`  ${prefix}: ${quantiles(counts)}`);
  }
  lines.push(
    `Request sizes: p50 ${bytes(sampleQuantile(o.received, 0.5))}, p99 ${bytes(sampleQuantile(o.received, 0.99))}; response sizes: p50 ${bytes(sampleQuantile(o.sent, 0.5))}, p99 ${bytes(sampleQuantile(o.sent, 0.99))}`,
  );
  lines.push(
    replay
      ? `Replay: every request, at its time, from its client, on its connection, with its target processing time`
      : `Replay: a rate trace of requests per bucket${o.replayOverflow ? ` (more than ${count(MAX_REPLAY)} requests to replay one by one)` : ""}`,
  );
  lines.push(`Guessed: target concurrency ${concurrency} (the most one target held, on average over ${BUSY_WINDOW} s)`);
  return lines;
}

/** Connections opened in a replay: each client's highest connection number, plus one. */
function countConnections(arrivals: ImportedArrivals): number {
  const top = new Map<number, number>();
  for (let k = 0; k < arrivals.client.length; k++)
    top.set(arrivals.client[k], Math.max(top.get(arrivals.client[k]) ?? -1, arrivals.connection[k]));
  let n = 0;
  for (const v of top.values()) n += v + 1;
  return n;
}

function total(counts: ReadonlyMap<number, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
}

function quantiles(counts: ReadonlyMap<number, number>): string {
  const q = (p: number) => ms(sampleQuantile(counts, p));
  return `p50 ${q(0.5)}, p90 ${q(0.9)}, p99 ${q(0.99)} (${plural(total(counts), "request")})`;
}

function ms(seconds: number): string {
  if (!Number.isFinite(seconds)) return "–";
  return seconds >= 10 ? `${seconds.toFixed(1)} s` : `${Number((seconds * 1000).toPrecision(3))} ms`;
}

function bytes(n: number): string {
  if (!Number.isFinite(n)) return "–";
  if (n < 1000) return `${n} B`;
  return n < 1e6 ? `${Number((n / 1000).toPrecision(2))} kB` : `${Number((n / 1e6).toPrecision(2))} MB`;
}
