// `elbsim import FILE...` (docs/design.md#importing-real-traffic): reads access logs, CloudWatch
// exports and load-test results, gzipped or not, a line at a time, and writes a scenario that
// replays them with the files it names. The readers are pure (sim/scenario/); this file streams,
// decompresses, hashes client addresses and writes. Nothing is written unless everything was read:
// a bad file is exit 2 with one `path: message` line per problem.
import { createHmac, randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { createGunzip } from "node:zlib";
import { stringify } from "yaml";
import { csvNumber, timeseriesCsv } from "../reports/csv";
import { AccessLogImport, parseZoneRange, type ZoneRange } from "../sim/scenario/access-log-import";
import { accessLogKind } from "../sim/scenario/access-log";
import { CloudWatchImport, readLabel } from "../sim/scenario/cloudwatch";
import { csvFields } from "../sim/scenario/csv-fields";
import { isK6Header, isLocustHeader, K6Import, LocustImport } from "../sim/scenario/loadtest-results";
import type { ScenarioError } from "../sim/scenario/defaults";
import {
  type CsvTable,
  FORMAT_NAMES,
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportOutcome,
  type ImportResult,
  article,
  scenarioName,
  type SkippedLines,
} from "../sim/scenario/imported";
import { formatErrors, loadScenario } from "../sim/scenario/load";
import { describeValue } from "../sim/scenario/schema";
import { parseDuration } from "../sim/scenario/units";
import type { CliOptions } from "./args";
import { reason } from "./reason";

/** A line longer than this is no line of any format read here: it is skipped, never held whole. */
const MAX_LINE = 64 * 1024;
/** Problems shown on stderr; the rest are counted. */
const MAX_SHOWN = 10;

/** What reads one format: lines in, an outcome at the end. */
export interface LineImporter {
  /** Reads one line; false when the import cannot go on (the outcome says why). */
  line(file: string, lineNumber: number, text: string): boolean;
  /** Lines that could not be read. */
  readonly skipped: SkippedLines;
  finish(): ImportOutcome;
}

export interface ImportOptions {
  format: ImportFormat;
  bucket: number | null;
  name: string;
  files: readonly string[];
  pathDepth: number | null;
  zones: ZoneRange[];
  rateOnly: boolean;
  hash: (address: string) => string;
}

/** The importer for a format. */
function importer(o: ImportOptions): LineImporter {
  const common = { bucket: o.bucket, name: o.name, files: o.files };
  switch (o.format) {
    case "alb":
    case "classic":
      return new AccessLogImport({
        kind: o.format === "alb" ? "application" : "classic",
        bucket: o.bucket ?? 1,
        hash: o.hash,
        zones: o.zones,
        pathDepth: o.pathDepth,
        rateOnly: o.rateOnly,
        name: o.name,
        files: o.files,
      });
    case "cloudwatch":
      return new CloudWatchImport(common);
    case "k6":
      return new K6Import(common);
    case "locust":
      return new LocustImport(common);
  }
}

/** What a file's first line says it is, or null. */
export function detectFormat(line: string): ImportFormat | null {
  const kind = accessLogKind(line);
  if (kind) return kind === "application" ? "alb" : "classic";
  if (isK6Header(line)) return "k6";
  if (isLocustHeader(line)) return "locust";
  if (/^\s*[[{]/.test(line)) return "cloudwatch";
  const cells = csvFields(line) ?? [];
  if (
    cells.some((c) => readLabel(c)) ||
    (cells.some((c) => /^(metric|metricname|label)$/i.test(c.trim())) && cells.some((c) => /^value$/i.test(c.trim())))
  )
    return "cloudwatch";
  return null;
}

/** Runs `elbsim import`; returns the exit code. Problems go to stderr, the summary to stdout. */
export async function importCommand(options: CliOptions): Promise<number> {
  const checked = checkOptions(options);
  if (!checked.ok) return problems(checked.errors);
  const name = options.name ?? scenarioName(options.files[0]);
  const key = randomBytes(32);
  const outcome = await readImport(options.files, {
    format: checked.format,
    bucket: checked.bucket,
    name,
    pathDepth: checked.pathDepth,
    zones: checked.zones,
    rateOnly: options.rate,
    // Keyed by a secret drawn for this run, so a hash cannot be looked up even if it leaked.
    hash: (address) => createHmac("sha256", key).update(address).digest("base64").slice(0, 22),
  });
  if (!outcome.ok) return problems(outcome.errors);
  const out = options.out ?? name;
  const written = writeImport(outcome.result, out);
  if (!written.ok) return problems(written.errors);
  report(outcome.result, written.paths, out);
  return 0;
}

/**
 * Reads the files as one import: each must be readable and, from its first line, of one format
 * (the one named, if one is); then every line goes through the format's reader.
 */
export async function readImport(
  files: readonly string[],
  options: Omit<ImportOptions, "files" | "format"> & { format: ImportFormat | null },
): Promise<ImportOutcome> {
  const fail = (path: string, message: string): ImportOutcome => ({ ok: false, errors: [{ path, message }] });
  let format = options.format;
  for (const file of files) {
    const problem = notReadable(file);
    if (problem) return fail(file, problem);
    let line: string | null | undefined;
    try {
      line = await firstLine(file);
    } catch (error) {
      return fail(file, readProblem(error));
    }
    if (line === undefined) return fail(file, "is empty");
    if (line === null)
      return fail(
        file,
        `is not an access log, a CloudWatch export, or k6 or Locust results: its first line is longer than ${MAX_LINE / 1024} KiB`,
      );
    const found = detectFormat(line);
    if (format === null) {
      if (found === null)
        return fail(
          file,
          `is not an access log, a CloudWatch export, or k6 or Locust results (its first line: ${describeValue(line)}); name it with --format`,
        );
      format = found;
    } else if (found !== null && found !== format) {
      return fail(
        file,
        `is ${article(FORMAT_NAMES[found])}, not ${article(FORMAT_NAMES[format])} (mixed formats: import them apart)`,
      );
    }
  }
  const reader = importer({ ...options, format: format!, files });
  for (const file of files) {
    try {
      let n = 0;
      for await (const line of lines(file)) {
        n++;
        if (line === null) reader.skipped.add(file, n, `is longer than ${MAX_LINE / 1024} KiB`);
        else if (!reader.line(file, n, line)) return reader.finish();
      }
    } catch (error) {
      return fail(file, readProblem(error));
    }
  }
  return reader.finish();
}

type Checked =
  | {
      ok: true;
      format: ImportFormat | null;
      bucket: number | null;
      pathDepth: number | null;
      zones: ZoneRange[];
    }
  | { ok: false; errors: ScenarioError[] };

function checkOptions(o: CliOptions): Checked {
  const errors: ScenarioError[] = [];
  let format: ImportFormat | null = null;
  if (o.format !== null) {
    if ((IMPORT_FORMATS as readonly string[]).includes(o.format)) format = o.format as ImportFormat;
    else
      errors.push({
        path: "--format",
        message: `must be one of ${IMPORT_FORMATS.join(", ")}, got ${describeValue(o.format)}`,
      });
  }
  let bucket: number | null = null;
  if (o.bucket !== null) {
    const seconds = parseDuration(o.bucket);
    if (seconds === null || !(seconds >= 0.001 && seconds <= 86400))
      errors.push({
        path: "--bucket",
        message: `must be a duration from 1ms to 1d, such as 1s or 1m, got ${describeValue(o.bucket)}`,
      });
    else bucket = seconds;
  }
  let pathDepth: number | null = null;
  if (o.pathPrefix !== null) {
    if (!/^\d+$/.test(o.pathPrefix) || Number(o.pathPrefix) < 1 || Number(o.pathPrefix) > 10)
      errors.push({
        path: "--path-prefix",
        message: `must be a number of path segments from 1 to 10, got ${describeValue(o.pathPrefix)}`,
      });
    else pathDepth = Number(o.pathPrefix);
  }
  const zones: ZoneRange[] = [];
  for (const text of o.zone) {
    const range = parseZoneRange(text);
    if (typeof range === "string")
      errors.push({ path: "--zone", message: range.replace(/got .*$/, `got ${describeValue(text)}`) });
    else zones.push(range);
  }
  if (o.name !== null && !/^[a-z0-9][a-z0-9_-]*$/.test(o.name))
    errors.push({
      path: "--name",
      message: `must be lower-case letters, digits, - and _, got ${describeValue(o.name)}`,
    });
  const accessOnly = format !== null && format !== "alb" && format !== "classic";
  if (accessOnly) {
    if (o.pathPrefix !== null) errors.push({ path: "--path-prefix", message: "is for access logs" });
    if (o.zone.length > 0) errors.push({ path: "--zone", message: "is for access logs" });
    if (o.rate) errors.push({ path: "--rate", message: "is for access logs" });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, format, bucket, pathDepth, zones };
}

/** Why a file cannot be streamed (a directory, a FIFO that could block, a device), or null. */
function notReadable(file: string): string | null {
  try {
    const stats = statSync(file);
    if (stats.isDirectory()) return "is a directory";
    if (!stats.isFile()) return "is not a regular file";
    return null;
  } catch (error) {
    return `cannot read (${reason(error)})`;
  }
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR" || code === "ERR_INVALID_ARG_TYPE")
    return "is not valid gzip (it starts like gzip but does not decompress)";
  return `cannot read (${reason(error)})`;
}

/** Whether a file starts with gzip's magic number. */
function gzipped(file: string): boolean {
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/**
 * A file's lines, decompressed if it is gzip, decoded as UTF-8, without their line ends; a line
 * longer than MAX_LINE is null (and never held whole).
 */
async function* lines(file: string): AsyncGenerator<string | null> {
  const raw = createReadStream(file);
  const stream = gzipped(file) ? raw.pipe(createGunzip()) : raw;
  raw.on("error", (e) => stream.destroy(e));
  const decoder = new TextDecoder("utf-8");
  let pending = "";
  let tooLong = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let text = pending + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = text.indexOf("\n", start); end >= 0; end = text.indexOf("\n", start)) {
      if (tooLong) yield null;
      else yield text.slice(start, end).replace(/\r$/, "");
      tooLong = false;
      start = end + 1;
    }
    text = text.slice(start);
    if (text.length > MAX_LINE) {
      tooLong = true;
      text = "";
    }
    pending = text;
  }
  pending += decoder.decode();
  if (tooLong) yield null;
  else if (pending !== "") yield pending.replace(/\r$/, "");
}

/** A file's first line that is not blank (null: too long to be one), or undefined when there is none. */
async function firstLine(file: string): Promise<string | null | undefined> {
  for await (const line of lines(file)) if (line === null || line.trim() !== "") return line;
  return undefined;
}

/**
 * The files an import writes, by name: scenario.yaml and the traces it names, each name after
 * `prefix` (`traces/launch-` names `traces/launch-arrivals.csv`, and the scenario says so).
 */
export function importFiles(result: ImportResult, prefix = ""): Record<string, string> {
  const traces: Record<string, string> = {};
  for (const [name, table] of Object.entries(result.tables)) traces[name] = csv(table);
  if (result.arrivals) traces["arrivals.csv"] = arrivalsCsv(result.arrivals);
  traces["observed.csv"] = timeseriesCsv(result.observed);
  const scenario = renameTraces(result.scenario, (name) => `${prefix}${name}`);
  return {
    "scenario.yaml": `# ${result.comment}\n${stringify(scenario, { lineWidth: 100, aliasDuplicateObjects: false })}`,
    ...Object.fromEntries(Object.entries(traces).map(([name, text]) => [`${prefix}${name}`, text])),
  };
}

/** A copy of the scenario with every `trace:` file renamed. */
function renameTraces(value: unknown, rename: (name: string) => string): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== "object" || v === null) return v;
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, k === "trace" && typeof x === "string" ? rename(x) : walk(x)]),
    );
  };
  return walk(value) as Record<string, unknown>;
}

function csv(table: CsvTable): string {
  const rows = table.rows.map((row) => row.map((c) => (typeof c === "number" ? csvNumber(c) : c)).join(","));
  return `${[table.header, ...rows].join("\n")}\n`;
}

function arrivalsCsv(a: NonNullable<ImportResult["arrivals"]>): string {
  const parts: string[] = ["time,client,connection,service\n"];
  let chunk = "";
  for (let k = 0; k < a.time.length; k++) {
    const service = Number.isNaN(a.service[k]) ? "" : csvNumber(a.service[k]);
    chunk += `${csvNumber(a.time[k])},${a.client[k]},${a.connection[k]},${service}\n`;
    if (chunk.length > 1 << 16) {
      parts.push(chunk);
      chunk = "";
    }
  }
  parts.push(chunk);
  return parts.join("");
}

/**
 * Writes the import into `dir` (created if missing), after checking that the scenario loads with
 * its files: each file is written beside its name first and renamed once all are written.
 */
function writeImport(
  result: ImportResult,
  dir: string,
): { ok: true; paths: string[] } | { ok: false; errors: ScenarioError[] } {
  const files = importFiles(result);
  const loaded = loadScenario(files["scenario.yaml"], {
    readFile: (name) => files[name] ?? { problem: "not written" },
  });
  if (!loaded.ok) throw new Error(`the imported scenario does not load:\n${formatErrors(loaded.errors).join("\n")}`);
  try {
    const stats = statSync(dir, { throwIfNoEntry: false });
    if (stats && !stats.isDirectory())
      return { ok: false, errors: [{ path: "--out", message: `${dir} is a file, not a folder` }] };
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    return { ok: false, errors: [{ path: "--out", message: `cannot create ${dir} (${reason(error)})` }] };
  }
  const temporary: string[] = [];
  try {
    for (const [name, text] of Object.entries(files)) {
      const path = join(dir, `.${name}.${process.pid}.tmp`);
      temporary.push(path);
      writeFileSync(path, text);
    }
    const paths = Object.keys(files).map((name, i) => {
      const path = join(dir, name);
      renameSync(temporary[i], path);
      return path;
    });
    return { ok: true, paths };
  } catch (error) {
    for (const path of temporary) rmSync(path, { force: true });
    return { ok: false, errors: [{ path: dir, message: `cannot write (${reason(error)})` }] };
  }
}

function report(result: ImportResult, paths: string[], dir: string): void {
  const { skipped } = result;
  if (skipped.count > 0) {
    process.stderr.write(
      formatErrors(skipped.errors)
        .map((l) => `${l}\n`)
        .join(""),
    );
    const more = skipped.count - skipped.errors.length;
    if (more > 0) process.stderr.write(`(and ${more.toLocaleString("en-US")} more lines skipped)\n`);
  }
  process.stdout.write(
    `${result.summary.join("\n")}\n\nWritten: ${paths.join(", ")}\nRun it:  elbsim run ${join(dir, "scenario.yaml")}\n`,
  );
}

function problems(errors: readonly ScenarioError[]): number {
  const lines = formatErrors(errors.slice(0, MAX_SHOWN));
  if (errors.length > MAX_SHOWN) lines.push(`(and ${errors.length - MAX_SHOWN} more problems)`);
  process.stderr.write(lines.map((l) => `${l}\n`).join(""));
  return 2;
}
