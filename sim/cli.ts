// The elbsim command (DESIGN.md §4, a contract): with sim/cli/, the only part of sim/ that uses
// Node. A thin shell: arguments in (cli/args.ts), loadScenario, runScenario, text out
// (cli/summary.ts).
// Exit codes: 0 success; 2 a bad scenario or bad arguments, one `path: message` line per problem
// on stderr and nothing on stdout; 1 only for a bug, with its stack.
import {
  type Stats,
  closeSync,
  constants,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  realpathSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { timeseriesCsv } from "../reports/csv";
import { helpText, parseCommandLine, type CliOptions } from "./cli/args";
import { progressBar } from "./cli/progress";
import { formatSummary } from "./cli/summary";
import { runScenario } from "./run";
import type { Scenario, ScenarioError } from "./scenario/defaults";
import { formatErrors, loadScenario, type LoadOptions } from "./scenario/load";
import { type FileKind, traceFileProblem, tracePathProblem } from "./scenario/trace-file";

const OK = 0;
const BUG = 1;
const BAD_INPUT = 2;

/** The bundled scenarios: scenarios/ at the package's root (found upward, as this file may run from a bundle). */
export const SCENARIOS_DIR = join(packageRoot(), "scenarios");

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Runs the command line `argv` (without `node elbsim`) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    return await command(argv);
  } catch (error) {
    process.stderr.write(
      `elbsim: internal error (a bug, please report it with what follows)\n${error instanceof Error ? error.stack : String(error)}\n`,
    );
    return BUG;
  }
}

async function command(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (!parsed.ok) return problems(parsed.errors);
  const options = parsed.options;
  if (options.help || options.command === "help") {
    if (argv.length === 0) {
      process.stderr.write(helpText());
      return BAD_INPUT;
    }
    process.stdout.write(helpText(options.command));
    return OK;
  }
  switch (options.command) {
    case "run":
      return options.replications !== null ? replicate(options) : await run(options);
    case "compare":
      return options.replications !== null ? replicate(options) : compare(options);
    case "validate":
      return validate(options.file, options);
    case "list":
      return list();
    default:
      throw new Error(`command ${options.command} has no handler`);
  }
}

function problems(errors: readonly ScenarioError[]): number {
  process.stderr.write(
    formatErrors(errors)
      .map((line) => `${line}\n`)
      .join(""),
  );
  return BAD_INPUT;
}

type Loaded = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/** A scenario file's text and how to load it (format, overrides, traces beside it). */
type Source =
  | { ok: true; text: string; options: Omit<LoadOptions, "variant"> }
  | { ok: false; errors: ScenarioError[] };

type SourceOptions = Partial<Pick<CliOptions, "seed" | "set" | "allowOutsideTraces">>;

function source(file: string, options: SourceOptions = {}): Source {
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
function load(file: string, options: SourceOptions & Partial<Pick<CliOptions, "variant">> = {}): Loaded {
  const read = source(file, options);
  return read.ok ? loadScenario(read.text, { ...read.options, variant: options.variant }) : read;
}

/** A file-system error in words: `no such file`, `is a directory`, `permission denied`. */
function reason(error: unknown): string {
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

// The report, comparison and replication modules (and d3 with them) load only when asked for:
// a plain `run` starts faster without them.

async function run(options: CliOptions): Promise<number> {
  const loaded = load(options.file, options);
  if (!loaded.ok) return problems(loaded.errors);
  // Check where the output goes before a long run, not after.
  const unwritten = outputProblems(options);
  if (unwritten.length > 0) return problems(unwritten);
  const progress = progressBar(options.json ? null : process.stderr, () => performance.now());
  const { result, timeseries } = runScenario(loaded.scenario, {
    variant: options.variant,
    onProgress: (now, total) => progress.update(now, total),
    clock: () => performance.now() / 1000,
  });
  progress.done();
  if (options.timeseries !== null) {
    try {
      writeFileSync(options.timeseries, timeseriesCsv(timeseries));
    } catch (error) {
      return problems([{ path: options.timeseries, message: `cannot write (${reason(error)})` }]);
    }
  }
  let written: string[] = [];
  if (options.out !== null) {
    const { runOutputFiles } = await import("../reports/report");
    written = writeOut(options.out, runOutputFiles({ scenario: loaded.scenario, result, timeseries }));
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    process.stdout.write(formatSummary(result, { title: loaded.scenario.title, timeseries }));
    if (options.timeseries !== null) process.stdout.write(`\nTime series written to ${options.timeseries}\n`);
    if (written.length > 0) process.stdout.write(`\nWritten: ${written.join(", ")}\n`);
  }
  return OK;
}

/** `compare FILE`: every variant on the same seed. */
async function compare(options: CliOptions): Promise<number> {
  const { compareJson, comparisonOutputFiles, comparisonTable, runComparison } = await import("../reports/compare");
  const read = source(options.file, options);
  if (!read.ok) return problems(read.errors);
  const unwritten = outputProblems(options);
  if (unwritten.length > 0) return problems(unwritten);
  const progress = progressBar(options.json ? null : process.stderr, () => performance.now());
  const compared = runComparison(read.text, {
    ...read.options,
    onProgress: (done, total) => progress.update(done, total),
    clock: () => performance.now() / 1000,
  });
  progress.done();
  if (!compared.ok) return problems(compared.errors);
  const written = options.out === null ? [] : writeOut(options.out, comparisonOutputFiles(compared.comparison));
  if (options.json) process.stdout.write(`${JSON.stringify(compareJson(compared.comparison), null, 2)}\n`);
  else {
    process.stdout.write(`${comparisonTable(compared.comparison)}\n`);
    if (written.length > 0) process.stdout.write(`\nWritten: ${written.join(", ")}\n`);
  }
  return OK;
}

/** `--replications N`: N seeds derived from the scenario's, on worker threads; with compare, every variant on the same seeds. */
async function replicate(options: CliOptions): Promise<number> {
  const { replicationsTable, runReplications } = await import("../reports/replications");
  if (options.timeseries !== null)
    return problems([
      { path: "--timeseries", message: "cannot be combined with --replications (there is one series per run)" },
    ]);
  const read = source(options.file, options);
  if (!read.ok) return problems(read.errors);
  const unwritten = outputProblems(options);
  if (unwritten.length > 0) return problems(unwritten);
  const progress = progressBar(options.json ? null : process.stderr, () => performance.now());
  const replicated = await runReplications(read.text, {
    ...read.options,
    replications: options.replications!,
    variants: options.command === "compare" ? "all" : [options.variant],
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.done();
  if (!replicated.ok) return problems(replicated.errors);
  const json = `${JSON.stringify(replicated.summary, null, 2)}\n`;
  const written = options.out === null ? [] : writeOut(options.out, { "replications.json": json });
  if (options.json) process.stdout.write(json);
  else {
    process.stdout.write(`${replicationsTable(replicated.summary)}\n`);
    if (written.length > 0) process.stdout.write(`\nWritten: ${written.join(", ")}\n`);
  }
  return OK;
}

/** Problems with where --timeseries and --out would write, found before the run. */
function outputProblems(options: CliOptions): ScenarioError[] {
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
function writeOut(dir: string, files: Record<string, string>): string[] {
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

function validate(file: string, options: SourceOptions): number {
  const loaded = load(file, options);
  if (!loaded.ok) return problems(loaded.errors);
  const s = loaded.scenario;
  const targets = s.targets.reduce((n, group) => n + group.count, 0);
  const variants = Object.keys(s.variants).length;
  const parts = [`scenario ${s.name}`, plural(targets, "target"), plural(s.clients.length, "client group")];
  if (variants > 0) parts.push(plural(variants, "variant"));
  process.stdout.write(`${file}: ok (${parts.join(", ")})\n`);
  return OK;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** The bundled scenarios: name, title, and the first sentence of the description. */
function list(): number {
  const files = readdirSync(SCENARIOS_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const entries = files.map((f) => {
    const file = join(SCENARIOS_DIR, f);
    const loaded = load(file);
    if (!loaded.ok)
      return {
        name: basename(f).replace(/\.ya?ml$/, ""),
        file,
        title: "(does not validate: run elbsim validate on it)",
        first: "",
      };
    const s = loaded.scenario;
    return { name: s.name, file, title: s.title, first: firstSentence(s.description) };
  });
  const width = Math.max(0, ...entries.map((e) => e.name.length));
  const lines = entries.flatMap((e) => [
    `${e.name.padEnd(width)}  ${e.title}`,
    ...wrap(e.first, 96 - width - 2).map((line) => `${" ".repeat(width + 2)}${line}`),
  ]);
  const example = entries[0] ? shortPath(entries[0].file) : "FILE";
  process.stdout.write(`${lines.join("\n")}\n\nRun one with: elbsim run ${example}\n`);
  return OK;
}

/** A path relative to the working folder when it lies inside it, absolute otherwise. */
function shortPath(file: string): string {
  const near = relative(process.cwd(), file);
  return near && !near.startsWith("..") ? near : file;
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const end = /[.!?](\s|$)/.exec(flat);
  return end ? flat.slice(0, end.index + 1) : flat;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ").filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
