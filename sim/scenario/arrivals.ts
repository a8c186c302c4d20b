// Request-level traces: `arrivals: { trace: file.csv }` in a client group replays individual
// requests (docs/design.md#request-level-replay). The file is CSV with a header naming its
// columns: `time` (seconds from the start, never decreasing) and, each optional, `client` (the
// client that sends it, 0 … count − 1), `connection` (a number per client: a new one opens a new
// connection), and either `size` (the request's quantile, docs/design.md#request-sizes-as-quantiles)
// or `service` (its service time in seconds, turned into a size by the targets' distribution).
// A cell left empty is drawn as for any other request.
import { columns, csvFields, isNumeric, type LineError, lineCount, linesOf } from "./csv-fields";
import { excerpt } from "./printable";
import { formatSeconds } from "./units";

/** Arrivals as flat arrays, one entry per request in time order; NaN or -1 where a cell is empty. */
export interface Arrivals {
  time: Float64Array;
  /** -1: drawn. */
  client: Int32Array | null;
  /** -1: the client's connection as the model keeps it. */
  connection: Int32Array | null;
  /** Quantiles in [0, 1); NaN: drawn. */
  size: Float64Array | null;
}

/** As read: service times not yet turned into sizes (they need the targets' distribution). */
export interface ParsedArrivals extends Arrivals {
  /** Seconds; NaN where none was given. */
  service: Float64Array | null;
}

/** Four million requests: some 64 MiB of `time,client,connection,service`, the most a trace file may hold. */
export const MAX_ARRIVALS = 4_000_000;
const MAX_ERRORS = 100;
/** Bounds of the scenario schema (schema.ts): 30 days; service times 1 µs to 1 h; clients up to 10 million. */
const MAX_TIME = 30 * 86400;
const MAX_CLIENT = 10_000_000;

const NAMES = { time: "time", client: "client", connection: "connection", size: "size", service: "service" } as const;

export function parseArrivals(text: string): { arrivals: ParsedArrivals | null; errors: LineError[] } {
  const errors: LineError[] = [];
  const fail = (line: number, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ line, message });
  };
  const lines = lineCount(text);
  let col: Record<keyof typeof NAMES, number> | null = null;
  let n = 0;
  const time = new Float64Array(Math.min(MAX_ARRIVALS, lines));
  let client: Int32Array | null = null;
  let connection: Int32Array | null = null;
  let size: Float64Array | null = null;
  let service: Float64Array | null = null;
  let last = 0;
  for (const [content, line] of linesOf(text)) {
    if (content === "" || content.startsWith("#")) continue;
    const cells = csvFields(content);
    if (!cells) {
      fail(line, "has a quote that is never closed");
      continue;
    }
    if (!col) {
      col = columns(cells, NAMES);
      const known = new Set<string>(Object.values(NAMES));
      const unknown = cells.filter((c) => !known.has(c.toLowerCase()));
      if (col.time < 0 || unknown.length > 0) {
        fail(
          line,
          `must start with a header of time and any of client, connection, size, service, got ${excerpt(content)}`,
        );
        return { arrivals: null, errors };
      }
      if (col.size >= 0 && col.service >= 0) {
        fail(line, "may give size or service, not both");
        return { arrivals: null, errors };
      }
      const rows = time.length;
      if (col.client >= 0) client = new Int32Array(rows);
      if (col.connection >= 0) connection = new Int32Array(rows);
      if (col.size >= 0) size = new Float64Array(rows);
      if (col.service >= 0) service = new Float64Array(rows);
      continue;
    }
    if (n >= MAX_ARRIVALS) {
      fail(line, `more than ${MAX_ARRIVALS.toLocaleString("en-US")} arrivals: replay a rate trace instead`);
      break;
    }
    const cell = (k: number) => (k >= 0 ? (cells[k] ?? "") : "");
    const t = cell(col.time);
    if (!isNumeric(t) || !(Number(t) >= 0 && Number(t) <= MAX_TIME)) {
      fail(line, `time must be seconds from 0 to ${formatSeconds(MAX_TIME)}, got ${quote(t)}`);
      continue;
    }
    if (Number(t) < last) {
      fail(line, `time goes backwards: ${quote(t)} after ${last}`);
      continue;
    }
    const whole = (name: string, text: string, max: number): number | null => {
      if (text === "") return -1;
      if (/^\d+$/.test(text) && Number(text) < max) return Number(text);
      fail(line, `${name} must be a whole number from 0 to ${max - 1}, got ${quote(text)}`);
      return null;
    };
    const c = client ? whole("client", cell(col.client), MAX_CLIENT) : -1;
    const k = connection ? whole("connection", cell(col.connection), 2 ** 31 - 1) : -1;
    if (c === null || k === null) continue;
    let u = Number.NaN;
    let s = Number.NaN;
    if (size && cell(col.size) !== "") {
      u = Number(cell(col.size));
      if (!isNumeric(cell(col.size)) || !(u >= 0 && u < 1)) {
        fail(line, `size must be a quantile from 0 to below 1, got ${quote(cell(col.size))}`);
        continue;
      }
    }
    if (service && cell(col.service) !== "") {
      s = Number(cell(col.service));
      if (!isNumeric(cell(col.service)) || !(s >= 1e-6 && s <= 3600)) {
        fail(line, `service must be seconds from 1µs to 1h, got ${quote(cell(col.service))}`);
        continue;
      }
    }
    last = Number(t);
    time[n] = last;
    if (client) client[n] = c;
    if (connection) connection[n] = k;
    if (size) size[n] = u;
    if (service) service[n] = s;
    n++;
  }
  if (!col) errors.push({ line: 1, message: "is empty" });
  else if (n === 0 && errors.length === 0) errors.push({ line: lines, message: "has no rows after the header" });
  if (errors.length > 0) return { arrivals: null, errors };
  return {
    arrivals: {
      time: time.slice(0, n),
      client: client?.slice(0, n) ?? null,
      connection: connection?.slice(0, n) ?? null,
      size: size?.slice(0, n) ?? null,
      service: service?.slice(0, n) ?? null,
    },
    errors,
  };
}

/** The largest client a trace names, or -1. */
export function largestClient(arrivals: Arrivals): number {
  let largest = -1;
  if (arrivals.client) for (const c of arrivals.client) if (c > largest) largest = c;
  return largest;
}

/** A rate curve for display (the model replays the arrivals themselves): arrivals per bin as steps. */
export function arrivalRate(time: Float64Array, duration: number): { at: number; rps: number }[] {
  const width = Math.max(1, duration / 500);
  const bins = new Float64Array(Math.max(1, Math.ceil(duration / width)));
  for (const t of time) if (t < duration) bins[Math.min(bins.length - 1, Math.floor(t / width))]++;
  const points: { at: number; rps: number }[] = [];
  bins.forEach((count, k) => {
    points.push({ at: k * width, rps: count / width }, { at: Math.min(duration, (k + 1) * width), rps: count / width });
  });
  return points;
}

function quote(text: string): string {
  return text === "" ? "nothing" : excerpt(text);
}
