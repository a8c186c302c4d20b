// The elbsim command (docs/design.md#the-command-line, a contract). A thin Node shell around sim/:
// arguments in (args.ts), loadScenario, runScenario, text out (reports/summary.ts); files.ts reads
// and writes.
// Exit codes: 0 success; 2 a bad scenario or bad arguments, one `path: message` line per problem
// on stderr and nothing on stdout; 1 only for a bug, with its stack.
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { timeseriesCsvChunks } from "../reports/csv";
import { jsonFile } from "../reports/json";
import { formatClock } from "../reports/format";
import { compareObserved, observedTable } from "../reports/observed";
import { formatSummary } from "../reports/summary";
import { runScenario } from "../sim/run";
import type { ScenarioError } from "../sim/scenario/defaults";
import { formatErrors, loadScenario, validateScenario } from "../sim/scenario/load";
import { workDone } from "../sim/scenario/work-estimate";
import { helpText, parseCommandLine, type CliOptions } from "./args";
import { load, reason, source } from "./files";
import { refusedWork } from "./limits";
import { type FileBody, type OutFolder, type OutName, openOutputs, replacedNote, writeChunks } from "./output";
import { progressBar } from "./progress";

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
  if (!process.stdout.listeners("error").includes(stdoutFailed)) process.stdout.on("error", stdoutFailed);
  // A closed stderr (`2>&1 | head`) leaves nothing to tell: the command goes on to its exit code.
  if (process.stderr.listenerCount("error") === 0) process.stderr.on("error", () => {});
  try {
    return await command(argv);
  } catch (error) {
    process.stderr.write(
      `elbsim: internal error (a bug, please report it with what follows)\n${error instanceof Error ? error.stack : String(error)}\n`,
    );
    return BUG;
  }
}

/**
 * Writing stdout failed. A closed pipe (`elbsim run --json | head -c 10`) means the reader has
 * what it wanted: end quietly, as `yes | head` does. Anything else, such as a full disk, is the
 * user's to fix: exit 2 with a message.
 */
function stdoutFailed(error: NodeJS.ErrnoException): void {
  if (error.code === "EPIPE") process.exit(OK);
  process.stderr.write(`stdout: cannot write (${reason(error)})\n`);
  process.exit(BAD_INPUT);
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
      return validate(options);
    case "list":
      return list();
    case "import":
      return (await import("./import")).importCommand(options);
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

// The report, comparison and replication modules (and d3 with them) load only when asked for:
// a plain `run` starts faster without them.

async function run(options: CliOptions): Promise<number> {
  const loaded = load(options.file, options);
  if (!loaded.ok) return problems(loaded.errors);
  const tooLarge = refusedWork({ scenarios: [loaded.scenario] }, options.allowLarge);
  if (tooLarge.length > 0) return problems(tooLarge);
  // Check where the output goes before a long run, not after.
  const outputs = openOutputs(options);
  if (!outputs.ok) return problems(outputs.errors);
  const progress = progressBar(options.json ? null : process.stderr, () => performance.now());
  const done = workDone(loaded.scenario);
  const { result, timeseries } = runScenario(loaded.scenario, {
    variant: options.variant,
    onProgress: (now, total) => progress.update(done(now), `${formatClock(now)} of ${formatClock(total)} simulated`),
    clock: () => performance.now() / 1000,
  });
  progress.done();
  const { out, timeseries: csv } = outputs.value;
  const notes: string[] = [];
  if (csv) {
    const written = csv.write(timeseriesCsvChunks(timeseries));
    if (!written.ok) return problems(written.errors);
    if (written.value.replaced) notes.push(`${csv.path}: replaced`);
  }
  const files = out
    ? (await import("../reports/report")).runOutputFiles({ scenario: loaded.scenario, result, timeseries })
    : {};
  // A scenario made from real data: what was simulated against what was observed.
  const observed = loaded.scenario.observed;
  const comparison = observed ? compareObserved(observed, timeseries) : null;
  const summary = () =>
    `${formatSummary(result, { title: loaded.scenario.title, timeseries })}${
      comparison ? `\n${observedTable(comparison, observed!.trace)}` : ""
    }${csv ? `\nTime series written to ${csv.path}\n` : ""}`;
  const json = () => jsonFile(comparison ? { ...result, observed: comparison } : result);
  return finish(options, out, files, () => (options.json ? json() : summary()), notes);
}

/** `compare FILE`: every variant on the same seed. */
async function compare(options: CliOptions): Promise<number> {
  const [{ compareJson, comparisonOutputFiles, comparisonTable }, { runComparison }] = await Promise.all([
    import("../reports/compare"),
    import("./compare"),
  ]);
  const read = source(options.file, options);
  if (!read.ok) return problems(read.errors);
  const outputs = openOutputs(options);
  if (!outputs.ok) return problems(outputs.errors);
  const progress = progressBar(options.json ? null : process.stderr, () => performance.now());
  const compared = runComparison(read.text, {
    ...read.options,
    allowLarge: options.allowLarge,
    onProgress: (done, total) =>
      progress.update(done / total, `variant ${Math.min(total, Math.floor(done) + 1)} of ${total}`),
    clock: () => performance.now() / 1000,
  });
  progress.done();
  if (!compared.ok) return problems(compared.errors);
  return finish(options, outputs.value.out, comparisonOutputFiles(compared.comparison), () =>
    options.json ? jsonFile(compareJson(compared.comparison), 5) : `${comparisonTable(compared.comparison)}\n`,
  );
}

/** `--replications N`: N seeds derived from the scenario's, on worker threads; with compare, every variant on the same seeds. */
async function replicate(options: CliOptions): Promise<number> {
  const [{ replicationsTable }, { runReplications }] = await Promise.all([
    import("../reports/replications"),
    import("./replications"),
  ]);
  if (options.timeseries !== null)
    return problems([
      { path: "--timeseries", message: "cannot be combined with --replications (there is one series per run)" },
    ]);
  const read = source(options.file, options);
  if (!read.ok) return problems(read.errors);
  const outputs = openOutputs(options);
  if (!outputs.ok) return problems(outputs.errors);
  const progress = progressBar(options.json ? null : process.stderr, () => performance.now());
  const replicated = await runReplications(read.text, {
    ...read.options,
    allowLarge: options.allowLarge,
    replications: options.replications!,
    variants: options.command === "compare" ? "all" : [options.variant],
    onProgress: (done, total) => progress.update(done / total, `${done} of ${total} runs`),
  });
  progress.done();
  if (!replicated.ok) return problems(replicated.errors);
  const { summary } = replicated;
  return finish(options, outputs.value.out, { "replications.json": jsonFile(summary) }, () =>
    options.json ? jsonFile(summary) : `${replicationsTable(summary)}\n`,
  );
}

/** Writes the --out files, then stdout (the JSON, or the table and what was written), then the notes. */
function finish(
  options: CliOptions,
  out: OutFolder | null,
  files: Partial<Record<OutName, FileBody>>,
  stdout: () => FileBody,
  notes: string[] = [],
): number {
  let written: string[] = [];
  if (out) {
    const result = out.write(files);
    if (!result.ok) return problems(result.errors);
    written = result.value.paths;
    notes.push(replacedNote(out.dir, result.value) ?? "");
  }
  writeStdout(stdout());
  if (!options.json) {
    if (written.length > 0) writeStdout(`\nWritten: ${written.join(", ")}\n`);
    note(notes);
  }
  return OK;
}

/** Notes on stderr (never with --json): what an output replaced. */
function note(lines: readonly string[]): void {
  for (const line of lines) if (line) process.stderr.write(`${line}\n`);
}

function writeStdout(body: FileBody): void {
  writeChunks(body, (text) => process.stdout.write(text));
}

function validate(options: CliOptions): number {
  const file = options.file;
  const read = source(file, options);
  if (!read.ok) return problems(read.errors);
  const loaded = loadScenario(read.text, read.options);
  if (!loaded.ok) return problems(loaded.errors);
  const s = loaded.scenario;
  // What `run` would refuse, as written and with each variant (a variant's own problems at its name).
  const tooLarge = refusedWork({ scenarios: [s] }, options.allowLarge);
  const seen = new Set(tooLarge.map((e) => `${e.path}: ${e.message}`));
  for (const variant of Object.keys(s.variants)) {
    // The file is parsed once, and its variants were all checked with it.
    const changed = validateScenario(loaded.raw, { ...read.options, variant, otherVariants: false });
    if (!changed.ok) continue;
    for (const e of refusedWork({ scenarios: [changed.scenario] }, options.allowLarge))
      if (!seen.has(`${e.path}: ${e.message}`))
        tooLarge.push({ path: `variants.${variant}`, message: `${e.path}: ${e.message}` });
  }
  if (tooLarge.length > 0) return problems(tooLarge);
  const targets = s.targets.reduce((n, group) => n + group.count, 0);
  const variants = Object.keys(s.variants).length;
  const parts = [`scenario ${s.name}`, plural(targets, "target"), plural(s.clients.length, "client group")];
  const groups = s.autoScalingGroups?.length ?? 0;
  if (groups > 0) parts.splice(2, 0, plural(groups, "Auto Scaling group"));
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
