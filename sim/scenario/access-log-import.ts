// An access log, line by line, into a scenario that replays it (docs/design.md#importing-real-traffic):
// arrivals, clients (hashed as read, then numbered), connections, targets and their zones,
// empirical service times, and what was observed per bucket. Memory is bounded: requests are kept
// for a replay up to MAX_REPLAY (beyond that the scenario replays a rate), distinct clients up to
// MAX_CLIENTS, and everything else is counted per bucket or per distinct value.
import { type AccessLogKind, type AccessLogRecord, accessLogKind, parseAccessLogLine, pathPrefix } from "./access-log";
import {
  article,
  bucketsFor,
  count,
  FORMAT_NAMES,
  type ImportedArrivals,
  type ImportOutcome,
  isoTime,
  plural,
  sampleQuantile,
  SkippedLines,
} from "./imported";
import { ObservedBuckets, stepRate } from "./observed-buckets";
import { MAX_EMPIRICAL_POINTS } from "./service-time";
import { formatDuration } from "./units";

/** Requests kept to replay one by one: some 50 MB of arrivals.csv, within a trace file's 64 MiB. */
export const MAX_REPLAY = 1_500_000;
/** Distinct clients told apart; beyond this, clients share numbers (by their hash). */
export const MAX_CLIENTS = 1_000_000;
/** Path prefixes kept apart with --path-prefix; the rest are `other`. */
const MAX_PREFIXES = 20;
/** Distinct targets; a load balancer has at most a thousand per target group. */
const MAX_TARGETS = 10_000;
/** The window over which a target's busy time is averaged to guess its concurrency. */
const BUSY_WINDOW = 10;

/** A zone named for an IPv4 range: `--zone 10.0.1.0/24=a`. */
export interface ZoneRange {
  network: number;
  bits: number;
  zone: string;
  text: string;
}

export interface AccessLogImportOptions {
  kind: AccessLogKind;
  /** Seconds per bucket of what was observed, and the scenario's metricsInterval. */
  bucket: number;
  /** Hashes a client address as it is read; only hashes are kept. */
  hash: (address: string) => string;
  zones?: readonly ZoneRange[];
  /** Keep service times per path prefix of this many segments. */
  pathDepth?: number | null;
  /** Replay a rate trace, not the requests. */
  rateOnly?: boolean;
  name: string;
  /** The files read, for the title. */
  files: readonly string[];
}

interface Target {
  zone: string;
  subnet: string;
  requests: number;
  /** Busy seconds per BUSY_WINDOW, by window: the latest few, as lines come roughly in time order. */
  busy: Map<number, number>;
  /** The most requests held on average over a window already let go of. */
  peak: number;
}

/** Windows kept per target before the oldest is folded into its peak: ten minutes of them. */
const BUSY_WINDOWS = 64;

export class AccessLogImport {
  private readonly other: AccessLogKind;
  readonly skipped = new SkippedLines();
  /** A line of the other layout: the files are mixed, and the import stops. */
  private mixed: { path: string; message: string } | null = null;
  private lines = 0;
  private requests = 0;
  private readonly observed: ObservedBuckets;
  private readonly clients = new Map<string, number>();
  private clientOverflow = false;
  /** Set when more than MAX_TARGETS targets appeared: the rest are in no zone's count. */
  private targetOverflow = false;
  private readonly targets = new Map<string, Target>();
  private readonly subnetZones = new Map<string, string>();
  private readonly unzoned = new Set<string>();
  private readonly service = new Map<number, number>();
  private readonly prefixes = new Map<string, Map<number, number>>();
  private readonly received = new Map<number, number>();
  private readonly sent = new Map<number, number>();
  private readonly lbAnswered = new Map<number, number>();
  private targetAnswered = 0;
  private target5xx = 0;
  // The requests, for the replay, in the order read.
  private time = new Float64Array(1 << 14);
  private client = new Int32Array(1 << 14);
  private port = new Uint16Array(1 << 14);
  private serviceTime = new Float64Array(1 << 14);
  private kept = 0;
  private replayOverflow = false;

  constructor(private readonly options: AccessLogImportOptions) {
    this.other = options.kind === "application" ? "classic" : "application";
    this.observed = new ObservedBuckets(options.bucket);
  }

  /** Reads one line of `file`; false when the import cannot go on (mixed formats). */
  line(file: string, lineNumber: number, text: string): boolean {
    if (text.trim() === "") return true;
    this.lines++;
    const parsed = parseAccessLogLine(text, this.options.kind);
    if (!parsed.ok) {
      if (accessLogKind(text) === this.other && parseAccessLogLine(text, this.other).ok) {
        this.mixed = {
          path: file,
          message: `line ${lineNumber}: is ${article(FORMAT_NAMES[this.other === "application" ? "alb" : "classic"])} entry among ${FORMAT_NAMES[this.options.kind === "application" ? "alb" : "classic"]} entries (mixed formats: import them apart)`,
        };
        return false;
      }
      this.skipped.add(file, lineNumber, parsed.message);
      return true;
    }
    this.add(parsed.record);
    return true;
  }

  private add(r: AccessLogRecord): void {
    this.requests++;
    const o = this.observed;
    const at = r.arrival;
    const done = at + (r.total ?? 0);
    o.count("RequestCount", "lb", at);
    o.count("ProcessedBytes", "lb", at, r.receivedBytes + r.sentBytes);
    sample(this.received, roundBytes(r.receivedBytes));
    sample(this.sent, roundBytes(r.sentBytes));
    if (r.target !== null) {
      const target = this.target(r.target);
      if (target) {
        target.requests++;
        // As the simulator counts a zone's requests: those its targets took (docs/design.md#metric-definitions).
        if (r.targetStatus !== null) o.count("RequestCount", `zone=${target.zone}`, at);
        if (r.targetProcessing !== null) busy(target, Math.floor(at / BUSY_WINDOW), r.targetProcessing);
      }
    }
    if (r.targetStatus === null) {
      // The load balancer answered itself (docs/aws-behaviour.md#access-log-entries).
      const status = r.elbStatus ?? 0;
      this.lbAnswered.set(status, (this.lbAnswered.get(status) ?? 0) + 1);
      if (status >= 500) {
        o.count("HTTPCode_ELB_5XX_Count", "lb", done);
        if (status === 502 || status === 503 || status === 504) o.count(`HTTPCode_ELB_${status}_Count`, "lb", done);
      }
    } else {
      this.targetAnswered++;
      if (r.targetStatus >= 500) {
        this.target5xx++;
        o.count("HTTPCode_Target_5XX_Count", "lb", done);
      } else o.count("HTTPCode_Target_2XX_Count", "lb", done);
      if (r.total !== null) o.latency(done, r.total);
    }
    let service = Number.NaN;
    if (r.targetProcessing !== null) {
      // A service time is at least 1 µs (the schema's bound); 4 significant digits keep the
      // distinct values few (a millisecond log has them already).
      service = Math.max(1e-6, Number(r.targetProcessing.toPrecision(4)));
      o.mean("TargetResponseTime", "lb", done, r.targetProcessing);
      sample(this.service, service);
      if (this.options.pathDepth) this.prefixSample(pathPrefix(r.path, this.options.pathDepth), service);
    }
    this.keep(at, this.clientNumber(r.client), r.clientPort, service);
  }

  private clientNumber(address: string): number {
    const hash = this.options.hash(address);
    let c = this.clients.get(hash);
    if (c === undefined) {
      if (this.clients.size < MAX_CLIENTS) {
        c = this.clients.size;
        this.clients.set(hash, c);
      } else {
        this.clientOverflow = true;
        c = Number.parseInt(hash.slice(0, 8), 16) % MAX_CLIENTS || 0;
      }
    }
    return c;
  }

  private target(address: string): Target | null {
    let t = this.targets.get(address);
    if (t) return t;
    if (this.targets.size >= MAX_TARGETS) {
      this.targetOverflow = true;
      return null;
    }
    const host = address.slice(0, address.lastIndexOf(":"));
    const ranges = this.options.zones ?? [];
    let zone: string | undefined;
    let subnet = "";
    if (ranges.length > 0) {
      const ip = ipv4(host);
      const range = ip === null ? undefined : ranges.find((z) => inRange(ip, z));
      zone = range?.zone;
      subnet = range?.text ?? "";
      if (!zone) this.unzoned.add(host);
    } else {
      // AWS subnets lie in one zone; a /24 (IPv6: /64) is taken for a subnet.
      subnet = host.includes(":")
        ? `${host.split(":").slice(0, 4).join(":")}::/64`
        : `${host.replace(/\.\d+$/, "")}.0/24`;
      zone = this.subnetZones.get(subnet);
      if (!zone) {
        zone = zoneLetter(this.subnetZones.size);
        this.subnetZones.set(subnet, zone);
      }
    }
    t = { zone: zone ?? "unzoned", subnet, requests: 0, busy: new Map(), peak: 0 };
    this.targets.set(address, t);
    return t;
  }

  private prefixSample(prefix: string, service: number): void {
    let counts = this.prefixes.get(prefix);
    if (!counts) {
      if (this.prefixes.size >= MAX_PREFIXES) prefix = "other";
      counts = this.prefixes.get(prefix) ?? new Map();
      this.prefixes.set(prefix, counts);
    }
    if (counts.size < MAX_EMPIRICAL_POINTS || counts.has(service)) sample(counts, service);
  }

  private keep(at: number, client: number, port: number, service: number): void {
    if (this.options.rateOnly || this.replayOverflow) return;
    if (this.kept >= MAX_REPLAY) {
      this.replayOverflow = true;
      this.time = new Float64Array(0);
      this.client = new Int32Array(0);
      this.port = new Uint16Array(0);
      this.serviceTime = new Float64Array(0);
      return;
    }
    if (this.kept === this.time.length) {
      const size = Math.min(MAX_REPLAY, this.time.length * 2);
      this.time = grow(this.time, size);
      this.client = grow(this.client, size);
      this.port = grow(this.port, size);
      this.serviceTime = grow(this.serviceTime, size);
    }
    const k = this.kept++;
    this.time[k] = at;
    this.client[k] = client;
    this.port[k] = port;
    this.serviceTime[k] = service;
  }

  finish(): ImportOutcome {
    const { options, observed } = this;
    const format = options.kind === "application" ? "alb" : "classic";
    if (this.mixed) return { ok: false, errors: [this.mixed] };
    if (this.requests === 0) {
      const what = `is not ${article(FORMAT_NAMES[format])}`;
      const first = this.skipped.errors;
      return {
        ok: false,
        errors: [
          {
            path: options.files.join(", "),
            message: this.lines === 0 ? "has no lines" : `${what}: no line could be read`,
          },
          ...first,
        ],
      };
    }
    if (observed.overflow)
      return {
        ok: false,
        errors: [
          {
            path: "--bucket",
            message: `the log spans more than ${count(100_000)} buckets of ${formatDuration(options.bucket)}: give a longer one`,
          },
        ],
      };
    if (this.unzoned.size > 0)
      return {
        ok: false,
        errors: [
          {
            path: "--zone",
            message: `no range holds target${this.unzoned.size > 1 ? "s" : ""} ${[...this.unzoned].slice(0, 3).join(", ")}${this.unzoned.size > 3 ? ` and ${this.unzoned.size - 3} more` : ""}`,
          },
        ],
      };
    const origin = observed.origin;
    const buckets = bucketsFor(observed.first, observed.last, options.bucket);
    const duration = buckets * options.bucket;
    if (duration > 30 * 86400)
      return {
        ok: false,
        errors: [
          { path: options.files.join(", "), message: "spans more than 30 days, the longest run a scenario allows" },
        ],
      };
    const series = observed.timeseries(origin, buckets);
    const replay = !options.rateOnly && !this.replayOverflow;
    const arrivals = replay ? this.arrivals(origin) : null;

    // Targets by zone, in the order their zones were first seen.
    const zones = [...new Set([...this.targets.values()].map((t) => t.zone))];
    const concurrency = this.concurrencyGuess();
    const hasService = this.service.size > 0;
    const serviceTime = hasService ? { distribution: "empirical", trace: "service-times.csv" } : "50ms";
    const targets =
      zones.length > 0
        ? zones.map((zone) => ({
            zone,
            count: [...this.targets.values()].filter((t) => t.zone === zone).length,
            concurrency,
            serviceTime,
          }))
        : [{ zone: "a", count: 1, concurrency, serviceTime }];
    const clients = Math.max(1, this.clients.size);
    const connection = { keepAlive: true, maxRequests: "unlimited" };
    const lbRequests = series.series.find((s) => s.metric === "RequestCount" && s.dimension === "lb")!.values;
    const tables: Record<string, { header: string; rows: (number | string)[][] }> = {};
    if (hasService) tables["service-times.csv"] = serviceTable(this.service);
    for (const [prefix, counts] of this.prefixes)
      tables[`service-times${prefixSlug(prefix)}.csv`] = serviceTable(counts);
    if (!replay)
      tables["rate.csv"] = { header: "time,rps", rows: stepRate(lbRequests, options.bucket).map((p) => [p.at, p.rps]) };
    const group = replay
      ? { name: "observed", count: clients, connection, arrivals: { trace: "arrivals.csv" } }
      : { name: "observed", count: clients, connection, rate: { trace: "rate.csv" } };

    const kindName = FORMAT_NAMES[format];
    const start = isoTime(origin);
    const guesses = [
      `target concurrency ${concurrency} (the most requests one target held on average over ${BUSY_WINDOW} s)`,
      this.options.zones?.length ? null : "zones (one per /24 subnet of the targets)",
      "node capacity (unlimited)",
      hasService ? null : "service time (50 ms: no line had a target processing time)",
    ].filter(Boolean);
    const scenario = {
      version: 1,
      name: options.name,
      title: `${kindName} from ${start}, ${formatDuration(duration)}`,
      description: [
        `Imported by elbsim import from ${plural(options.files.length, "file")} (${options.files.map(baseName).join(", ")}):`,
        `${count(this.requests)} requests from ${start}, ${replay ? "replayed one by one" : "replayed as a rate"}.`,
        `Service times are the targets' processing times, which include any wait inside a target.`,
        `Not in the log, so guessed: ${guesses.join("; ")}. Compare the run with what was observed, then adjust them.`,
      ].join(" "),
      seed: 1,
      duration,
      metricsInterval: options.bucket,
      zones: zones.length > 0 ? zones : ["a"],
      loadBalancer: { type: options.kind },
      targets,
      clients: [group],
      observed: { trace: "observed.csv" },
    };
    return {
      ok: true,
      result: {
        scenario,
        comment: `Written by elbsim import from ${options.files.map(baseName).join(", ")}: what the log does not give is a guess (see description).`,
        tables,
        arrivals,
        observed: series,
        summary: this.summary(duration, start, replay, concurrency, arrivals),
        skipped: { errors: this.skipped.errors, count: this.skipped.count },
      },
    };
  }

  /** The kept requests in time order, from `origin`, with their connections numbered per client. */
  private arrivals(origin: number): ImportedArrivals {
    const n = this.kept;
    const order = Array.from({ length: n }, (_, i) => i);
    const { time, client, port, serviceTime } = this;
    order.sort((a, b) => time[a] - time[b] || a - b);
    const out: ImportedArrivals = {
      time: new Float64Array(n),
      client: new Int32Array(n),
      connection: new Int32Array(n),
      service: new Float64Array(n),
    };
    const clients = Math.max(1, this.clients.size, MAX_CLIENTS * Number(this.clientOverflow));
    const lastPort = new Int32Array(clients).fill(-1);
    const opened = new Int32Array(clients);
    order.forEach((i, k) => {
      const c = client[i];
      // A connection is a run of a client's requests from one port.
      if (lastPort[c] !== port[i]) {
        lastPort[c] = port[i];
        opened[c]++;
      }
      out.time[k] = Math.max(0, Math.round((time[i] - origin) * 1e6) / 1e6);
      out.client[k] = c;
      out.connection[k] = opened[c] - 1;
      out.service[k] = serviceTime[i];
    });
    return out;
  }

  /** The most requests one target held on average over a window, rounded up: a guess at its concurrency. */
  private concurrencyGuess(): number {
    let busiest = 0;
    for (const t of this.targets.values()) {
      busiest = Math.max(busiest, t.peak);
      for (const s of t.busy.values()) busiest = Math.max(busiest, s / BUSY_WINDOW);
    }
    return Math.min(100_000, Math.max(1, Math.ceil(busiest)));
  }

  private summary(
    duration: number,
    start: string,
    replay: boolean,
    concurrency: number,
    arrivals: ImportedArrivals | null,
  ): string[] {
    const o = this.options;
    const kindName = FORMAT_NAMES[o.kind === "application" ? "alb" : "classic"];
    const lines = [
      `Read ${plural(o.files.length, "file")} (${kindName}): ${plural(this.lines, "line")}, ${plural(this.requests, "request")}${this.skipped.count > 0 ? `, ${plural(this.skipped.count, "line")} skipped` : ""}`,
      `From ${start} for ${formatDuration(duration)}, in buckets of ${formatDuration(o.bucket)}`,
    ];
    const opened = arrivals ? countConnections(arrivals) : null;
    lines.push(
      `Clients: ${count(this.clients.size)} addresses (hashed as read, none kept)${this.clientOverflow ? `; beyond ${count(MAX_CLIENTS)} they share numbers` : ""}${opened !== null ? `, ${plural(opened, "connection")} (runs of requests from one port)` : ""}`,
    );
    const zones = new Map<string, { targets: number; subnets: Set<string> }>();
    for (const t of this.targets.values()) {
      const z = zones.get(t.zone) ?? { targets: 0, subnets: new Set() };
      z.targets++;
      z.subnets.add(t.subnet);
      zones.set(t.zone, z);
    }
    lines.push(
      `Targets: ${this.targets.size}${this.targetOverflow ? ` (the first ${count(MAX_TARGETS)}; the others are counted in no zone)` : ""} in ${plural(zones.size, "zone")}${zones.size > 0 ? ` (${[...zones].map(([zone, z]) => `${zone}: ${z.targets} in ${[...z.subnets].join(" ")}`).join(", ")})` : ""}`,
    );
    const byLb = [...this.lbAnswered].sort((a, b) => b[1] - a[1]);
    const lbTotal = byLb.reduce((n, [, c]) => n + c, 0);
    lines.push(
      `Answered by targets: ${count(this.targetAnswered)} (5xx: ${count(this.target5xx)}); by the load balancer itself: ${count(lbTotal)}${byLb.length > 0 ? ` (${byLb.map(([s, c]) => `${s || "-"}: ${count(c)}`).join(", ")})` : ""}`,
    );
    if (this.service.size > 0) {
      lines.push(`Target processing time: ${quantiles(this.service)}`);
      for (const [prefix, counts] of [...this.prefixes].sort((a, b) => total(b[1]) - total(a[1])))
        lines.push(`  ${prefix}: ${quantiles(counts)}`);
    }
    lines.push(
      `Request sizes: p50 ${bytes(sampleQuantile(this.received, 0.5))}, p99 ${bytes(sampleQuantile(this.received, 0.99))}; response sizes: p50 ${bytes(sampleQuantile(this.sent, 0.5))}, p99 ${bytes(sampleQuantile(this.sent, 0.99))}`,
    );
    lines.push(
      replay
        ? `Replay: every request, at its time, from its client, on its connection, with its target processing time`
        : `Replay: a rate trace of requests per bucket${this.replayOverflow ? ` (more than ${count(MAX_REPLAY)} requests to replay one by one)` : ""}`,
    );
    lines.push(
      `Guessed: target concurrency ${concurrency} (the most one target held, on average over ${BUSY_WINDOW} s)`,
    );
    return lines;
  }
}

/** Adds busy seconds to a target's window, folding its oldest window into its peak when it holds too many. */
function busy(target: Target, window: number, seconds: number): void {
  target.busy.set(window, (target.busy.get(window) ?? 0) + seconds);
  if (target.busy.size <= BUSY_WINDOWS) return;
  let oldest = Infinity;
  for (const w of target.busy.keys()) if (w < oldest) oldest = w;
  target.peak = Math.max(target.peak, target.busy.get(oldest)! / BUSY_WINDOW);
  target.busy.delete(oldest);
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

function sample(counts: Map<number, number>, value: number): void {
  if (counts.size >= MAX_EMPIRICAL_POINTS && !counts.has(value)) return;
  counts.set(value, (counts.get(value) ?? 0) + 1);
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

function serviceTable(counts: ReadonlyMap<number, number>) {
  return { header: "seconds,count", rows: [...counts].sort((a, b) => a[0] - b[0]) };
}

/** `/api/items` → `-api-items`; the root → `-root`. */
function prefixSlug(prefix: string): string {
  const slug = prefix
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/-+$/, "");
  return slug === "" || slug === "-" ? "-root" : slug.startsWith("-") ? slug : `-${slug}`;
}

function grow<T extends Float64Array | Int32Array | Uint16Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}

/** Sizes to two significant digits, so their distinct values stay few. */
function roundBytes(n: number): number {
  return n < 100 ? n : Number(n.toPrecision(2));
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

function baseName(file: string): string {
  return file.replace(/^.*[\\/]/, "");
}

/** a, b, … z, then z1, z2, …: zone names the schema accepts. */
function zoneLetter(k: number): string {
  return k < 26 ? String.fromCharCode(97 + k) : `z${k - 25}`;
}

function ipv4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

function inRange(ip: number, range: ZoneRange): boolean {
  if (range.bits === 0) return true;
  const shift = 32 - range.bits;
  return ip >>> shift === range.network >>> shift;
}

/** `10.0.1.0/24=a` as a zone range; a message when it is not one. */
export function parseZoneRange(text: string): ZoneRange | string {
  const m = /^([\d.]+)\/(\d{1,2})=([a-z0-9]+)$/.exec(text);
  const ip = m ? ipv4(m[1]) : null;
  if (!m || ip === null || Number(m[2]) > 32)
    return `must be an IPv4 range and a zone name, such as 10.0.1.0/24=a, got ${text}`;
  return { network: ip, bits: Number(m[2]), zone: m[3], text: `${m[1]}/${m[2]}` };
}
