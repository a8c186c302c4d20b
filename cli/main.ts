// The elbsim command (docs/design.md#the-command-line, a contract). A thin Node shell around sim/:
// arguments in (args.ts), loadScenario, runScenario, text out (reports/summary.ts); files.ts reads
// and writes.
// Exit codes: 0 success; 2 a bad scenario or bad arguments, one `path: message` line per problem
// on stderr and nothing on stdout; 1 only for a bug, with its stack.
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { ScenarioError } from "../sim/scenario/defaults";
import { helpText, parseCommandLine, type CliOptions } from "./args";
import { progressBar } from "./progress";

// Past the arguments, a command loads what it needs when it runs (docs/design.md#performance):
// files.ts brings the scenario schema (zod) and YAML, which `--help` does without, sim/run the
// simulator, reports/ the summaries and, for a report, d3.
const files = () => import("./files");

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
      return validate(options.file);
    case "list":
      return list();
    default:
      throw new Error(`command ${options.command} has no handler`);
  }
}

async function problems(errors: readonly ScenarioError[]): Promise<number> {
  const { formatErrors } = await import("../sim/scenario/load");
  process.stderr.write(
    formatErrors(errors)
      .map((line) => `${line}\n`)
      .join(""),
  );
  return BAD_INPUT;
}

async function run(options: CliOptions): Promise<number> {
  const [{ load, outputProblems, reason, writeOut }, { runScenario }, { timeseriesCsv }, { formatSummary }] =
    await Promise.all([files(), import("../sim/run"), import("../reports/csv"), import("../reports/summary")]);
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
  const [
    { compareJson, comparisonOutputFiles, comparisonTable },
    { runComparison },
    { outputProblems, source, writeOut },
  ] = await Promise.all([import("../reports/compare"), import("./compare"), files()]);
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
  const [{ replicationsTable }, { runReplications }, { outputProblems, source, writeOut }] = await Promise.all([
    import("../reports/replications"),
    import("./replications"),
    files(),
  ]);
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

async function validate(file: string): Promise<number> {
  const { load } = await files();
  const loaded = load(file);
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
async function list(): Promise<number> {
  const { load } = await files();
  const names = readdirSync(SCENARIOS_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const entries = names.map((f) => {
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
