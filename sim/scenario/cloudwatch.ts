// CloudWatch metrics as users export them (docs/aws-behaviour.md#cloudwatch-metric-data): the JSON
// `aws cloudwatch get-metric-data` prints (`MetricDataResults`, each with its `Label`, `Timestamps`
// and `Values`), or CSV, either wide (a time column, then a column per series named like a label)
// or tidy (columns for the time, the metric and the value, and optionally the zone and statistic).
// A result's dimensions are not in the output, so its metric, zone and statistic are read from its
// label (or id): `RequestCount us-east-1a`, `TargetResponseTime p99`, `HTTPCode_ELB_5XX_Count`.
import { columns, csvFields, isNumeric } from "./csv-fields";
import { type ImportOutcome, count, plural, SkippedLines } from "./imported";
import { LATENCY_PERCENTILES, ObservedBuckets } from "./observed-buckets";
import { excerpt } from "./printable";
import { epochSeconds, period, rateResult } from "./rate-import";
import { lognormalParams } from "../engine/distributions";

/** Points kept: 1,440 a day per series, so years of a dozen series. */
const MAX_POINTS = 2_000_000;
/** A JSON export is read whole: 64 MiB, as a trace file. */
const MAX_JSON = 64 * 1024 * 1024;

/** CloudWatch's names (application, then classic), as elbsim's series name them. */
const METRICS: Record<string, string> = {
  requestcount: "RequestCount",
  httpcode_elb_5xx_count: "HTTPCode_ELB_5XX_Count",
  httpcode_elb_502_count: "HTTPCode_ELB_502_Count",
  httpcode_elb_503_count: "HTTPCode_ELB_503_Count",
  httpcode_elb_504_count: "HTTPCode_ELB_504_Count",
  httpcode_target_5xx_count: "HTTPCode_Target_5XX_Count",
  httpcode_target_2xx_count: "HTTPCode_Target_2XX_Count",
  targetresponsetime: "TargetResponseTime",
  healthyhostcount: "HealthyHostCount",
  unhealthyhostcount: "UnHealthyHostCount",
  surgequeuelength: "SurgeQueueLength",
  spillovercount: "SpilloverCount",
  httpcode_elb_5xx: "HTTPCode_ELB_5XX_Count",
  httpcode_backend_5xx: "HTTPCode_Target_5XX_Count",
  httpcode_backend_2xx: "HTTPCode_Target_2XX_Count",
  latency: "TargetResponseTime",
};
/** Metric names seen only from classic load balancers. */
const CLASSIC = new Set([
  "httpcode_elb_5xx",
  "httpcode_backend_5xx",
  "httpcode_backend_2xx",
  "latency",
  "surgequeuelength",
  "spillovercount",
]);
const NAMES = Object.keys(METRICS).sort((a, b) => b.length - a.length);

export interface SeriesLabel {
  metric: string;
  /** Sum, Average, Maximum, p99, …; null when the label names none. */
  stat: string | null;
  zone: string | null;
  classic: boolean;
}

/** What a label names, or null when it names no metric elbsim reads. */
export function readLabel(label: string): SeriesLabel | null {
  const lower = label.toLowerCase();
  const name = NAMES.find(
    (n) => new RegExp(`(^|[^a-z0-9_])${n}($|[^a-z0-9_])`).test(lower) || lower.startsWith(`${n}_`),
  );
  if (!name) return null;
  const rest = lower.replace(name, " ");
  const az = /\b[a-z]{2}(?:-[a-z]+)+-\d+([a-z])\b/.exec(rest) ?? /\b[a-z]{2,4}\d-(az\d+)\b/.exec(rest);
  const named = /\b(?:zone|availabilityzone)\s*[=:]\s*([a-z0-9-]+)/.exec(rest);
  const underscore = /_([a-z])$/.exec(lower);
  const zone = az?.[1] ?? named?.[1]?.replace(/^.*-\d+([a-z])$/, "$1") ?? underscore?.[1] ?? null;
  const stat =
    /\b(p\d+(\.\d+)?)\b/.exec(rest)?.[1] ?? /\b(sum|average|maximum|minimum|samplecount)\b/.exec(rest)?.[1] ?? null;
  return {
    metric: METRICS[name],
    stat,
    zone: zone && /^[a-z0-9]+$/.test(zone) ? zone : null,
    classic: CLASSIC.has(name),
  };
}

interface Point {
  series: number;
  time: number;
  value: number;
}

export interface CloudWatchImportOptions {
  /** Seconds per bucket; default: the data's period. */
  bucket: number | null;
  name: string;
  files: readonly string[];
}

/** CloudWatch exports, line by line (CSV) or whole (JSON). */
export class CloudWatchImport {
  readonly skipped = new SkippedLines();
  private readonly labels: string[] = [];
  private readonly seriesIndex = new Map<string, number>();
  private readonly points: Point[] = [];
  private json: string[] = [];
  private jsonBytes = 0;
  private jsonFile = "";
  private header:
    | { kind: "wide"; time: number; series: number[] }
    | { kind: "tidy"; col: Record<string, number> }
    | null = null;
  private readonly fatal: { path: string; message: string }[] = [];
  private readonly ignored = new Set<string>();
  private partial = false;
  private classic = false;

  constructor(private readonly options: CloudWatchImportOptions) {}

  line(file: string, n: number, text: string): boolean {
    if (this.fatal.length > 0) return false;
    if (n === 1) this.header = null;
    if (this.json.length > 0 || (n === 1 && /^\s*[[{]/.test(text))) return this.jsonLine(file, text);
    if (text.trim() === "") return true;
    const cells = csvFields(text);
    if (!cells) {
      this.skipped.add(file, n, "has a quote that is never closed");
      return true;
    }
    if (!this.header) return this.readHeader(file, n, cells);
    const h = this.header;
    if (h.kind === "wide") {
      const time = epochSeconds(cells[h.time] ?? "");
      if (time === null) {
        this.skipped.add(file, n, `must start with a time, got ${excerpt(cells[h.time] || "nothing")}`);
        return true;
      }
      h.series.forEach((s, k) => {
        const cell = cells[k + 1] ?? "";
        if (cell === "" || s < 0) return;
        if (isNumeric(cell)) this.point(s, time, Number(cell));
        else this.skipped.add(file, n, `column ${k + 2} must be a number or empty, got ${excerpt(cell)}`);
      });
      return this.points.length < MAX_POINTS || this.tooMany(file);
    }
    const { col } = h;
    const time = epochSeconds(cells[col.time] ?? "");
    const value = cells[col.value] ?? "";
    const label = [cells[col.metric], col.zone >= 0 ? cells[col.zone] : "", col.stat >= 0 ? cells[col.stat] : ""].join(
      " ",
    );
    if (time === null)
      this.skipped.add(file, n, `time must be ISO 8601 or epoch seconds, got ${excerpt(cells[col.time] || "nothing")}`);
    else if (!isNumeric(value)) this.skipped.add(file, n, `value must be a number, got ${excerpt(value || "nothing")}`);
    else {
      const s = this.series(label);
      if (s >= 0) this.point(s, time, Number(value));
    }
    return this.points.length < MAX_POINTS || this.tooMany(file);
  }

  private readHeader(file: string, n: number, cells: string[]): boolean {
    const col = columns(cells, {
      time: "timestamp",
      metric: "metric",
      value: "value",
      zone: "availabilityzone",
      stat: "stat",
    });
    const alias = (key: "time" | "metric" | "zone" | "stat", names: string[]) => {
      for (const name of names) if (col[key] < 0) col[key] = columns(cells, { x: name }).x;
    };
    alias("time", ["time", "date", "datetime"]);
    alias("metric", ["metricname", "metric name", "label"]);
    alias("zone", ["zone", "az"]);
    alias("stat", ["statistic"]);
    if (col.time >= 0 && col.metric >= 0 && col.value >= 0) {
      this.header = { kind: "tidy", col };
      return true;
    }
    if (/time|date/i.test(cells[0] ?? "") && cells.length > 1) {
      this.header = { kind: "wide", time: 0, series: cells.slice(1).map((c) => this.series(c)) };
      if (this.header.series.every((s) => s < 0)) {
        this.fatal.push({
          path: file,
          message: `line ${n}: names no metric elbsim reads (RequestCount, HTTPCode_ELB_5XX_Count, TargetResponseTime, …)`,
        });
        return false;
      }
      return true;
    }
    this.fatal.push({
      path: file,
      message: `line ${n}: is not a CloudWatch export: a CSV needs a time column and a column per metric, or timestamp, metric and value columns; got ${excerpt(cells.join(","))}`,
    });
    return false;
  }

  private jsonLine(file: string, text: string): boolean {
    this.jsonFile = file;
    this.jsonBytes += text.length + 1;
    if (this.jsonBytes > MAX_JSON) {
      this.fatal.push({ path: file, message: `is larger than 64 MiB of JSON: export fewer points per file` });
      return false;
    }
    this.json.push(text);
    return true;
  }

  private tooMany(file: string): boolean {
    this.fatal.push({ path: file, message: `has more than ${count(MAX_POINTS)} data points: export a longer period` });
    return false;
  }

  /** The series a label names, or -1 (counted as ignored). */
  private series(label: string): number {
    const read = readLabel(label);
    if (!read) {
      if (label.trim() !== "") this.ignored.add(label.trim());
      return -1;
    }
    const key = [read.metric, read.zone ?? "", read.stat ?? ""].join("\n");
    let s = this.seriesIndex.get(key);
    if (s === undefined) {
      s = this.labels.length;
      this.labels.push(key);
      this.seriesIndex.set(key, s);
    }
    if (read.classic) this.classic = true;
    return s;
  }

  private point(series: number, time: number, value: number): void {
    if (Number.isFinite(value)) this.points.push({ series, time, value });
  }

  /** get-metric-data's output: one object with MetricDataResults, or a list of them (pages). */
  private readJson(): void {
    const file = this.jsonFile;
    let doc: unknown;
    try {
      doc = JSON.parse(this.json.join("\n"));
    } catch (e) {
      this.fatal.push({ path: file, message: `is not JSON (${e instanceof Error ? e.message : String(e)})` });
      return;
    }
    this.json = [];
    const pages = Array.isArray(doc) ? doc : [doc];
    for (const page of pages) {
      const results = (page as { MetricDataResults?: unknown })?.MetricDataResults;
      if (!Array.isArray(results)) {
        this.fatal.push({ path: file, message: "is not get-metric-data output: it has no MetricDataResults list" });
        return;
      }
      results.forEach((r: Record<string, unknown>, i) => {
        const where = `MetricDataResults.${i}`;
        const label =
          typeof r.Label === "string" && readLabel(r.Label) ? r.Label : typeof r.Id === "string" ? r.Id : "";
        const times = r.Timestamps;
        const values = r.Values;
        if (!Array.isArray(times) || !Array.isArray(values) || times.length !== values.length) {
          this.fatal.push({ path: file, message: `${where}: needs Timestamps and Values lists of one length` });
          return;
        }
        if (r.StatusCode === "PartialData") this.partial = true;
        const s = this.series(label);
        if (s < 0) {
          this.ignored.add(String(r.Label ?? r.Id ?? where));
          return;
        }
        times.forEach((t, k) => {
          const time = typeof t === "number" ? t : typeof t === "string" ? epochSeconds(t) : null;
          const v = values[k];
          if (time === null || typeof v !== "number")
            this.skipped.note(file, `${where}: point ${k} needs a time and a number`);
          else if (this.points.length < MAX_POINTS) this.point(s, time, v);
        });
      });
    }
  }

  finish(): ImportOutcome {
    if (this.json.length > 0) this.readJson();
    const files = this.options.files.join(", ");
    if (this.fatal.length > 0) return { ok: false, errors: this.fatal };
    const keys = this.labels.map((k) => k.split("\n"));
    const requests = keys.map((k, s) => (k[0] === "RequestCount" ? s : -1)).filter((s) => s >= 0);
    if (this.points.length === 0 || requests.length === 0)
      return {
        ok: false,
        errors: [
          {
            path: files,
            message:
              this.points.length === 0
                ? "has no data points elbsim can read"
                : "has no RequestCount series: the rate comes from it (label a series RequestCount, with its zone)",
          },
        ],
      };
    const width = this.options.bucket ?? period(this.points.map((p) => p.time)) ?? 60;
    const observed = new ObservedBuckets(width);
    const perZone = requests.some((s) => keys[s][1] !== "");
    const zoneless = requests.find((s) => keys[s][1] === "");
    const healthy = new Map<string, number>();
    let meanSum = 0;
    let meanCount = 0;
    let p99 = 0;
    for (const p of this.points) {
      const [metric, zone, stat] = keys[p.series];
      const dimension = zone ? `zone=${zone}` : "lb";
      if (metric === "RequestCount") {
        observed.count("RequestCount", dimension, p.time, p.value);
        // The load balancer's total: the zone-less series if there is one, else the zones' sum.
        if (zone && zoneless === undefined) observed.count("RequestCount", "lb", p.time, p.value);
      } else if (metric === "TargetResponseTime") {
        const percentile = LATENCY_PERCENTILES.find(([, q]) => stat === `p${q * 100}`);
        if (percentile) {
          if (!zone) observed.value(percentile[0], "lb", p.time, p.value);
          if (stat === "p99") p99 = Math.max(p99, p.value);
        } else if (!stat || stat === "average") {
          observed.mean("TargetResponseTime", dimension, p.time, p.value);
          meanSum += p.value;
          meanCount++;
        }
      } else if (metric === "HealthyHostCount") {
        healthy.set(zone || "a", Math.max(healthy.get(zone || "a") ?? 0, p.value));
      } else if (metric === "SurgeQueueLength") observed.value(metric, "lb", p.time, p.value);
      else if (metric !== "UnHealthyHostCount") observed.count(metric, "lb", p.time, p.value);
    }
    if (observed.overflow)
      return {
        ok: false,
        errors: [{ path: "--bucket", message: "the data spans more than 100,000 buckets: give a longer one" }],
      };
    const series = observed.timeseries();
    const zones = perZone
      ? [...new Set(requests.map((s) => keys[s][1]).filter(Boolean))].sort()
      : healthy.size > 0
        ? [...healthy.keys()].sort()
        : ["a"];
    const mean = meanCount > 0 ? meanSum / meanCount : 0;
    const guesses: string[] = [];
    let serviceTime: unknown;
    if (mean > 0 && p99 > 0 && lognormalParams(mean, p99)) serviceTime = { distribution: "lognormal", mean, p99 };
    else if (mean > 0) {
      serviceTime = { distribution: "exponential", mean: Math.max(1e-6, mean) };
      guesses.push("service times exponential around TargetResponseTime's mean");
    } else {
      serviceTime = "50ms";
      guesses.push("service time 50 ms (no TargetResponseTime)");
    }
    if (healthy.size === 0) guesses.push("one target per zone (no HealthyHostCount)");
    guesses.push("1,000 clients");
    const ignored = [...this.ignored];
    return {
      ok: true,
      result: rateResult({
        name: this.options.name,
        title: `CloudWatch metrics from ${this.options.files.map((f) => f.replace(/^.*[\\/]/, "")).join(", ")}`,
        source: plural(this.options.files.length, "CloudWatch export"),
        type: this.classic ? "classic" : "application",
        origin: observed.origin,
        observed: series,
        zones: zones.map((zone) => ({ zone, targets: Math.max(1, Math.round(healthy.get(zone) ?? 1)) })),
        serviceTime,
        meanService: typeof serviceTime === "string" ? 0.05 : mean,
        clients: 1000,
        guesses,
        summary: [
          `Read ${plural(this.options.files.length, "file")} (CloudWatch metrics export): ${count(this.labels.length)} series, ${plural(this.points.length, "data point")}${
            ignored.length
              ? `; ignored ${ignored.length} (${ignored
                  .slice(0, 3)
                  .map((l) => excerpt(l))
                  .join(", ")}${ignored.length > 3 ? ", …" : ""})`
              : ""
          }`,
          `Series: ${this.labels.map((k) => k.split("\n").filter(Boolean).join(" ")).join(", ")}`,
          perZone
            ? `Zones: ${zones.join(", ")} (from the labels)`
            : "Zones: none in the labels; the rate is the load balancer's",
          ...(this.partial ? ["Some results were PartialData: more points wait behind a NextToken"] : []),
        ],
        skipped: this.skipped,
      }),
    };
  }
}
