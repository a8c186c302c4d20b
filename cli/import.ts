// `elbsim import FILE...` (docs/design.md#importing-real-traffic): reads access logs, CloudWatch
// exports and load-test results, gzipped or not, a line at a time, and writes a scenario that
// replays them with the files it names. The readers are pure (sim/scenario/); this file streams,
// decompresses, hashes client addresses and writes. Nothing is written unless everything was read:
// a bad file is exit 2 with one `path: message` line per problem.
import { createHmac, randomBytes } from "node:crypto";
import { join } from "node:path";
import { AccessLogImport, type ZoneRange } from "../sim/scenario/access-log-import";
import { accessLogKind } from "../sim/scenario/access-log";
import { CloudWatchImport, readLabel } from "../sim/scenario/cloudwatch";
import { csvFields } from "../sim/scenario/csv-fields";
import { isK6Header, isLocustHeader, K6Import, LocustImport } from "../sim/scenario/loadtest-results";
import type { ScenarioError } from "../sim/scenario/defaults";
import {
  FORMAT_NAMES,
  type ImportFormat,
  type ImportOutcome,
  type ImportResult,
  article,
  scenarioName,
  type SkippedLines,
} from "../sim/scenario/imported";
import { formatErrors } from "../sim/scenario/load";
import { describeValue } from "../sim/scenario/schema";
import type { CliOptions } from "./args";
import { writeImport } from "./import-files";
import { firstLine, lines, MAX_LINE, notReadable, readProblem } from "./import-lines";
import { checkOptions } from "./import-options";

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
