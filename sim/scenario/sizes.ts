// Sizes in bytes, with units: `512`, `512B`, `2KB` (1,000 bytes), `2KiB` (1,024), `1.5MB`, `1MiB`,
// `1GB`, `1GiB` (docs/design.md#capacity-units).
import { z } from "zod";

const UNIT_BYTES: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
};
const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)?$/;
export const SIZE_PATTERN = "^\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|KiB|MiB|GiB)?$";
const SIZE_EXAMPLES = "a size such as 512, 2KB or 1MiB";

/** Bytes from a number or a string with a unit, or null when it is neither. */
export function parseSize(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  const match = SIZE.exec(value.trim());
  if (!match) return null;
  return Number(match[1]) * UNIT_BYTES[match[2] ?? "B"];
}

/** `1.5 kB`-style text for a number of bytes (decimal units, as AWS bills). */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [
    [1e12, "TB"],
    [1e9, "GB"],
    [1e6, "MB"],
    [1e3, "KB"],
  ];
  for (const [size, unit] of units) if (bytes >= size) return `${Number((bytes / size).toPrecision(3))}${unit}`;
  return `${Number(bytes.toPrecision(3))}B`;
}

/** A size in bytes, `min` to `max` (both bytes). */
export function size(min: number, max: number) {
  return z
    .unknown()
    .transform((v, ctx) => {
      const bytes = parseSize(v);
      if (bytes === null) {
        const got = typeof v === "string" ? JSON.stringify(v) : typeof v === "object" ? "an object" : String(v);
        ctx.addIssue({ code: "custom", message: `must be ${SIZE_EXAMPLES}, got ${got}` });
        return z.NEVER;
      }
      if (!(bytes >= min && bytes <= max)) {
        const bound = bytes < min ? `at least ${formatBytes(min)}` : `at most ${formatBytes(max)}`;
        ctx.addIssue({ code: "custom", message: `must be ${bound}, got ${String(v)}` });
        return z.NEVER;
      }
      return bytes;
    })
    .meta({
      description: `bytes, or a size such as 512, 2KB or 1MiB; ${formatBytes(min)} to ${formatBytes(max)}`,
      anyOf: [
        { type: "number", minimum: min, maximum: max },
        { type: "string", pattern: SIZE_PATTERN },
      ],
    });
}
