// The help the command line prints, and the usage lines its errors quote, made from the tables.
import { type CommandName, COMMANDS, FLAGS, type FlagSpec, flagNames } from "./flags";

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
