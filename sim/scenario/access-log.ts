// One line of an Elastic Load Balancing access log, as AWS documents each layout
// (docs/aws-behaviour.md#access-log-entries):
// - application: `type time elb client:port target:port request_processing_time
//   target_processing_time response_processing_time elb_status_code target_status_code
//   received_bytes sent_bytes "request" "user_agent" ssl_cipher ssl_protocol target_group_arn
//   "trace_id" "domain_name" "chosen_cert_arn" matched_rule_priority request_creation_time …`,
//   fields AWS adds later at the end, to be ignored
//   (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html#access-log-entry-syntax);
// - classic: `timestamp elb client:port backend:port request_processing_time
//   backend_processing_time response_processing_time elb_status_code backend_status_code
//   received_bytes sent_bytes "request" "user_agent" ssl_cipher ssl_protocol`
//   (https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/access-log-collection.html#access-log-entry-syntax).
// Pure: the CLI streams the lines (cli/import.ts); this reads one at a time.
import { excerpt } from "./printable";

export type AccessLogKind = "application" | "classic";

/** What one request tells: times in seconds (epoch for `arrival`), null where the log has `-` or -1. */
export interface AccessLogRecord {
  /** When the load balancer received the request: application `request_creation_time`, classic `timestamp`. */
  arrival: number;
  client: string;
  clientPort: number;
  /** `address:port` of the target, or null when the request reached none. */
  target: string | null;
  /** Seconds from the load balancer sending the request to the target's first byte; null for -1. */
  targetProcessing: number | null;
  /** request + target + response processing time, when all three are known. */
  total: number | null;
  elbStatus: number | null;
  targetStatus: number | null;
  receivedBytes: number;
  sentBytes: number;
  /** The request URL's path, without host or query (`/api/items`), or `-`. */
  path: string;
}

/** The request types an application load balancer writes (the `type` field). */
const APPLICATION_TYPES = new Set(["http", "https", "h2", "grpcs", "ws", "wss"]);

/**
 * The fields of a line: split at spaces, a double-quoted field kept whole (quotes removed, `\"`
 * inside it a quote). Null when a quote is never closed.
 */
export function splitFields(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    if (line[i] === " ") {
      i++;
      continue;
    }
    if (line[i] === '"') {
      let text = "";
      let j = i + 1;
      while (j < n && line[j] !== '"') {
        if (line[j] === "\\" && j + 1 < n) j++;
        text += line[j];
        j++;
      }
      if (j >= n) return null;
      fields.push(text);
      i = j + 1;
    } else {
      let j = i;
      while (j < n && line[j] !== " ") j++;
      fields.push(line.slice(i, j));
      i = j;
    }
  }
  return fields;
}

/** Which layout a line has, from its first fields alone; null for neither. */
export function accessLogKind(line: string): AccessLogKind | null {
  const first = line.slice(0, line.indexOf(" "));
  if (APPLICATION_TYPES.has(first)) return "application";
  return isoSeconds(first) !== null ? "classic" : null;
}

/** Epoch seconds of an ISO 8601 UTC time (`2024-03-01T12:00:00.123456Z`), microseconds kept; null if not one. */
export function isoSeconds(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000 + (m[7] ? Number(m[7]) : 0);
}

export type LineResult = { ok: true; record: AccessLogRecord } | { ok: false; message: string };

/** Reads one line of the given layout. */
export function parseAccessLogLine(line: string, kind: AccessLogKind): LineResult {
  const fields = splitFields(line);
  if (fields === null) return { ok: false, message: "has a quote that is never closed" };
  return kind === "application" ? application(fields) : classic(fields);
}

function fail(message: string): LineResult {
  return { ok: false, message };
}

function application(f: string[]): LineResult {
  if (!APPLICATION_TYPES.has(f[0]))
    return fail(`must start with a request type (http, https, h2, grpcs, ws, wss), got ${quote(f[0])}`);
  // request_creation_time is the 22nd field; later fields vary by version and are not read.
  if (f.length < 22) return fail(`has ${f.length} fields; an application load balancer entry has at least 22`);
  const arrival = isoSeconds(f[21]);
  if (arrival === null) return fail(`request_creation_time must be an ISO 8601 time, got ${quote(f[21])}`);
  return common(arrival, f.slice(3, 13));
}

function classic(f: string[]): LineResult {
  // The oldest classic entries end with "request"; user_agent and the SSL fields came later.
  if (f.length < 12) return fail(`has ${f.length} fields; a classic load balancer entry has at least 12`);
  const arrival = isoSeconds(f[0]);
  if (arrival === null) return fail(`timestamp must be an ISO 8601 time, got ${quote(f[0])}`);
  return common(arrival, f.slice(2, 12));
}

/** The ten fields from client:port to "request", which both layouts share. */
function common(arrival: number, f: string[]): LineResult {
  const [
    clientField,
    targetField,
    requestTime,
    targetTime,
    responseTime,
    elbCode,
    targetCode,
    received,
    sent,
    request,
  ] = f;
  const client = address(clientField);
  if (!client) return fail(`client:port must be an address and port, got ${quote(clientField)}`);
  const target = targetField === "-" ? null : address(targetField);
  if (target === undefined) return fail(`target:port must be an address and port or -, got ${quote(targetField)}`);
  const times = [requestTime, targetTime, responseTime].map(processingTime);
  const names = ["request_processing_time", "target_processing_time", "response_processing_time"];
  for (let k = 0; k < 3; k++)
    if (times[k] === undefined) return fail(`${names[k]} must be seconds or -1, got ${quote(f[2 + k])}`);
  const elbStatus = status(elbCode);
  if (elbStatus === undefined) return fail(`elb_status_code must be a status or -, got ${quote(elbCode)}`);
  const targetStatus = status(targetCode);
  if (targetStatus === undefined) return fail(`target_status_code must be a status or -, got ${quote(targetCode)}`);
  const bytes = [received, sent].map((b) => (/^\d+$/.test(b) ? Number(b) : b === "-" ? 0 : undefined));
  if (bytes[0] === undefined) return fail(`received_bytes must be a whole number, got ${quote(received)}`);
  if (bytes[1] === undefined) return fail(`sent_bytes must be a whole number, got ${quote(sent)}`);
  const [rq, tp, rs] = times as (number | null)[];
  return {
    ok: true,
    record: {
      arrival,
      client: client.host,
      clientPort: client.port,
      target: target === null ? null : `${target.host}:${target.port}`,
      targetProcessing: tp,
      total: rq !== null && tp !== null && rs !== null ? rq + tp + rs : null,
      elbStatus,
      targetStatus,
      receivedBytes: bytes[0],
      sentBytes: bytes[1],
      path: requestPath(request),
    },
  };
}

/** `10.0.0.1:80` or `[2001:db8::1]:443`; undefined when not one. */
function address(text: string): { host: string; port: number } | undefined {
  const colon = text.lastIndexOf(":");
  if (colon <= 0) return undefined;
  const host = text.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  const port = text.slice(colon + 1);
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535 || !/^[0-9A-Fa-f.:]+$/.test(host)) return undefined;
  return { host, port: Number(port) };
}

/** Seconds, or null for -1 (the load balancer could not dispatch, or the target did not answer). */
function processingTime(text: string): number | null | undefined {
  if (/^-1(\.0+)?$/.test(text)) return null;
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

function status(text: string): number | null | undefined {
  if (text === "-") return null;
  return /^\d{3}$/.test(text) ? Number(text) : undefined;
}

/** `GET https://example.com:443/api/items?id=1 HTTP/1.1` → `/api/items`; a TCP listener's `- - - ` → `-`. */
function requestPath(request: string): string {
  const url = request.split(" ")[1] ?? "-";
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "").replace(/[?#].*$/, "");
  return path.startsWith("/") ? path : path === "" ? "/" : "-";
}

/** The first `depth` segments of a path (`/api/items/7`, 1 → `/api`); `/` for the root. */
export function pathPrefix(path: string, depth: number): string {
  if (!path.startsWith("/")) return path;
  const segments = path.split("/").filter(Boolean).slice(0, depth);
  return `/${segments.join("/")}`;
}

function quote(text: string | undefined): string {
  return text === undefined || text === "" ? "nothing" : excerpt(text);
}
