// The files a command reads and writes, through Node's file system: a scenario file (its traces
// read beside it), and where --timeseries and --out write. Every problem a user can cause comes
// back as `path: message`, checked before a long run rather than after it.
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import type { Scenario, ScenarioError } from "../sim/scenario/defaults";
import { loadScenario, type LoadOptions } from "../sim/scenario/load";
import type { CliOptions } from "./args";

export type Loaded = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/** A scenario file's text and how to load it (format, overrides, traces beside it). */
export type Source =
  | { ok: true; text: string; options: Omit<LoadOptions, "variant"> }
  | { ok: false; errors: ScenarioError[] };

/** A scenario file's text, and the options that load it as the command line asked. */
export function source(file: string, options: Partial<Pick<CliOptions, "seed" | "set">> = {}): Source {
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
      readFile: (name) => readFileSync(resolve(here, name), "utf8"),
    },
  };
}

/** Reads and validates a scenario file; traces are read relative to it. */
export function load(file: string, options: Partial<Pick<CliOptions, "variant" | "seed" | "set">> = {}): Loaded {
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
