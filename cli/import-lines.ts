// The files `elbsim import` reads, a line at a time: regular files only, gunzipped when they start
// like gzip, decoded as UTF-8, and a line too long to be one skipped without being held whole.
import { closeSync, createReadStream, openSync, readSync, statSync } from "node:fs";
import { createGunzip } from "node:zlib";
import { reason } from "./reason";

/** A line longer than this is no line of any format read here: it is skipped, never held whole. */
export const MAX_LINE = 64 * 1024;

/** Why a file cannot be streamed (a directory, a FIFO that could block, a device), or null. */
export function notReadable(file: string): string | null {
  try {
    const stats = statSync(file);
    if (stats.isDirectory()) return "is a directory";
    if (!stats.isFile()) return "is not a regular file";
    return null;
  } catch (error) {
    return `cannot read (${reason(error)})`;
  }
}

export function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR" || code === "ERR_INVALID_ARG_TYPE")
    return "is not valid gzip (it starts like gzip but does not decompress)";
  return `cannot read (${reason(error)})`;
}

/** Whether a file starts with gzip's magic number. */
function gzipped(file: string): boolean {
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/**
 * A file's lines, decompressed if it is gzip, decoded as UTF-8, without their line ends; a line
 * longer than MAX_LINE is null (and never held whole).
 */
export async function* lines(file: string): AsyncGenerator<string | null> {
  const raw = createReadStream(file);
  const stream = gzipped(file) ? raw.pipe(createGunzip()) : raw;
  raw.on("error", (e) => stream.destroy(e));
  const decoder = new TextDecoder("utf-8");
  let pending = "";
  let tooLong = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let text = pending + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = text.indexOf("\n", start); end >= 0; end = text.indexOf("\n", start)) {
      if (tooLong) yield null;
      else yield text.slice(start, end).replace(/\r$/, "");
      tooLong = false;
      start = end + 1;
    }
    text = text.slice(start);
    if (text.length > MAX_LINE) {
      tooLong = true;
      text = "";
    }
    pending = text;
  }
  pending += decoder.decode();
  if (tooLong) yield null;
  else if (pending !== "") yield pending.replace(/\r$/, "");
}

/** A file's first line that is not blank (null: too long to be one), or undefined when there is none. */
export async function firstLine(file: string): Promise<string | null | undefined> {
  for await (const line of lines(file)) if (line === null || line.trim() !== "") return line;
  return undefined;
}
