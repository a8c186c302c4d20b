// The elbsim command (docs/design.md#the-command-line, a contract). A thin Node shell around sim/:
// arguments in (args.ts), then the command's own module: run-command.ts (run, compare,
// replications), validate-command.ts (validate, list), sweep-command.ts (sweep, merge) and
// import.ts. Each is imported only when its command runs, so that `--help` loads neither zod, the
// YAML parser, the simulator nor d3 (docs/design.md#the-command-line: within twice bare Node's
// start-up), and `validate` loads no simulator and no reports.
// Exit codes: 0 success; 2 a bad scenario or bad arguments, one `path: message` line per problem
// on stderr and nothing on stdout; 99 a threshold breached (cli/thresholds.ts); 1 only for a bug,
// with its stack.
import { helpText, parseCommandLine } from "./args";
import { version } from "./bundled";
import { reason } from "./reason";

const OK = 0;
const BUG = 1;
const BAD_INPUT = 2;

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
  if (!parsed.ok) return (await import("./problems")).problems(parsed.errors);
  const options = parsed.options;
  if (options.version) {
    process.stdout.write(`elbsim ${version()}\n`);
    return OK;
  }
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
    case "compare":
      return (await import("./run-command")).runCommand(options);
    case "sweep":
      return (await import("./sweep-command")).sweep(options);
    case "merge":
      return (await import("./sweep-command")).merge(options);
    case "validate":
      return (await import("./validate-command")).validate(options);
    case "list":
      return (await import("./validate-command")).list();
    case "import":
      return (await import("./import")).importCommand(options);
    default:
      throw new Error(`command ${options.command} has no handler`);
  }
}
