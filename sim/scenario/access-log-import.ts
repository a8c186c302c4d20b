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
  type ImportOutcome,
  isoTime,
  plural,
  SkippedLines,
} from "./imported";
import { accessLogSummary, type AccessLogTally } from "./access-log-summary";
import { BUSY_WINDOW, busy, ImportedTargets } from "./imported-targets";
import { ObservedBuckets, stepRate } from "./observed-buckets";
import { ReplayRequests } from "./replay-requests";
import { MAX_EMPIRICAL_POINTS } from "./service-time";
import { formatDuration } from "./units";
import type { ZoneRange } from "./zone-ranges";

export { parseZoneRange, type ZoneRange } from "./zone-ranges";

/** Distinct clients told apart; beyond this, clients share numbers (by their hash). */
export const MAX_CLIENTS = 1_000_000;
/** Path prefixes kept apart with --path-prefix; the rest are `other`. */
const MAX_PREFIXES = 20;

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
  private readonly targets: ImportedTargets;
  private readonly service = new Map<number, number>();
  private readonly prefixes = new Map<string, Map<number, number>>();
  private readonly received = new Map<number, number>();
  private readonly sent = new Map<number, number>();
  private readonly lbAnswered = new Map<number, number>();
  private targetAnswered = 0;
  private target5xx = 0;
  private readonly replay = new ReplayRequests();

  constructor(private readonly options: AccessLogImportOptions) {
    this.other = options.kind === "application" ? "classic" : "application";
    this.observed = new ObservedBuckets(options.bucket);
    this.targets = new ImportedTargets(options.zones ?? []);
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
      const target = this.targets.get(r.target);
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
    const client = this.clientNumber(r.client);
    if (!this.options.rateOnly) this.replay.keep(at, client, r.clientPort, service);
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

  private prefixSample(prefix: string, service: number): void {
    let counts = this.prefixes.get(prefix);
    if (!counts) {
      if (this.prefixes.size >= MAX_PREFIXES) prefix = "other";
      counts = this.prefixes.get(prefix) ?? new Map();
      this.prefixes.set(prefix, counts);
    }
    if (counts.size < MAX_EMPIRICAL_POINTS || counts.has(service)) sample(counts, service);
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
    const unzoned = this.targets.unzoned;
    if (unzoned.size > 0)
      return {
        ok: false,
        errors: [
          {
            path: "--zone",
            message: `no range holds target${unzoned.size > 1 ? "s" : ""} ${[...unzoned].slice(0, 3).join(", ")}${unzoned.size > 3 ? ` and ${unzoned.size - 3} more` : ""}`,
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
    const replay = !options.rateOnly && !this.replay.overflow;
    const clientNumbers = Math.max(1, this.clients.size, MAX_CLIENTS * Number(this.clientOverflow));
    const arrivals = replay ? this.replay.arrivals(origin, clientNumbers) : null;

    // Targets by zone, in the order their zones were first seen.
    const zones = [...new Set([...this.targets.byAddress.values()].map((t) => t.zone))];
    const concurrency = this.targets.concurrencyGuess();
    const hasService = this.service.size > 0;
    const serviceTime = hasService ? { distribution: "empirical", trace: "service-times.csv" } : "50ms";
    const targets =
      zones.length > 0
        ? zones.map((zone) => ({
            zone,
            count: [...this.targets.byAddress.values()].filter((t) => t.zone === zone).length,
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
        summary: accessLogSummary(this.tally(), duration, start, replay, concurrency, arrivals),
        skipped: { errors: this.skipped.errors, count: this.skipped.count },
      },
    };
  }

  private tally(): AccessLogTally {
    const { kind, files, bucket } = this.options;
    return {
      kind,
      files,
      bucket,
      lines: this.lines,
      requests: this.requests,
      skipped: this.skipped.count,
      clients: this.clients.size,
      clientLimit: this.clientOverflow ? MAX_CLIENTS : null,
      targets: this.targets,
      lbAnswered: this.lbAnswered,
      targetAnswered: this.targetAnswered,
      target5xx: this.target5xx,
      service: this.service,
      prefixes: this.prefixes,
      received: this.received,
      sent: this.sent,
      replayOverflow: this.replay.overflow,
    };
  }
}

function sample(counts: Map<number, number>, value: number): void {
  if (counts.size >= MAX_EMPIRICAL_POINTS && !counts.has(value)) return;
  counts.set(value, (counts.get(value) ?? 0) + 1);
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

/** Sizes to two significant digits, so their distinct values stay few. */
function roundBytes(n: number): number {
  return n < 100 ? n : Number(n.toPrecision(2));
}

function baseName(file: string): string {
  return file.replace(/^.*[\\/]/, "");
}
