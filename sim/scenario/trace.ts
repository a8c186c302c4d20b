// Traffic traces: `rate: { trace: file.csv }` in a client group. The file is CSV with the header
// `time,rps` (time in seconds), one row per point, sorted by time; the rate is linear between
// rows, as with points written in the scenario itself.
import type { RatePoint } from "./defaults";
import { excerpt } from "./printable";
import { RATE, TIME } from "./schema";
import { formatSeconds } from "./units";

export interface TraceError {
  /** 1-based line in the file. */
  line: number;
  message: string;
}

/** A trace's second column: its name in the header and its largest value. */
export interface TraceColumn {
  name: string;
  max: number;
}

const RPS: TraceColumn = { name: "rps", max: RATE.max };

/**
 * Reads a trace; blank lines and lines starting with `#` are skipped. Its second column is `rps`
 * unless `column` names another (`time,users` for closed-loop users), read into `rps` all the same.
 */
export function parseTrace(text: string, column: TraceColumn = RPS): { points: RatePoint[]; errors: TraceError[] } {
  const HEADER = `time,${column.name}`;
  const name = column.name;
  const points: RatePoint[] = [];
  const errors: TraceError[] = [];
  let header = false;
  let lastLine = 0;
  let lastAt = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const content = raw.trim();
    if (content === "" || content.startsWith("#")) return;
    lastLine = line;
    const cells = content.split(",").map((c) => c.trim());
    if (!header) {
      header = true;
      if (cells.join(",").toLowerCase() !== HEADER)
        errors.push({ line, message: `must start with the header ${HEADER}, got ${quote(content)}` });
      // A first line of numbers is a missing header, not a header to skip: read it as a row too.
      if (!cells.every(isNumeric)) return;
    }
    if (cells.length !== 2) {
      errors.push({ line, message: `needs 2 values (${HEADER}), got ${cells.length}` });
      return;
    }
    const [at, rps] = cells.map(Number);
    // The bounds are those of rate points written in the scenario; `1e400` reads as Infinity.
    if (!isNumeric(cells[0]))
      errors.push({ line, message: `time must be a number of seconds, got ${quote(cells[0])}` });
    else if (at < 0) errors.push({ line, message: `time must not be negative, got ${quote(cells[0])}` });
    else if (!(at <= TIME.max))
      errors.push({ line, message: `time must be at most ${formatSeconds(TIME.max)}, got ${quote(cells[0])}` });
    else if (at < lastAt) errors.push({ line, message: `time goes backwards: ${quote(cells[0])} after ${lastAt}` });
    else if (!isNumeric(cells[1])) errors.push({ line, message: `${name} must be a number, got ${quote(cells[1])}` });
    else if (rps < 0) errors.push({ line, message: `${name} must not be negative, got ${quote(cells[1])}` });
    else if (!(rps <= column.max))
      errors.push({ line, message: `${name} must be at most ${column.max}, got ${quote(cells[1])}` });
    else points.push({ at, rps });
    // The order is the rows' as written, even when a row's rate is wrong.
    if (isNumeric(cells[0]) && at > lastAt && at <= TIME.max) lastAt = at;
  });
  if (points.length === 0 && errors.length === 0) {
    errors.push({ line: Math.max(lastLine, 1), message: header ? "has no rows after the header" : "is empty" });
  }
  return { points, errors };
}

/**
 * A cell or line as a message shows it: a short escaped excerpt, as the file may be anything
 * (a binary, a file of secrets) and the message goes to a terminal.
 */
function quote(text: string): string {
  return text === "" ? "nothing" : excerpt(text);
}

function isNumeric(cell: string): boolean {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(cell);
}
