// CSV as the imported tools write it (RFC 4180: fields split at commas, a field in double quotes
// may hold commas and doubled quotes), one line at a time, so a file of any size can stream
// through. A quoted line break is not supported: none of the formats read here writes one.

/** A problem on one line of a file (1-based). */
export interface LineError {
  line: number;
  message: string;
}

/** The fields of one line, quotes removed; null when a quote is never closed. */
export function csvFields(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    if (line[i] === '"') {
      let text = "";
      let j = i + 1;
      for (;;) {
        if (j >= n) return null;
        if (line[j] === '"') {
          if (line[j + 1] === '"') {
            text += '"';
            j += 2;
            continue;
          }
          break;
        }
        text += line[j++];
      }
      fields.push(text);
      i = j + 1;
      if (i < n && line[i] !== ",") return null;
    } else {
      const end = line.indexOf(",", i);
      fields.push(line.slice(i, end < 0 ? n : end).trim());
      i = end < 0 ? n : end;
    }
    if (i >= n) return fields;
    i++; // the comma
  }
}

/** Whether a cell is a plain decimal number (`12`, `-0.5`, `1e3`), as trace files write them. */
export function isNumeric(cell: string): boolean {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(cell);
}

/** The index of each wanted column in a header, matched without case; -1 when absent. */
export function columns<K extends string>(header: readonly string[], wanted: Record<K, string>): Record<K, number> {
  const lower = header.map((h) => h.trim().toLowerCase());
  return Object.fromEntries(
    Object.entries<string>(wanted).map(([key, name]) => [key, lower.indexOf(name.toLowerCase())]),
  ) as Record<K, number>;
}

/**
 * Each line of `text`, trimmed, with its 1-based number, without splitting the whole text into an
 * array first: a 64 MiB file of empty lines would be millions of strings at once.
 */
export function* linesOf(text: string): Generator<[content: string, line: number]> {
  let start = 0;
  let line = 0;
  for (;;) {
    const end = text.indexOf("\n", start);
    line++;
    yield [text.slice(start, end < 0 ? text.length : end).trim(), line];
    if (end < 0) return;
    start = end + 1;
  }
}

/** How many lines `text` has (as linesOf counts them). */
export function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
