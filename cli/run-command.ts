// `elbsim run` and `elbsim compare` (docs/design.md#the-command-line), once or with
// --replications: load, check the work and where the output goes, run, then write and print
// (finish.ts). The comparison, replication and report modules (and d3 with them) load only when
// asked for: a plain `run` starts faster without them.
import { timeseriesCsvChunks } from "../reports/csv";
import { jsonFile } from "../reports/json";
import { formatClock } from "../reports/format";
import { compareObserved, observedTable } from "../reports/observed";
import { formatSummary } from "../reports/summary";
import { resultJson } from "../reports/thresholds";
import { judgeRun } from "../sim/metrics/thresholds";
import { runScenario } from "../sim/run";
import { workDone } from "../sim/scenario/work-estimate";
import type { CliOptions } from "./args";
import { load, source } from "./files";
import { finish } from "./finish";
import { refusedWork } from "./limits";
import { openOutputs } from "./output";
import { problems } from "./problems";
import { countRuns, everyRedraw, progressBar } from "./progress";
import { verdict } from "./thresholds";

const OK = 0;

/** `run FILE` or `compare FILE`, with --replications when it is given. */
export function runCommand(options: CliOptions): Promise<number> {
  if (options.replications !== null) return replicate(options);
  return options.command === "compare" ? compare(options) : run(options);
}

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
  const thresholds = judgeRun(loaded.scenario.thresholds, result, timeseries);
  const { out, timeseries: csv } = outputs.value;
  const notes: string[] = [];
  if (csv) {
    const written = csv.write(timeseriesCsvChunks(timeseries));
    if (!written.ok) return problems(written.errors);
    if (written.value.replaced) notes.push(`${csv.path}: replaced`);
  }
  const files = out
    ? (await import("../reports/report")).runOutputFiles({ scenario: loaded.scenario, result, timeseries, thresholds })
    : {};
  // A scenario made from real data: what was simulated against what was observed.
  const observed = loaded.scenario.observed;
  const comparison = observed ? compareObserved(observed, timeseries) : null;
  const summary = () =>
    `${formatSummary(result, { title: loaded.scenario.title, timeseries, thresholds })}${
      comparison ? `\n${observedTable(comparison, observed!.trace)}` : ""
    }${csv ? `\nTime series written to ${csv.path}\n` : ""}`;
  const json = () => jsonFile(resultJson(comparison ? { ...result, observed: comparison } : result, thresholds));
  const code = finish(options, out, files, () => (options.json ? json() : summary()), notes);
  return code === OK ? verdict(thresholds) : code;
}

/** `compare FILE`: every variant on the same seed. */
async function compare(options: CliOptions): Promise<number> {
  const [{ compareJson, comparisonOutputFiles, comparisonTable, comparisonThresholds }, { runComparison }] =
    await Promise.all([import("../reports/compare"), import("./compare")]);
  const read = source(options.file, options);
  if (!read.ok) return problems(read.errors);
  const outputs = openOutputs(options);
  if (!outputs.ok) return problems(outputs.errors);
  const progress = progressBar(options.json ? null : process.stderr, () => performance.now(), everyRedraw);
  const compared = await runComparison(read.text, {
    ...read.options,
    base: options.base,
    allowLarge: options.allowLarge,
    onProgress: countRuns(progress),
  });
  progress.done();
  if (!compared.ok) return problems(compared.errors);
  const code = finish(options, outputs.value.out, comparisonOutputFiles(compared.comparison), () =>
    options.json ? jsonFile(compareJson(compared.comparison), 5) : `${comparisonTable(compared.comparison)}\n`,
  );
  return code === OK ? verdict(comparisonThresholds(compared.comparison).flat()) : code;
}

/** `--replications N`: N seeds derived from the scenario's, on worker threads; with compare, every variant on the same seeds. */
async function replicate(options: CliOptions): Promise<number> {
  const [{ replicationsTable }, { replicationOutputFiles }, { runReplications }] = await Promise.all([
    import("../reports/replications"),
    import("../reports/replications-report"),
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
  const progress = progressBar(options.json ? null : process.stderr, () => performance.now(), everyRedraw);
  const replicated = await runReplications(read.text, {
    ...read.options,
    allowLarge: options.allowLarge,
    replications: options.replications!,
    precision:
      options.precision === null ? undefined : { target: options.precision, maxReplications: options.maxReplications! },
    variants: options.command === "compare" ? "all" : [options.variant],
    base: options.base,
    onProgress: countRuns(progress),
  });
  progress.done();
  if (!replicated.ok) return problems(replicated.errors);
  const { summary } = replicated;
  const files = replicationOutputFiles(summary, replicated.base);
  const code = finish(options, outputs.value.out, files, () =>
    options.json ? files["replications.json"] : `${replicationsTable(summary)}\n`,
  );
  return code === OK ? verdict(summary.variants.flatMap((v) => v.thresholds)) : code;
}
