// The building blocks of the scenario schema: bounds, durations, numbers within a range, names
// and text, and service-time distributions, each with the messages a user sees when a value is
// not one (`must be at most 30d, got 60d`).
import { z } from "zod";
import { describeValue, excerpt, unprintable } from "./printable";
import { DURATION_PATTERN, formatSeconds, parseDuration } from "./units";

/**
 * The values a number may take, both ends included. Messages name the bound a value crossed
 * (`must be at most 30d, got 60d`); a range AWS documents is quoted whole, as AWS writes it
 * (`must be 5s to 300s, got 1s`).
 */
export interface Range {
  min: number;
  max: number;
  aws?: boolean;
}

// Bounds (issue "Hostile input"). Every number a scenario gives has both bounds, chosen so that
// what the model derives from it (1/capacity, a service-time draw, a count of ticks, a typed
// array's length) stays finite and a run ends:
// - Times, 0 to 30 days. Thirty simulated days is the longest run; a delay longer than the run is
//   the same as never, and up to 30 days a double still resolves a nanosecond, so events keep
//   their order. The run itself and the metric bucket are at least 1 ms (and the bucket at most
//   the run: defaults.ts), so a run of 5e-324 s cannot loop on buckets of no width.
// - Service times, 1 µs to 1 hour: no request is served faster, and no load balancer waits
//   longer (its idle timeout is at most 4,000 s); a mean of 1.7e308 would draw Infinity.
// - The controller's evaluation interval, 1 s to 1 hour: it scales in minutes, and 1e-9 s ticks
//   would never end.
// - Rates and node capacities, up to 1e9 requests/s; a capacity of at least 0.001 requests/s, so
//   a node's 1/capacity seconds per request stay finite.
// - A `slow` factor, 0.001 to 1000: a service time times 1.7e308 is Infinity.
// - The controller's utilisations (scaleOutAt, targetUtilization), 0.01 to 1: it sizes a zone as
//   demand / (capacity × targetUtilization), and scaling out at 0 would mean always.
// - Counts. Each client and each resolver keeps its DNS answer in a typed array of
//   count × dns.maxRecords entries, so both counts stay at 10 million (× 100 records, under the
//   2^32 a typed array can hold; 1e9 resolvers were an `Invalid typed array length`). Concurrency
//   is stored as 32-bit integers: at most 100,000. Queue bounds and connection.maxRequests are
//   limits, not allocations: at most 1e9.
export const DAY = 86400;
export const TIME: Range = { min: 0, max: 30 * DAY };
export const RUN_TIME: Range = { min: 0.001, max: 30 * DAY };
export const SERVICE_TIME: Range = { min: 1e-6, max: 3600 };
export const RATE: Range = { min: 0, max: 1e9 };
export const COUNT = 10_000_000;
export const LIMIT = 1e9;

function rangeMessage(x: number, { min, max, aws }: Range, format: (x: number) => string): string {
  if (aws) return `must be ${format(min)} to ${format(max)}`;
  return x < min ? `must be at least ${format(min)}` : `must be at most ${format(max)}`;
}

/** Outside the range, or not a number at all (NaN compares false with everything). */
function outside(x: number, { min, max }: Range): boolean {
  return !(x >= min && x <= max);
}

export function shown(v: unknown): string {
  return typeof v === "object" && v !== null ? describeValue(v) : excerpt(String(v), 60);
}

/**
 * The issue for a value of the wrong kind: `is required` when it is missing. Reported as
 * `invalid_type` so that, inside a union, load.ts can tell "another branch was meant" from
 * "this branch, with a bad value".
 */
export function wrongKind(v: unknown, what: string, expected: "number" | "string"): z.core.$ZodRawIssue {
  return {
    code: "invalid_type",
    expected,
    input: v,
    message: v === undefined ? "is required" : `must be ${what}, got ${describeValue(v)}`,
  };
}

const DURATION_EXAMPLES = "a duration such as 250ms, 30s or 5m";

/** A duration: seconds as a number, or a string with units (`250ms`, `30s`, `5m30s`). */
export function duration(range: Range) {
  return z
    .unknown()
    .transform((v, ctx) => {
      if (typeof v === "bigint") return outOfRange(v, range, formatSeconds, ctx);
      if (typeof v !== "number" && typeof v !== "string") {
        ctx.addIssue(wrongKind(v, DURATION_EXAMPLES, "string"));
        return z.NEVER;
      }
      const seconds = parseDuration(v);
      if (seconds === null) {
        ctx.addIssue({ code: "custom", message: `must be ${DURATION_EXAMPLES}, got ${shown(v)}` });
        return z.NEVER;
      }
      // `999…9d` has more digits than a double holds: it reads as Infinity, above every bound.
      if (outside(seconds, range)) {
        ctx.addIssue({ code: "custom", message: `${rangeMessage(seconds, range, formatSeconds)}, got ${shown(v)}` });
        return z.NEVER;
      }
      return seconds;
    })
    .meta({
      description: `seconds, or a duration such as 250ms, 30s or 5m; ${formatSeconds(range.min)} to ${formatSeconds(range.max)}`,
      anyOf: [
        { type: "number", minimum: range.min, maximum: range.max },
        { type: "string", pattern: DURATION_PATTERN },
      ],
    });
}

/** A whole number past 2^53, kept exact by exact-integers.ts: beyond every bound. */
function outOfRange(v: bigint, range: Range, format: (x: number) => string, ctx: z.RefinementCtx): never {
  ctx.addIssue({ code: "custom", message: `${rangeMessage(Number(v), range, format)}, got ${shown(v)}` });
  return z.NEVER;
}

/** A number within a range. */
export function number(range: Range, integer = false) {
  return z
    .unknown()
    .transform((v, ctx) => {
      if (typeof v === "bigint") return outOfRange(v, range, String, ctx);
      if (typeof v !== "number") {
        ctx.addIssue(wrongKind(v, integer ? "a whole number" : "a number", "number"));
        return z.NEVER;
      }
      if (!Number.isFinite(v) || (integer && !Number.isInteger(v))) {
        ctx.addIssue({
          code: "custom",
          message: `must be ${integer ? "a whole number" : Number.isFinite(v) ? "a number" : "a finite number"}, got ${shown(v)}`,
        });
        return z.NEVER;
      }
      if (outside(v, range)) {
        ctx.addIssue({ code: "custom", message: `${rangeMessage(v, range, String)}, got ${shown(v)}` });
        return z.NEVER;
      }
      return v;
    })
    .meta({ type: integer ? "integer" : "number", minimum: range.min, maximum: range.max });
}

/** A number within a range, or `unlimited` (Infinity). */
export function numberOrUnlimited(range: Range, integer = false) {
  const finite = number(range, integer);
  return z
    .unknown()
    .transform((v, ctx) => {
      if (v === "unlimited") return Infinity;
      if (typeof v !== "number" && typeof v !== "bigint") {
        ctx.addIssue(wrongKind(v, `${integer ? "a whole number" : "a number"} or unlimited`, "number"));
        return z.NEVER;
      }
      const parsed = finite.safeParse(v);
      if (parsed.success) return parsed.data;
      ctx.addIssue({
        code: "custom",
        message: `${parsed.error.issues[0].message.replace(/, got .*$/, "")} or unlimited, got ${shown(v)}`,
      });
      return z.NEVER;
    })
    .meta({
      anyOf: [{ type: integer ? "integer" : "number", minimum: range.min, maximum: range.max }, { const: "unlimited" }],
    });
}

/**
 * Text shown on a terminal (a title, a variant's name in a summary): no control characters,
 * which could move the cursor or recolour the terminal; a description may also break lines.
 */
export function text(lineBreaks = false) {
  return z.string().refine((s) => !unprintable(s, lineBreaks ? "\n\r\t" : ""), {
    error: (iss) => `must not contain control characters, got ${shown(iss.input)}`,
  });
}

export const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, {
  error: (iss) => `must be lower-case letters, digits, - and _, got ${shown(iss.input)}`,
});

export const distribution = z.union([
  z.strictObject({ distribution: z.literal("constant"), mean: duration(SERVICE_TIME) }),
  z.strictObject({ distribution: z.literal("exponential"), mean: duration(SERVICE_TIME) }),
  z.strictObject({
    distribution: z.literal("lognormal"),
    mean: duration(SERVICE_TIME),
    p99: duration(SERVICE_TIME),
  }),
  z.strictObject({
    distribution: z.literal("uniform"),
    min: duration({ min: 0, max: SERVICE_TIME.max }),
    max: duration(SERVICE_TIME),
  }),
  /** Service times measured in a log: a `seconds,count` file beside the scenario (service-time.ts). */
  z.strictObject({ distribution: z.literal("empirical"), trace: z.string() }),
]);
