// Where a trace file may come from and what it may be (issue "Hostile input"). A scenario is
// shared like a document, so `rate: { trace: … }` must not read whatever it names: a trace lies
// in the scenario file's folder or below it (not /etc/passwd, ~/.aws/credentials or
// ../../secrets), unless the user allows others (--allow-outside-traces); and it is a regular
// file of at most MAX_TRACE_BYTES, so a FIFO cannot block the run and /dev/zero cannot fill
// memory. Pure: the CLI, which can stat and read, applies it (sim/cli.ts).
import { unprintable } from "./printable";
import { describeValue } from "./schema";

/** 64 MiB: some eight million rows of `time,rps`, far beyond any traffic trace. */
export const MAX_TRACE_BYTES = 64 * 1024 * 1024;

const ALLOW = "--allow-outside-traces allows others";

/** Absolute (`/x`, `\x`, `C:`), or climbing above its folder with `..`. Both separators count. */
function leavesFolder(path: string): boolean {
  if (/^([\\/]|[a-zA-Z]:)/.test(path)) return true;
  let depth = 0;
  for (const part of path.split(/[\\/]/)) {
    if (part === "..") depth--;
    else if (part !== "" && part !== ".") depth++;
    if (depth < 0) return true;
  }
  return false;
}

/**
 * Why a trace cannot be read from where it is named, or null: `name` as the scenario writes it
 * and, once links are followed, `real`, the file's real path relative to the folder's.
 * `allowOutside` lifts only the folder rule.
 */
export function tracePathProblem(
  name: string,
  { real, allowOutside = false }: { real?: string; allowOutside?: boolean } = {},
): string | null {
  if (name.trim() === "") return "must name a file, got an empty string";
  if (unprintable(name)) return `must not contain control characters, got ${describeValue(name)}`;
  if (allowOutside) return null;
  if (leavesFolder(name)) return `must be a file in the scenario's folder, got ${describeValue(name)} (${ALLOW})`;
  if (real !== undefined && leavesFolder(real))
    return `must be a file in the scenario's folder, got ${describeValue(name)}, a link out of it (${ALLOW})`;
  return null;
}

/** What stat says a path is. */
export type FileKind = "file" | "directory" | "FIFO" | "device" | "socket" | "virtual" | "other";

const KIND_WORDS: Record<Exclude<FileKind, "file">, string> = {
  directory: "a directory",
  FIFO: "a FIFO",
  device: "a device",
  socket: "a socket",
  virtual: "it holds more than its size says, as /proc files do",
  other: "its kind is unknown",
};

/** Why the file stat describes cannot be a trace, or null. */
export function traceFileProblem(name: string, kind: FileKind, bytes: number): string | null {
  if (kind !== "file") return `${describeValue(name)} is not a regular file (${KIND_WORDS[kind]})`;
  if (bytes > MAX_TRACE_BYTES)
    return `${describeValue(name)} is ${mebibytes(bytes)}; a trace may be at most ${mebibytes(MAX_TRACE_BYTES)}`;
  return null;
}

function mebibytes(bytes: number): string {
  return `${Math.ceil(bytes / 1024 / 1024)} MiB`;
}
