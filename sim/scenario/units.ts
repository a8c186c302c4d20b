// Units in scenario files: durations are seconds or strings with units ("250ms", "5m30s", "1d").

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** A duration string: one or more `<number><unit>` parts, e.g. `250ms`, `30s`, `5m30s`, `1.5h`. */
export const DURATION_PATTERN = "^(\\d+(\\.\\d+)?(ms|s|m|h|d))+$";
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
const WHOLE = new RegExp(DURATION_PATTERN);

/** Seconds from a number of seconds or a duration string; null when the text is not a duration. */
export function parseDuration(value: number | string): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  const text = value.trim();
  if (!WHOLE.test(text)) {
    // A bare numeric string ("30") is seconds, as a number would be.
    return /^\d+(\.\d+)?$/.test(text) ? Number(text) : null;
  }
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(PART)) seconds += Number(amount) * UNIT_SECONDS[unit];
  return seconds;
}

/** A fraction written as a percentage (`2%`, `0.1 %`) or as a plain number (`0.02`); null when it is neither. */
export function parseFraction(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(%?)$/i.exec(text.trim());
  if (!match) return null;
  const x = Number(match[1]) / (match[2] ? 100 : 1);
  return Number.isFinite(x) ? x : null;
}

/** The shortest readable form of a number of seconds: `250ms`, `30s`, `5m`, `1h30m`, `2d`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds === 0) return "0s";
  if (seconds < 1) return `${round(seconds * 1000)}ms`;
  if (!Number.isInteger(seconds)) return `${round(seconds)}s`;
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [
    ["d", 86400],
    ["h", 3600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join("");
}

/**
 * Seconds as AWS's documentation writes limits ("5–300 seconds", "0–3600 seconds"): whole seconds
 * below a day (`300s`, `3600s`), `formatDuration` otherwise (`250ms`, `7d`).
 */
export function formatSeconds(seconds: number): string {
  return Number.isInteger(seconds) && seconds > 0 && seconds < 86400 ? `${seconds}s` : formatDuration(seconds);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** A simulated time to a tenth of a second: `5m`, `5m12.5s`, `0.3s`. */
export function formatClock(s: number): string {
  const tenths = Math.round(s * 10);
  const whole = Math.floor(tenths / 10);
  const fraction = tenths % 10;
  if (fraction === 0) return formatDuration(whole);
  return whole >= 60 ? `${formatDuration(whole - (whole % 60))}${whole % 60}.${fraction}s` : `${whole}.${fraction}s`;
}
