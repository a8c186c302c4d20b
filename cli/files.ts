// The files a command reads and writes, through Node's file system: a scenario file (its traces
// read beside it), and where --timeseries and --out write. Every problem a user can cause comes
// back as `path: message`, checked before a long run rather than after it.
import {
  type Stats,
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, extname, join, relative, resolve } from "node:path";
import type { Scenario, ScenarioError } from "../sim/scenario/defaults";
import { loadScenario, type LoadOptions } from "../sim/scenario/load";
import { type FileKind, traceFileProblem, tracePathProblem } from "../sim/scenario/trace-file";
import type { CliOptions } from "./args";

export type Loaded = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/** A scenario file's text and how to load it (format, overrides, traces beside it). */
export type Source =
  | { ok: true; text: string; options: Omit<LoadOptions, "variant"> }
  | { ok: false; errors: ScenarioError[] };

export type SourceOptions = Partial<Pick<CliOptions, "seed" | "set" | "allowOutsideTraces">>;

/** A scenario file's text, and the options that load it as the command line asked. */
export function source(file: string, options: SourceOptions = {}): Source {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return { ok: false, errors: [{ path: file, message: `cannot read (${reason(error)})` }] };
  }
  const here = dirname(file);
  return {
    ok: true,
    text,
    options: {
      format: extname(file).toLowerCase() === ".json" ? "json" : "yaml",
      overrides: options.set,
      seed: options.seed,
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

/** Reads and validates a scenario file; traces are read relative to it. */
export function load(file: string, options: SourceOptions & Partial<Pick<CliOptions, "variant">> = {}): Loaded {
  const read = source(file, options);
  return read.ok ? loadScenario(read.text, { ...read.options, variant: options.variant }) : read;
}

/** A file-system error in words: `no such file`, `is a directory`, `permission denied`. */
export function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "is a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

/** Problems with where --timeseries and --out would write, found before the run. */
export function outputProblems(options: CliOptions): ScenarioError[] {
  const errors: ScenarioError[] = [];
  if (options.timeseries !== null) {
    const problem = unwritable(options.timeseries);
    if (problem) errors.push({ path: options.timeseries, message: problem });
  }
  if (options.out !== null) {
    try {
      if (!statSync(options.out).isDirectory())
        errors.push({ path: "--out", message: `${options.out} is a file, not a folder` });
    } catch {
      const problem = unwritable(options.out);
      if (problem)
        errors.push({ path: "--out", message: problem.replace("cannot write", `cannot create ${options.out}`) });
    }
  }
  return errors;
}

/** Writes the files into dir (created if missing) and returns their paths. */
export function writeOut(dir: string, files: Record<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}

/** Why a file cannot be written there, or null: its folder must exist, and it must not be a folder. */
function unwritable(file: string): string | null {
  try {
    if (!statSync(dirname(resolve(file))).isDirectory()) return "cannot write (its folder is not a directory)";
  } catch (error) {
    return `cannot write (${reason(error) === "no such file" ? "no such folder" : reason(error)})`;
  }
  try {
    if (statSync(file).isDirectory()) return "cannot write (is a directory)";
  } catch {
    // Not there yet: it will be created.
  }
  return null;
}
