// The command line's grammar (docs/design.md#the-command-line, a contract): commands and flags are tables, so a new
// flag is one row here and one field in CliOptions. Parsing never throws for what a user typed:
// every problem comes back as `path: message`, the path being the flag or argument at fault.
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { ScenarioError } from "../sim/scenario/defaults";
import { closest } from "../sim/scenario/closest";
import { describeValue } from "../sim/scenario/printable";
import { MAX_SEED } from "../sim/scenario/seed";
import { parseFraction } from "../sim/scenario/units";
import { MAX_SHARDS, type Shard, parseShard } from "./shard";

export type CommandName = "run" | "compare" | "sweep" | "merge" | "validate" | "list" | "import" | "help";

interface CommandSpec {
  /** Positional arguments after the command, by the name the help shows; `FILES…` takes one or more. */
  args: readonly string[];
  summary: string;
}

export const COMMANDS: Record<CommandName, CommandSpec> = {
  run: { args: ["FILE"], summary: "run a scenario and print a summary (or the result JSON)" },
  compare: { args: ["FILE"], summary: "run every variant of a scenario on the same seed (common random numbers)" },
  sweep: {
    args: ["FILE"],
    summary: "run a scenario over a grid of settings (--vary) on common seeds; --shard K/N runs a part for merge",
  },
  merge: { args: ["FILES..."], summary: "merge the JSON lines of a sweep's shards into the sweep's outputs" },
  validate: { args: ["FILE"], summary: "check a scenario file and every variant in it" },
  list: { args: [], summary: "list the bundled scenarios" },
  import: {
    args: ["FILE..."],
    summary: "make a scenario from access logs, CloudWatch exports, or k6 or Locust results (gzip or not)",
  },
  help: { args: [], summary: "show this help" },
};

const MAX_REPLICATIONS = 1000;
/** --precision's first round and its default cap: enough for a first estimate of the spread, and a bound on a metric that never settles. */
export const PRECISION_START = 5;
export const PRECISION_CAP = 100;

interface FlagSpec {
  /** The value's placeholder in the help; absent for a switch. */
  value?: string;
  /** May be given more than once; every value is kept, in order. */
  multiple?: boolean;
  short?: string;
  commands: readonly CommandName[];
  help: string;
}

export const FLAGS = {
  variant: { value: "NAME", commands: ["run", "sweep"], help: "apply one of the scenario's named variants" },
  seed: { value: "N", commands: ["run", "compare", "sweep"], help: "use this seed instead of the scenario's" },
  base: {
    value: "VARIANT",
    commands: ["compare"],
    help: "the reference the differences are from, shown first: a variant, or the scenario's name for it as written",
  },
  set: {
    value: "PATH=VALUE",
    multiple: true,
    commands: ["run", "compare", "sweep"],
    help: "override a setting, e.g. loadBalancer.crossZone=false (repeatable)",
  },
  vary: {
    value: "PATH=VALUES",
    multiple: true,
    commands: ["sweep"],
    help: "sweep a setting over 1..6, 0.5..2 step 0.5 or ttl,forever (repeatable: a grid; replaces the scenario's sweep block)",
  },
  json: { commands: ["run", "compare", "sweep", "merge"], help: "print only the result JSON on stdout" },
  timeseries: {
    value: "FILE.csv",
    commands: ["run"],
    help: "write the metric buckets as tidy CSV (time,metric,dimension,value)",
  },
  out: {
    value: "DIR",
    commands: ["run", "compare", "sweep", "merge", "import"],
    help: "write summary.json, timeseries.csv and report.html (compare: summary.json and report.html; with --replications: replications.json and report.html; sweep and merge: sweep.json, sweep.csv and report.html; a shard: shard-K-of-N.jsonl; import: the scenario and its files)",
  },
  format: {
    value: "FORMAT",
    commands: ["import"],
    help: "what the files are: alb, classic, cloudwatch, k6 or locust (default: told from the first line)",
  },
  name: { value: "NAME", commands: ["import"], help: "the scenario's name (default: from the first file's name)" },
  bucket: {
    value: "DURATION",
    commands: ["import"],
    help: "the width of what was observed per bucket, and the metrics interval (default 1s; CloudWatch and Locust: their period)",
  },
  "path-prefix": {
    value: "N",
    commands: ["import"],
    help: "access logs: service times per path prefix of N segments (/api is 1)",
  },
  zone: {
    value: "CIDR=ZONE",
    multiple: true,
    commands: ["import"],
    help: "access logs: targets in this IPv4 range are in this zone (repeatable; default: a zone per /24)",
  },
  rate: { commands: ["import"], help: "access logs: replay a rate trace instead of each request" },
  replications: {
    value: "N",
    commands: ["run", "compare", "sweep"],
    help: "run N seeds derived from the scenario's, in parallel, and report means with 95 % intervals (compare: paired differences; sweep: per point)",
  },
  threshold: {
    value: "CHECK",
    multiple: true,
    commands: ["run", "compare", "sweep"],
    help: "check the result, after the scenario's thresholds: 'errorRate<0.1%', 'latency.p99<500ms' (repeatable; exit 99 when one is breached)",
  },
  precision: {
    value: "P",
    commands: ["run", "compare", "sweep"],
    help: "replicate until every 95 % interval's half-width is within P of its mean, e.g. 2% (starts at --replications, default 5)",
  },
  "max-replications": {
    value: "N",
    commands: ["run", "compare", "sweep"],
    help: `with --precision, stop at N replications even if the precision is not reached (default ${PRECISION_CAP})`,
  },
  shard: {
    value: "K/N",
    commands: ["sweep"],
    help: "run only shard K of N of the sweep's runs and write them as JSON lines for elbsim merge",
  },
  "shard-from-env": {
    commands: ["sweep"],
    help: "take the shard from JOB_COMPLETION_INDEX (Kubernetes), AWS_BATCH_JOB_ARRAY_INDEX or SLURM_ARRAY_TASK_ID",
  },
  shards: {
    value: "N",
    commands: ["sweep"],
    help: "with --shard-from-env: how many shards (AWS Batch and Slurm say; a Kubernetes Indexed Job does not)",
  },
  "allow-outside-traces": {
    commands: ["run", "compare", "sweep", "validate"],
    help: "read trace files outside the scenario file's folder too (absolute paths, ../)",
  },
  "allow-large": {
    commands: ["run", "compare", "sweep", "validate"],
    help: "run work beyond the limits (requests, health checks, memory, file size: see the README)",
  },
  help: {
    short: "h",
    commands: ["run", "compare", "sweep", "merge", "validate", "list", "import", "help"],
    help: "show help",
  },
  version: {
    commands: ["run", "compare", "sweep", "merge", "validate", "list", "import", "help"],
    help: "print elbsim's version",
  },
} satisfies Record<string, FlagSpec>;

type FlagName = keyof typeof FLAGS;

/** What the command line asked for. */
export interface CliOptions {
  command: CommandName;
  /** The scenario file, for the commands that take one ("" otherwise). */
  file: string;
  /** The files `merge` and `import` read. */
  files: string[];
  /** sweep's --vary. */
  vary: string[];
  /** sweep --shard K/N. */
  shard: Shard | null;
  shardFromEnv: boolean;
  /** --shards N, with --shard-from-env. */
  shards: number | null;
  variant: string | null;
  /** compare's reference (--base). */
  base: string | null;
  seed: number | undefined;
  set: string[];
  /** Thresholds added to the scenario's (--threshold). */
  threshold: string[];
  json: boolean;
  /** Trace files may lie outside the scenario file's folder. */
  allowOutsideTraces: boolean;
  timeseries: string | null;
  out: string | null;
  replications: number | null;
  /** Run what the work limits would refuse (sim/scenario/work-estimate.ts). */
  allowLarge: boolean;
  /** --version: print it and stop. */
  version: boolean;
  /** --precision as a fraction (2% is 0.02). */
  precision: number | null;
  maxReplications: number | null;
  help: boolean;
  /** import's flags, as typed (cli/import.ts checks them). */
  format: string | null;
  name: string | null;
  bucket: string | null;
  pathPrefix: string | null;
  zone: string[];
  rate: boolean;
}

export type ParsedArgs = { ok: true; options: CliOptions } | { ok: false; errors: ScenarioError[] };

const flagNames = Object.keys(FLAGS) as FlagName[];

export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(
      flagNames.map((name) => {
        const spec: FlagSpec = FLAGS[name];
        return [
          name,
          {
            type: spec.value ? "string" : "boolean",
            multiple: spec.multiple ?? false,
            ...(spec.short ? { short: spec.short } : {}),
          },
        ];
      }),
    ) as ParseArgsConfig["options"],
    strict: false,
    allowPositionals: true,
    tokens: true,
  });

  const positionals = tokens.filter((t) => t.kind === "positional").map((t) => t.value);
  const options: CliOptions = {
    command: "help",
    file: "",
    files: [],
    vary: [],
    shard: null,
    shardFromEnv: false,
    shards: null,
    variant: null,
    base: null,
    seed: undefined,
    set: [],
    threshold: [],
    json: false,
    allowOutsideTraces: false,
    timeseries: null,
    out: null,
    replications: null,
    allowLarge: false,
    version: false,
    precision: null,
    maxReplications: null,
    help: false,
    format: null,
    name: null,
    bucket: null,
    pathPrefix: null,
    zone: [],
    rate: false,
  };
  const errors: ScenarioError[] = [];
  const fail = (path: string, message: string) => errors.push({ path, message });

  const word = positionals.shift();
  if (word !== undefined) {
    if (!Object.hasOwn(COMMANDS, word)) {
      const near = closest(word, Object.keys(COMMANDS));
      return {
        ok: false,
        errors: [
          {
            path: word,
            message: `unknown command${near ? ` (did you mean ${near}?)` : ""}; commands: ${Object.keys(COMMANDS).join(", ")}`,
          },
        ],
      };
    }
    options.command = word as CommandName;
  }
  const command = COMMANDS[options.command];

  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const raw = token.rawName;
    if (!Object.hasOwn(FLAGS, token.name)) {
      const near = closest(token.name, flagNames);
      fail(raw, `unknown flag${near ? ` (did you mean --${near}?)` : ""}`);
      continue;
    }
    const name = token.name as FlagName;
    const spec: FlagSpec = FLAGS[name];
    if (!spec.commands.includes(options.command)) {
      fail(raw, `is not a flag of ${options.command}`);
      continue;
    }
    if (!spec.value) {
      if (token.inlineValue) fail(raw, `takes no value, got ${token.value}`);
      else setSwitch(options, name);
      continue;
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith("--"))) {
      fail(raw, `needs a value (${raw} ${spec.value})`);
      continue;
    }
    const problem = setValue(options, name, value);
    if (problem) fail(raw, problem);
  }

  if (options.help || options.version) return errors.length ? { ok: false, errors } : { ok: true, options };
  if (command.args[0]?.endsWith("...")) {
    options.files = positionals.splice(0);
    if (options.files.length === 0) fail(command.args[0], `missing: ${usage(options.command)}`);
  } else if (command.args.length === 1) {
    const file = positionals.shift();
    if (file === undefined) fail(command.args[0], `missing: ${usage(options.command)}`);
    else options.file = file;
  }
  for (const extra of positionals) fail(extra, `unexpected argument: ${usage(options.command)}`);
  if (options.shard && options.shardFromEnv) fail("--shard-from-env", "cannot be combined with --shard");
  if (options.shards !== null && !options.shardFromEnv) fail("--shards", "applies only with --shard-from-env");
  if ((options.shard || options.shardFromEnv) && options.precision !== null)
    fail(
      "--precision",
      "cannot be sharded: it decides how many replications to run from all of them; give --replications N",
    );
  if (options.maxReplications !== null && options.precision === null)
    fail("--max-replications", "applies only with --precision");
  if (options.precision !== null) {
    options.replications ??= PRECISION_START;
    options.maxReplications ??= Math.max(PRECISION_CAP, options.replications);
    if (options.maxReplications < options.replications)
      fail(
        "--max-replications",
        `must be at least --replications (${options.replications}), got ${options.maxReplications}`,
      );
  }
  return errors.length ? { ok: false, errors } : { ok: true, options };
}

function setSwitch(options: CliOptions, name: FlagName): void {
  if (name === "json") options.json = true;
  else if (name === "allow-outside-traces") options.allowOutsideTraces = true;
  else if (name === "allow-large") options.allowLarge = true;
  else if (name === "help") options.help = true;
  else if (name === "rate") options.rate = true;
  else if (name === "version") options.version = true;
  else if (name === "shard-from-env") options.shardFromEnv = true;
}

/** Stores a flag's value; returns a message when the value is wrong. */
function setValue(options: CliOptions, name: FlagName, value: string): string | null {
  switch (name) {
    case "variant":
      options.variant = value;
      return null;
    case "base":
      options.base = value;
      return null;
    case "seed":
      // The schema checks the range, as for the file's own seed; but past 2^53 a double rounds the
      // seed to another one, so that is refused here, while the digits are at hand.
      if (!/^\d+$/.test(value)) return `must be a whole number, got ${describeValue(value)}`;
      if (!Number.isSafeInteger(Number(value))) return `must be at most ${MAX_SEED}, got ${describeValue(value)}`;
      options.seed = Number(value);
      return null;
    case "set":
      options.set.push(value);
      return null;
    case "threshold":
      options.threshold.push(value);
      return null;
    case "vary":
      options.vary.push(value);
      return null;
    case "shard": {
      const shard = parseShard(value);
      if ("error" in shard) return shard.error;
      options.shard = shard;
      return null;
    }
    case "shards":
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_SHARDS)
        return `must be a whole number from 1 to ${MAX_SHARDS}, got ${describeValue(value)}`;
      options.shards = Number(value);
      return null;
    case "timeseries":
      options.timeseries = value;
      return null;
    case "out":
      options.out = value;
      return null;
    case "format":
    case "name":
    case "bucket":
      options[name] = value;
      return null;
    case "path-prefix":
      options.pathPrefix = value;
      return null;
    case "zone":
      options.zone.push(value);
      return null;
    case "replications":
      if (!/^\d+$/.test(value) || Number(value) < 2) return `must be a whole number from 2 up, got ${value}`;
      // Each replication is a whole run, and past a thousand the interval narrows little (as 1/√N).
      if (Number(value) > MAX_REPLICATIONS) return `must be at most ${MAX_REPLICATIONS}, got ${describeValue(value)}`;
      options.replications = Number(value);
      return null;
    case "max-replications":
      if (!/^\d+$/.test(value) || Number(value) < 2)
        return `must be a whole number from 2 up, got ${describeValue(value)}`;
      if (Number(value) > MAX_REPLICATIONS) return `must be at most ${MAX_REPLICATIONS}, got ${describeValue(value)}`;
      options.maxReplications = Number(value);
      return null;
    case "precision": {
      const fraction = parseFraction(value);
      if (fraction === null || !(fraction > 0 && fraction <= 1))
        return `must be a relative half-width above 0 and at most 100 %, such as 2%, got ${describeValue(value)}`;
      options.precision = fraction;
      return null;
    }
    default:
      return `takes no value, got ${value}`;
  }
}

/** `elbsim run FILE [--variant NAME] …`, from the tables. */
export function usage(command: CommandName): string {
  const args = COMMANDS[command].args.join(" ");
  const flags = flagNames
    .filter((name) => name !== "help" && name !== "version" && (FLAGS[name] as FlagSpec).commands.includes(command))
    .map((name) => {
      const spec: FlagSpec = FLAGS[name];
      return `[--${name}${spec.value ? ` ${spec.value}` : ""}]${spec.multiple ? "..." : ""}`;
    });
  return ["elbsim", command === "help" ? "--help" : command, args, ...flags].filter(Boolean).join(" ");
}

/** The whole help text, or one command's. */
export function helpText(command?: CommandName): string {
  const lines: string[] = [];
  const commands =
    command && command !== "help" ? [command] : (Object.keys(COMMANDS) as CommandName[]).filter((c) => c !== "help");
  if (!command || command === "help") {
    lines.push("elbsim: a deterministic simulator of AWS Elastic Load Balancing", "", "Usage:");
  }
  for (const c of commands) {
    const spec = COMMANDS[c];
    lines.push(`  ${usage(c)}`, `      ${spec.summary}`);
  }
  lines.push("", "Flags:");
  const shown = flagNames.filter((name) => commands.some((c) => (FLAGS[name] as FlagSpec).commands.includes(c)));
  const left = shown.map((name) => {
    const spec: FlagSpec = FLAGS[name];
    return `${spec.short ? `-${spec.short}, ` : ""}--${name}${spec.value ? ` ${spec.value}` : ""}`;
  });
  const width = Math.max(...left.map((l) => l.length));
  shown.forEach((name, i) => {
    const spec: FlagSpec = FLAGS[name];
    lines.push(`  ${left[i].padEnd(width)}  ${spec.help}`);
  });
  lines.push(
    "",
    "Exit status: 0 success; 2 a bad scenario or bad arguments (one line per problem on stderr);",
    "99 a threshold breached (the results are still printed; a sweep: no point meets them all);",
    "1 an internal error (a bug: please report it with the stack trace).",
  );
  return `${lines.join("\n")}\n`;
}
