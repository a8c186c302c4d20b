// Where a command's files go (--out DIR, --timeseries FILE): checked before the run, so a
// folder that cannot be written is found before an hour of work rather than after it; written
// under temporary names and renamed into place at the end, so an interrupted command leaves the
// files of the last complete one; written in chunks, so a long CSV never needs to fit in one
// string. Every problem a user can cause comes back as `path: message`.
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { ScenarioError } from "../sim/scenario/defaults";
import { reason } from "./reason";
import type { ShardName } from "./shard";

/** A file's text: one string, or chunks (a long CSV, a large result) written as they come. */
export type FileBody = string | Iterable<string>;

/** The files elbsim writes into an --out folder: another command's that this one does not write are stale. */
export const OUT_NAMES = [
  "summary.json",
  "timeseries.csv",
  "report.html",
  "replications.json",
  "sweep.json",
  "sweep.csv",
] as const;
/** A sweep's shard (`sweep --shard K/N --out DIR`) may be written too; shards share a folder, so none is stale. */
export type OutName = (typeof OUT_NAMES)[number] | ShardName;

/** What a finished output did: every path written, and what it replaced or removed (names, for a note). */
export interface Written {
  paths: string[];
  replaced: string[];
  removed: string[];
}

const STAGING = ".elbsim-";

export type Opened<T> = { ok: true; value: T } | { ok: false; errors: ScenarioError[] };

/**
 * An --out folder, checked before the run. `write` puts the files in a staging folder inside it,
 * then renames them into place and removes what an earlier command wrote that this one does not.
 */
export class OutFolder {
  private constructor(readonly dir: string) {}

  static open(dir: string): Opened<OutFolder> {
    const fail = (message: string): Opened<OutFolder> => ({ ok: false, errors: [{ path: "--out", message }] });
    // The folder is made when the files are written; now only the nearest folder that exists is
    // tried, by making a staging folder in it and removing it again, so that nothing is left
    // behind when the command is refused or interrupted.
    let existing = resolve(dir);
    while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
    try {
      if (!statSync(existing).isDirectory())
        return fail(
          existing === resolve(dir) ? `${dir} is a file, not a folder` : `cannot create ${dir} (${existing} is a file)`,
        );
      const probe = join(existing, `${STAGING}${process.pid}-probe`);
      mkdirSync(probe);
      rmdirSync(probe);
    } catch (error) {
      return fail(`cannot write files in ${existing} (${creationReason(error)})`);
    }
    if (existing === resolve(dir)) removeAbandoned(existing);
    return { ok: true, value: new OutFolder(dir) };
  }

  /**
   * Writes every file under a temporary name, then renames them into place and removes stale ones
   * (unless `keepOthers`: a shard's folder holds the sweep's other shards, and what merge wrote).
   */
  write(files: Partial<Record<OutName, FileBody>>, keepOthers = false): Opened<Written> {
    const staging = join(this.dir, `${STAGING}${process.pid}`);
    const names = Object.keys(files) as OutName[];
    try {
      mkdirSync(staging, { recursive: true });
      for (const name of names) writeBody(join(staging, name), files[name]!);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      return { ok: false, errors: [{ path: "--out", message: `cannot write in ${this.dir} (${reason(error)})` }] };
    }
    const replaced = names.filter((name) => existsSync(join(this.dir, name)));
    for (const name of names) renameSync(join(staging, name), join(this.dir, name));
    rmdirSync(staging);
    const removed = keepOthers
      ? []
      : OUT_NAMES.filter((name) => !names.includes(name) && existsSync(join(this.dir, name)));
    for (const name of removed) unlinkSync(join(this.dir, name));
    return { ok: true, value: { paths: names.map((name) => join(this.dir, name)), replaced, removed } };
  }
}

/**
 * A single file (--timeseries), checked before the run by making its temporary file beside it.
 * A device or pipe (/dev/stdout) is written in place: renaming onto it would replace it.
 */
export class OutFile {
  private constructor(
    readonly path: string,
    private readonly inPlace: boolean,
  ) {}

  static open(path: string): Opened<OutFile> {
    const fail = (message: string): Opened<OutFile> => ({ ok: false, errors: [{ path, message }] });
    let existing: ReturnType<typeof statSync> | null = null;
    try {
      existing = statSync(path);
    } catch {
      // Not there yet: it will be made.
    }
    if (existing?.isDirectory()) return fail("cannot write (is a directory)");
    if (existing && !existing.isFile()) return { ok: true, value: new OutFile(path, true) };
    try {
      if (!statSync(dirname(resolve(path))).isDirectory()) return fail("cannot write (its folder is not a directory)");
    } catch (error) {
      return fail(`cannot write (${reason(error) === "no such file" ? "no such folder" : reason(error)})`);
    }
    const probe = temporary(path);
    try {
      closeSync(openSync(probe, "wx"));
      unlinkSync(probe);
    } catch (error) {
      return fail(`cannot write in ${dirname(resolve(path))} (${creationReason(error)})`);
    }
    removeAbandoned(dirname(resolve(path)), basename(path));
    return { ok: true, value: new OutFile(path, false) };
  }

  /** Writes the file (under a temporary name, renamed into place); says whether it replaced one. */
  write(body: FileBody): Opened<{ replaced: boolean }> {
    const target = this.inPlace ? this.path : temporary(this.path);
    try {
      writeBody(target, body);
    } catch (error) {
      if (!this.inPlace) rmSync(target, { force: true });
      return { ok: false, errors: [{ path: this.path, message: `cannot write (${reason(error)})` }] };
    }
    if (this.inPlace) return { ok: true, value: { replaced: false } };
    const replaced = existsSync(this.path);
    renameSync(target, this.path);
    return { ok: true, value: { replaced } };
  }
}

function temporary(path: string): string {
  return join(dirname(path), `${STAGING}${process.pid}-${basename(path)}`);
}

/** Writes text or chunks to a file, in writes of up to a MiB. */
export function writeBody(path: string, body: FileBody): void {
  const fd = openSync(path, "w");
  try {
    writeChunks(body, (text) => writeAll(fd, text));
  } finally {
    closeSync(fd);
  }
}

/** Chunks gathered into pieces of about a MiB, each handed to `write`. */
export function writeChunks(body: FileBody, write: (text: string) => void): void {
  if (typeof body === "string") {
    if (body.length > 0) write(body);
    return;
  }
  let pending: string[] = [];
  let size = 0;
  for (const chunk of body) {
    pending.push(chunk);
    size += chunk.length;
    if (size >= 1 << 20) {
      write(pending.join(""));
      [pending, size] = [[], 0];
    }
  }
  if (size > 0) write(pending.join(""));
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
}

/** Why no file can be made in a folder that exists: /proc/self answers ENOENT, as it takes none. */
function creationReason(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code === "ENOENT" ? "it takes no new files" : reason(error);
}

/**
 * Removes what commands killed before their end left in `dir`: staging folders, or with `file`
 * only that file's temporary copies.
 */
function removeAbandoned(dir: string, file?: string): void {
  for (const name of readdirSync(dir)) {
    const [, pid, rest] = /^\.elbsim-(\d+)(?:-(.+))?$/.exec(name) ?? [];
    if (!pid || (file !== undefined && rest !== file) || Number(pid) === process.pid || alive(Number(pid))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Where a command writes: the --out folder and the --timeseries file, each checked. */
export interface Outputs {
  out: OutFolder | null;
  timeseries: OutFile | null;
}

export function openOutputs(options: { out: string | null; timeseries: string | null }): Opened<Outputs> {
  const out = options.out === null ? null : OutFolder.open(options.out);
  const timeseries = options.timeseries === null ? null : OutFile.open(options.timeseries);
  const errors = [out, timeseries].flatMap((o) => (o && !o.ok ? o.errors : []));
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { out: out?.ok ? out.value : null, timeseries: timeseries?.ok ? timeseries.value : null },
  };
}

/** What was replaced and removed, in a sentence for stderr, or null when nothing was. */
export function replacedNote(dir: string, written: Written): string | null {
  const parts: string[] = [];
  if (written.replaced.length > 0) parts.push(`replaced ${written.replaced.join(", ")}`);
  if (written.removed.length > 0)
    parts.push(`removed ${written.removed.join(", ")}, which an earlier command wrote and this one does not`);
  return parts.length > 0 ? `${dir}: ${parts.join("; ")}` : null;
}
