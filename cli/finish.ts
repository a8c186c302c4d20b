// How a command ends once its work is done (docs/design.md#the-command-line): the --out files
// written, then stdout (the JSON, or the table and what was written), then notes on stderr.
import type { CliOptions } from "./args";
import { type FileBody, type OutFolder, type OutName, replacedNote, writeChunks } from "./output";
import { problems } from "./problems";

const OK = 0;

/** Writes the --out files, then stdout (the JSON, or the table and what was written), then the notes. */
export function finish(
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

export function writeStdout(body: FileBody): void {
  writeChunks(body, (text) => process.stdout.write(text));
}
