// Text from a scenario, a trace or the command line, as messages quote it. Control characters
// are escaped (`\n`, `\x1b`, `\u202e`), so a newline in a key cannot forge another
// `path: message` line and an ANSI escape in a title cannot reach the terminal; excerpts are
// short, so a message never echoes a whole file.

/** C0, DEL and C1 controls; line and paragraph separators; bidirectional overrides and isolates. */
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeChar(ch: string): string {
  if (!UNPRINTABLE.test(ch)) return ch;
  const code = ch.charCodeAt(0);
  return NAMED[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`);
}

/** Whether the text has a control character other than those in `allowed`. */
export function unprintable(text: string, allowed = ""): boolean {
  for (const ch of text) if (UNPRINTABLE.test(ch) && !allowed.includes(ch)) return true;
  return false;
}

/** The text with every control character escaped. */
export function printable(text: string): string {
  let out = "";
  for (const ch of text) out += escapeChar(ch);
  return out;
}

/** The printable text, cut to at most `max` characters (ending in `…` when cut, never inside an escape). */
export function excerpt(text: string, max = 40): string {
  const whole = printable(text);
  if (whole.length <= max) return whole;
  let out = "";
  for (const ch of text) {
    const piece = escapeChar(ch);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/** A value as a message shows it: text as written, `an empty value` (YAML's `key:`), `a list`, `a mapping`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "an empty value";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  const text = String(v);
  return text === "" ? "an empty string" : excerpt(text, 60);
}
