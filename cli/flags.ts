// The command line's tables (docs/design.md#the-command-line, a contract): its commands, with the
// arguments each takes, and its flags, with the commands each belongs to and its help. A new flag
// is one row here, one field in CliOptions (args.ts) and its parsing there.

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

/** --precision's first round and its default cap: enough for a first estimate of the spread, and a bound on a metric that never settles. */
export const PRECISION_START = 5;
export const PRECISION_CAP = 100;

export interface FlagSpec {
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

export type FlagName = keyof typeof FLAGS;

export const flagNames = Object.keys(FLAGS) as FlagName[];
