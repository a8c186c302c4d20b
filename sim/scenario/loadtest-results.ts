// Load-test results as a rate (docs/design.md#importing-real-traffic):
// - k6's `--out csv` (`metric_name,timestamp,metric_value,…,status,…`, one row per data point;
//   https://grafana.com/docs/k6/latest/results-output/real-time/csv/): each `http_reqs` point is a
//   request at its timestamp, with its status; `http_req_duration` (ms) is its latency and
//   `http_req_waiting` (ms, time to first byte) the service-time sample; `vus` the clients.
// - Locust's `--csv` stats history (`PREFIX_stats_history.csv`: Timestamp, User Count, Type, Name,
//   Requests/s, Failures/s, percentiles, Total Request Count, Total Failure Count, …;
//   https://docs.locust.io/en/2.33.1/retrieving-stats.html, the columns as locust/stats.py writes
//   them): the `Aggregated` rows' cumulative totals give each interval's requests and failures;
//   the percentiles (ms) are kept as given, which are the run's so far unless --csv-full-history.
// A load generator sees errors from outside: its failures are compared with all the errors the
// simulation answers (ErrorCount), its latency with the client latency.
import { columns, csvFields, isNumeric } from "./csv-fields";
import { type ImportOutcome, plural, SkippedLines } from "./imported";
import { ObservedBuckets } from "./observed-buckets";
import { excerpt } from "./printable";
import { epochSeconds, rateResult } from "./rate-import";
import { MAX_EMPIRICAL_POINTS } from "./service-time";
import { lognormalParams } from "../engine/distributions";

export interface LoadTestOptions {
  bucket: number | null;
  name: string;
  files: readonly string[];
}

const K6_COLUMNS = { metric: "metric_name", time: "timestamp", value: "metric_value", status: "status" } as const;

/** Whether a first line is k6's CSV header. */
export function isK6Header(line: string): boolean {
  return /^metric_name,timestamp,metric_value(,|$)/.test(line.trim());
}

/** Whether a first line is Locust's stats-history header. */
export function isLocustHeader(line: string): boolean {
  const cells = csvFields(line.trim()) ?? [];
  return cells.includes("Timestamp") && cells.includes("User Count") && cells.includes("Total Request Count");
}

export class K6Import {
  readonly skipped = new SkippedLines();
  private col: Record<keyof typeof K6_COLUMNS, number> | null = null;
  private readonly observed: ObservedBuckets;
  private readonly waiting = new Map<number, number>();
  private requests = 0;
  private failed = 0;
  private vus = 0;
  private rows = 0;

  constructor(private readonly options: LoadTestOptions) {
    // k6 writes whole seconds by default: buckets of 1 s unless asked.
    this.observed = new ObservedBuckets(options.bucket ?? 1);
  }

  line(file: string, n: number, text: string): boolean {
    if (n === 1) this.col = null;
    if (text.trim() === "") return true;
    const cells = csvFields(text);
    if (!cells) {
      this.skipped.add(file, n, "has a quote that is never closed");
      return true;
    }
    if (!this.col) {
      this.col = columns(cells, K6_COLUMNS);
      return true;
    }
    this.rows++;
    const { col, observed } = this;
    const metric = cells[col.metric];
    const time = epochSeconds(cells[col.time] ?? "");
    const value = cells[col.value] ?? "";
    if (time === null)
      return this.skip(file, n, `timestamp must be a time, got ${excerpt(cells[col.time] || "nothing")}`);
    if (!isNumeric(value))
      return this.skip(file, n, `metric_value must be a number, got ${excerpt(value || "nothing")}`);
    const v = Number(value);
    switch (metric) {
      case "http_reqs": {
        this.requests += v;
        observed.count("RequestCount", "lb", time, v);
        const status = Number(cells[col.status] ?? "");
        // k6 records status 0 for a request that got no response.
        if (!(status >= 200 && status < 400)) {
          this.failed += v;
          observed.count("ErrorCount", "lb", time, v);
        }
        break;
      }
      case "http_req_duration":
        observed.latency(time, v / 1000);
        observed.mean("ClientLatency", "lb", time, v / 1000);
        break;
      case "http_req_waiting": {
        const seconds = Math.max(1e-6, Number((v / 1000).toPrecision(4)));
        if (this.waiting.size < MAX_EMPIRICAL_POINTS || this.waiting.has(seconds))
          this.waiting.set(seconds, (this.waiting.get(seconds) ?? 0) + 1);
        break;
      }
      case "vus":
        this.vus = Math.max(this.vus, v);
        break;
    }
    return true;
  }

  private skip(file: string, n: number, message: string): boolean {
    this.skipped.add(file, n, message);
    return true;
  }

  finish(): ImportOutcome {
    const files = this.options.files.join(", ");
    if (this.requests === 0)
      return {
        ok: false,
        errors: [
          { path: files, message: "is not k6 results CSV with requests: it has no http_reqs points" },
          ...this.skipped.errors,
        ],
      };
    if (this.observed.overflow)
      return {
        ok: false,
        errors: [{ path: "--bucket", message: "the results span more than 100,000 buckets: give a longer one" }],
      };
    const observed = this.observed.timeseries();
    const hasWaiting = this.waiting.size > 0;
    let mean = 0;
    let n = 0;
    for (const [s, c] of this.waiting) {
      mean += s * c;
      n += c;
    }
    mean = n > 0 ? mean / n : 0.05;
    return {
      ok: true,
      result: rateResult({
        name: this.options.name,
        title: `k6 results from ${this.options.files.map(base).join(", ")}`,
        source: plural(this.options.files.length, "k6 CSV file"),
        type: "application",
        origin: this.observed.origin,
        observed,
        zones: [{ zone: "a", targets: 1 }],
        serviceTime: hasWaiting ? { distribution: "empirical", trace: "service-times.csv" } : "50ms",
        meanService: mean,
        clients: Math.max(1, Math.round(this.vus) || 100),
        tables: hasWaiting
          ? { "service-times.csv": { header: "seconds,count", rows: [...this.waiting].sort((a, b) => a[0] - b[0]) } }
          : {},
        guesses: [
          "one zone and one target",
          hasWaiting ? "service times from http_req_waiting, which includes the network" : "service time 50 ms",
          this.vus > 0 ? `${Math.round(this.vus)} clients (the most virtual users)` : "100 clients",
          "open arrivals, where k6's virtual users wait for each answer",
        ],
        summary: [
          `Read ${plural(this.options.files.length, "file")} (k6 results CSV): ${plural(this.rows, "data point")}, ${plural(this.requests, "request")}, ${plural(this.failed, "failure")}${this.skipped.count ? `, ${plural(this.skipped.count, "line")} skipped` : ""}`,
        ],
        skipped: this.skipped,
      }),
    };
  }
}

const LOCUST = {
  time: "Timestamp",
  users: "User Count",
  name: "Name",
  total: "Total Request Count",
  failures: "Total Failure Count",
  average: "Total Average Response Time",
  p50: "50%",
  p90: "90%",
  p99: "99%",
} as const;

interface LocustRow {
  time: number;
  total: number;
  failures: number;
  p: (number | null)[];
  average: number;
}

const PERCENTILE_NAMES = ["ClientLatencyP50", "ClientLatencyP90", "ClientLatencyP99"];

/** Read as it streams: each row against the one before, so memory does not grow with the history. */
export class LocustImport {
  readonly skipped = new SkippedLines();
  private col: Record<keyof typeof LOCUST, number> | null = null;
  private first: LocustRow | null = null;
  private previous: LocustRow | null = null;
  /** Made at the second row: the buckets are --bucket, or the history's own interval. */
  private observed: ObservedBuckets | null = null;
  private rows = 0;
  private users = 0;

  constructor(private readonly options: LoadTestOptions) {}

  line(file: string, n: number, text: string): boolean {
    if (n === 1) this.col = null;
    if (text.trim() === "") return true;
    const cells = csvFields(text);
    if (!cells) return this.skip(file, n, "has a quote that is never closed");
    if (!this.col) {
      this.col = columns(cells, LOCUST);
      return true;
    }
    const c = this.col;
    // Only the load test's totals: with --csv-full-history each endpoint has rows too.
    if (!/^(Aggregated|Total|None Total)$/.test(cells[c.name] ?? "")) return true;
    const time = epochSeconds(cells[c.time] ?? "");
    const total = cells[c.total] ?? "";
    const failures = cells[c.failures] ?? "";
    if (time === null)
      return this.skip(file, n, `Timestamp must be a time, got ${excerpt(cells[c.time] || "nothing")}`);
    if (!/^\d+$/.test(total))
      return this.skip(file, n, `Total Request Count must be a whole number, got ${excerpt(total || "nothing")}`);
    if (this.previous && time <= this.previous.time)
      return this.skip(file, n, `Timestamp must come after the row before's, got ${excerpt(cells[c.time])}`);
    const ms = (k: number) => (k >= 0 && isNumeric(cells[k] ?? "") ? Number(cells[k]) / 1000 : null);
    this.users = Math.max(this.users, Number(cells[c.users]) || 0);
    const row: LocustRow = {
      time,
      total: Number(total),
      failures: /^\d+$/.test(failures) ? Number(failures) : 0,
      p: [ms(c.p50), ms(c.p90), ms(c.p99)],
      average: ms(c.average) ?? 0,
    };
    this.rows++;
    const before = this.previous;
    if (before) {
      this.observed ??= new ObservedBuckets(this.options.bucket ?? Math.round((time - before.time) * 1000) / 1000);
      // This row's totals less the last row's: the requests of the interval that ends at its time.
      const o = this.observed;
      o.count("RequestCount", "lb", before.time, Math.max(0, row.total - before.total));
      o.count("ErrorCount", "lb", before.time, Math.max(0, row.failures - before.failures));
      row.p.forEach((v, i) => {
        if (v !== null) o.value(PERCENTILE_NAMES[i], "lb", before.time, v);
      });
    } else this.first = row;
    this.previous = row;
    return true;
  }

  private skip(file: string, n: number, message: string): boolean {
    this.skipped.add(file, n, message);
    return true;
  }

  finish(): ImportOutcome {
    const files = this.options.files.join(", ");
    const { observed, first, previous: last } = this;
    if (!observed || !first || !last)
      return {
        ok: false,
        errors: [
          { path: files, message: `is not a Locust stats history with at least two Aggregated rows` },
          ...this.skipped.errors,
        ],
      };
    if (observed.overflow)
      return {
        ok: false,
        errors: [{ path: "--bucket", message: "the history spans more than 100,000 buckets: give a longer one" }],
      };
    const mean = Math.max(1e-6, last.average || 0.05);
    const p99 = last.p[2] ?? 0;
    const serviceTime =
      p99 > mean && lognormalParams(mean, p99)
        ? { distribution: "lognormal", mean, p99 }
        : { distribution: "exponential", mean };
    return {
      ok: true,
      result: rateResult({
        name: this.options.name,
        title: `Locust results from ${this.options.files.map(base).join(", ")}`,
        source: plural(this.options.files.length, "Locust stats history"),
        type: "application",
        origin: observed.origin,
        observed: observed.timeseries(),
        zones: [{ zone: "a", targets: 1 }],
        serviceTime,
        meanService: mean,
        clients: Math.max(1, Math.round(this.users) || 100),
        guesses: [
          "one zone and one target",
          "service times from the test's whole-run average and 99th percentile, which include the network",
          `${Math.max(1, Math.round(this.users))} clients (the most users)`,
          "open arrivals, where Locust's users wait for each answer",
        ],
        summary: [
          `Read ${plural(this.options.files.length, "file")} (Locust stats history): ${plural(this.rows, "Aggregated row")}, ${plural(last.total - first.total, "request")}, ${plural(last.failures - first.failures, "failure")}${this.skipped.count ? `, ${plural(this.skipped.count, "line")} skipped` : ""}`,
          `Percentiles are as Locust wrote them: of the run so far unless it ran with --csv-full-history`,
        ],
        skipped: this.skipped,
      }),
    };
  }
}

function base(file: string): string {
  return file.replace(/^.*[\\/]/, "");
}
