// The files a command reads, through Node's file system: a scenario file, its traces read beside
// it (output.ts writes). Every problem a user can cause comes back as `path: message`.
import { type Stats, closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import { dirname, extname, relative, resolve } from "node:path";
import type { Scenario, ScenarioError } from "../sim/scenario/defaults";
import { loadScenario, type LoadOptions } from "../sim/scenario/load";
import { type FileKind, traceFileProblem, tracePathProblem } from "../sim/scenario/trace-file";
import { LIMITS, scenarioSizeProblem } from "../sim/scenario/work-estimate";
import type { CliOptions } from "./args";
import { ALLOW_LARGE } from "./limits";
import { reason } from "./reason";

export { reason };
import { bundledHint, isBareName, scenarioPath } from "./bundled";

export type Loaded = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/** A scenario file's text and how to load it (format, overrides, traces beside it). */
export type Source =
  | { ok: true; text: string; options: Omit<LoadOptions, "variant"> }
  | { ok: false; errors: ScenarioError[] };

export type SourceOptions = Partial<
  Pick<CliOptions, "seed" | "set" | "threshold" | "allowLarge" | "allowOutsideTraces">
>;

/** A scenario file's text, and the options that load it as the command line asked. */
export function source(given: string, options: SourceOptions = {}): Source {
  const file = scenarioPath(given);
  const read = readScenarioText(file, options.allowLarge ? STRING_BYTES : LIMITS.scenarioBytes);
  if (!read.ok) {
    const missing = read.error.message === "cannot read (no such file)" && isBareName(given);
    const error = missing
      ? { path: given, message: `no such file, nor a bundled scenario${bundledHint(given)}` }
      : read.error;
    return { ok: false, errors: [error] };
  }
  const text = read.text;
  const here = dirname(file);
  return {
    ok: true,
    text,
    options: {
      format: extname(file).toLowerCase() === ".json" ? "json" : "yaml",
      overrides: options.set,
      seed: options.seed,
      thresholds: options.threshold,
      readFile: traceFiles(here, options.allowOutsideTraces ?? false),
    },
  };
}

/**
 * Reads the traces a scenario in `folder` names, as trace-file.ts allows: inside the folder, links
 * followed, unless allowOutside; a regular file, known by stat before it is opened (a FIFO would
 * block, /dev/zero never ends) and again once open; no more than the size stat gave.
 */
function traceFiles(folder: string, allowOutside: boolean): NonNullable<LoadOptions["readFile"]> {
  return (name) => {
    const named = tracePathProblem(name, { allowOutside });
    if (named) return { problem: named };
    try {
      const file = realpathSync(resolve(folder, name));
      const linked = tracePathProblem(name, { real: relative(realpathSync(folder), file), allowOutside });
      if (linked) return { problem: linked };
      const before = statSync(file);
      const problem = traceFileProblem(name, fileKind(before), before.size);
      if (problem) return { problem };
      const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      try {
        const open = fstatSync(fd);
        const swapped = traceFileProblem(name, fileKind(open), open.size);
        if (swapped) return { problem: swapped };
        // One byte more than stat said tells a file that holds more than its size (/proc) from one that does not.
        const buffer = Buffer.alloc(open.size + 1);
        let length = 0;
        while (length < buffer.length) {
          const n = readSync(fd, buffer, length, buffer.length - length, length);
          if (n === 0) break;
          length += n;
        }
        if (length > open.size) return { problem: traceFileProblem(name, "virtual", length)! };
        return buffer.toString("utf8", 0, length);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      return { problem: `cannot read ${name} (${reason(error)})` };
    }
  };
}

function fileKind(stats: Stats): FileKind {
  if (stats.isFile()) return "file";
  if (stats.isDirectory()) return "directory";
  if (stats.isFIFO()) return "FIFO";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "device";
  return stats.isSocket() ? "socket" : "other";
}

/** The most bytes a JavaScript string holds: past it no scenario can be read, even when large work is allowed. */
const STRING_BYTES = 2 ** 29 - 24;

/**
 * A scenario file's text, read no further than `maxBytes`: a regular file's size is known before
 * reading, while a pipe or a device (/dev/zero) is read until it ends or passes the limit.
 */
function readScenarioText(
  file: string,
  maxBytes: number,
): { ok: true; text: string } | { ok: false; error: ScenarioError } {
  const tooLarge = (bytes: number) =>
    scenarioSizeProblem(file, bytes, maxBytes === STRING_BYTES ? "" : ALLOW_LARGE, {
      ...LIMITS,
      scenarioBytes: maxBytes,
    });
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    return { ok: false, error: { path: file, message: `cannot read (${reason(error)})` } };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, error: { path: file, message: "cannot read (is a directory)" } };
    const known = stat.isFile() ? tooLarge(stat.size) : null;
    if (known) return { ok: false, error: known };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1 << 20, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return { ok: false, error: tooLarge(Infinity)! };
    }
    return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
  } catch (error) {
    return { ok: false, error: { path: file, message: `cannot read (${reason(error)})` } };
  } finally {
    closeSync(fd);
  }
}

/** Reads and validates a scenario file; traces are read relative to it. */
export function load(file: string, options: SourceOptions & Partial<Pick<CliOptions, "variant">> = {}): Loaded {
  const read = source(file, options);
  return read.ok ? loadScenario(read.text, { ...read.options, variant: options.variant }) : read;
}
