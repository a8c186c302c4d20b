// What every import gives (docs/design.md#importing-real-traffic): a scenario as plain data, the
// files it names, what was observed, and a summary of what was read. The CLI writes the files
// (cli/import.ts); nothing here touches a file system.
import type { TimeSeries } from "../metrics/result";
import type { ScenarioError } from "./defaults";

/** The formats `elbsim import` reads. */
export const IMPORT_FORMATS = ["alb", "classic", "cloudwatch", "k6", "locust"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const FORMAT_NAMES: Record<ImportFormat, string> = {
  alb: "Application Load Balancer access log",
  classic: "Classic Load Balancer access log",
  cloudwatch: "CloudWatch metrics export",
  k6: "k6 results CSV",
  locust: "Locust stats history",
};

/** Requests replayed one by one, in time order: seconds from the start, client and connection numbers, service time (NaN: none). */
export interface ImportedArrivals {
  time: Float64Array;
  client: Int32Array;
  connection: Int32Array;
  service: Float64Array;
}

/** A CSV file to write: its header and rows of cells (numbers written as csvNumber does). */
export interface CsvTable {
  header: string;
  rows: (number | string)[][];
}

export interface ImportResult {
  /** The scenario, as a file would say it; the CLI writes it as YAML, with `comment` above. */
  scenario: Record<string, unknown>;
  comment: string;
  /** The trace files it names, by name. */
  tables: Record<string, CsvTable>;
  arrivals: ImportedArrivals | null;
  observed: TimeSeries;
  /** What was read, a line each, for the terminal. */
  summary: string[];
  /** Lines that could not be read (`file: line N: …`), the first few of them, and how many in all. */
  skipped: { errors: ScenarioError[]; count: number };
}

/** Problems a bad file causes: exit 2, nothing written. */
export type ImportOutcome = { ok: true; result: ImportResult } | { ok: false; errors: ScenarioError[] };

/** Malformed lines kept to show; the rest are counted. */
export const MAX_SHOWN = 10;

/** Counts malformed lines and keeps the first few, with their files and line numbers. */
export class SkippedLines {
  readonly errors: ScenarioError[] = [];
  count = 0;

  add(file: string, line: number, message: string): void {
    this.note(file, `line ${line}: ${message}`);
  }

  /** A part of a file that is not a line (a JSON entry). */
  note(file: string, message: string): void {
    this.count++;
    if (this.errors.length < MAX_SHOWN) this.errors.push({ path: file, message });
  }
}

/** A scenario name (lower-case letters, digits, - and _) from a file name: `launch-2024.log.gz` → `launch-2024`. */
export function scenarioName(file: string): string {
  const base = file.replace(/^.*[\\/]/, "").replace(/(\.(gz|log|csv|json|txt))+$/i, "");
  const name = base
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+|-+$/g, "");
  return name === "" ? "imported" : name;
}

/** An epoch second as ISO 8601 UTC, to the second: `2024-03-01T12:00:00Z`. */
export function isoTime(epoch: number): string {
  return new Date(Math.floor(epoch) * 1000).toISOString().replace(".000Z", "Z");
}

/** Whole buckets covering the span, at least one. */
export function bucketsFor(first: number, last: number, width: number): number {
  return Math.max(1, Math.floor(last / width) - Math.floor(first / width) + 1);
}

/** The q-quantile of a sample given as value → count (nearest rank); NaN when empty. */
export function sampleQuantile(counts: ReadonlyMap<number, number>, q: number): number {
  const sorted = [...counts].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((n, [, c]) => n + c, 0);
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [v, c] of sorted) {
    seen += c;
    if (seen >= rank) return v;
  }
  return Number.NaN;
}

/** A whole count in words for a summary: `12,345`. */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** `a k6 CSV file`, `an Application Load Balancer access log`. */
export function article(noun: string): string {
  return `${/^[AEIOU]/i.test(noun) ? "an" : "a"} ${noun}`;
}

/** `1 file`, `3 files`. */
export function plural(n: number, noun: string): string {
  return `${count(n)} ${noun}${n === 1 ? "" : "s"}`;
}
