// The command line's grammar (docs/design.md#the-command-line, a contract): commands and flags are
// tables (flags.ts), so a new flag is one row there and one field in CliOptions here. Parsing never
// throws for what a user typed: every problem comes back as `path: message`, the path being the
// flag or argument at fault.
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { ScenarioError } from "../sim/scenario/defaults";
import { closest } from "../sim/scenario/closest";
import { describeValue } from "../sim/scenario/printable";
import { MAX_SEED } from "../sim/scenario/seed";
import { parseFraction } from "../sim/scenario/units";
import {
  type CommandName,
  COMMANDS,
  FLAGS,
  type FlagName,
  type FlagSpec,
  flagNames,
  PRECISION_CAP,
  PRECISION_START,
} from "./flags";
import { usage } from "./help";
import { MAX_SHARDS, type Shard, parseShard } from "./shard";

export { helpText } from "./help";

const MAX_REPLICATIONS = 1000;

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
