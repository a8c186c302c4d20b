// The scenario file format (docs/design.md#scenario-files, a contract: extend it, never break it).
// One zod schema describes what a file may say; durations become seconds and `unlimited`
// becomes Infinity here. Defaults that depend on the load balancer's type are filled in by
// defaults.ts, which also checks the type-dependent ranges.
import { z } from "zod";
import { METRIC_NAMES } from "../metrics/measures";
import { parseThreshold } from "../metrics/thresholds";
import { autoScalingGroupsSchema } from "./auto-scaling-schema";
import { bytes, capacitySchemas } from "./capacity-schema";
import { describeValue, excerpt, unprintable } from "./printable";
import { MAX_SEED } from "./seed";
import { DURATION_PATTERN, formatSeconds, parseDuration, parseFraction } from "./units";

export { describeValue, MAX_SEED };

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
const DAY = 86400;
export const TIME: Range = { min: 0, max: 30 * DAY };
const RUN_TIME: Range = { min: 0.001, max: 30 * DAY };
const SERVICE_TIME: Range = { min: 1e-6, max: 3600 };
export const RATE: Range = { min: 0, max: 1e9 };
export const COUNT = 10_000_000;
const LIMIT = 1e9;

function rangeMessage(x: number, { min, max, aws }: Range, format: (x: number) => string): string {
  if (aws) return `must be ${format(min)} to ${format(max)}`;
  return x < min ? `must be at least ${format(min)}` : `must be at most ${format(max)}`;
}

/** Outside the range, or not a number at all (NaN compares false with everything). */
function outside(x: number, { min, max }: Range): boolean {
  return !(x >= min && x <= max);
}

function shown(v: unknown): string {
  return typeof v === "object" && v !== null ? describeValue(v) : excerpt(String(v), 60);
}

/**
 * The issue for a value of the wrong kind: `is required` when it is missing. Reported as
 * `invalid_type` so that, inside a union, load.ts can tell "another branch was meant" from
 * "this branch, with a bad value".
 */
function wrongKind(v: unknown, what: string, expected: "number" | "string"): z.core.$ZodRawIssue {
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
function text(lineBreaks = false) {
  return z.string().refine((s) => !unprintable(s, lineBreaks ? "\n\r\t" : ""), {
    error: (iss) => `must not contain control characters, got ${shown(iss.input)}`,
  });
}

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, {
  error: (iss) => `must be lower-case letters, digits, - and _, got ${shown(iss.input)}`,
});

export const ALGORITHMS = ["round_robin", "least_outstanding_requests", "random", "flow_hash", "power_of_two"] as const;
export const LB_TYPES = ["classic", "application", "network"] as const;

const distribution = z.union([
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

const healthCheck = z.strictObject({
  /** `tcp` passes when the target accepts the connection; the type decides which are allowed (defaults.ts). */
  protocol: z.enum(["http", "tcp"]).optional(),
  // Ranges common to every type; the type-dependent ones (timeout) are checked in defaults.ts.
  interval: duration({ min: 5, max: 300, aws: true }).optional(),
  timeout: duration({ min: 2, max: 120, aws: true }).optional(),
  healthyThreshold: number({ min: 2, max: 10, aws: true }, true).optional(),
  unhealthyThreshold: number({ min: 2, max: 10, aws: true }, true).optional(),
});

/** A target group health threshold (docs/aws-behaviour.md#target-group-health-thresholds). */
const threshold = z.strictObject({
  count: z.union([z.literal("off"), number({ min: 1, max: 10000, aws: true }, true)]).optional(),
  percentage: z.union([z.literal("off"), number({ min: 1, max: 100, aws: true }, true)]).optional(),
});

const controller = z.strictObject({
  enabled: z.boolean().optional(),
  evaluationInterval: duration({ min: 1, max: 3600 }).optional(),
  scaleOutAt: number({ min: 0.01, max: 1 }).optional(),
  targetUtilization: number({ min: 0.01, max: 1 }).optional(),
  scaleInAt: number({ min: 0, max: 1 }).optional(),
  scaleInAfter: duration(TIME).optional(),
  provisioningTime: z.strictObject({ min: duration(TIME), max: duration(TIME) }).optional(),
  retireAfter: duration(TIME).optional(),
  minNodesPerZone: number({ min: 1, max: 100 }, true).optional(),
  maxNodesPerZone: number({ min: 1, max: 100 }, true).optional(),
});

// Capacity units, LCU reservation, inter-zone latency and pricing: capacity-schema.ts.
const capacity = capacitySchemas({ number, duration });

const loadBalancer = z.strictObject({
  type: z.enum(LB_TYPES).optional(),
  crossZone: z.boolean().optional(),
  algorithm: z.enum(ALGORITHMS).optional(),
  nodesPerZone: number({ min: 1, max: 100 }, true).optional(),
  node: z
    .strictObject({
      capacity: numberOrUnlimited({ min: 0.001, max: RATE.max }).optional(),
      surgeQueue: number({ min: 0, max: LIMIT }, true).optional(),
    })
    .optional(),
  healthCheck: healthCheck.optional(),
  deregistrationDelay: duration({ min: 0, max: 3600, aws: true }).optional(),
  idleTimeout: duration({ min: 1, max: 4000, aws: true }).optional(),
  slowStart: duration({ min: 0, max: 900, aws: true }).optional(),
  stickiness: z
    .strictObject({
      type: z.enum(["none", "lb_cookie", "app_cookie"]),
      duration: duration({ min: 1, max: 7 * DAY, aws: true }).optional(),
    })
    .optional(),
  dns: z
    .strictObject({
      ttl: duration(TIME).optional(),
      maxRecords: number({ min: 1, max: 100 }, true).optional(),
      propagationDelay: duration(TIME).optional(),
    })
    .optional(),
  controller: controller.optional(),
  targetGroupHealth: z
    .strictObject({ dnsFailover: threshold.optional(), routingFailover: threshold.optional() })
    .optional(),
  capacityUnits: capacity.capacityUnits.optional(),
  interZoneLatency: capacity.interZoneLatency.optional(),
});

const targetGroup = z.strictObject({
  zone: z.string(),
  count: number({ min: 1, max: 10000 }, true).default(1),
  concurrency: number({ min: 1, max: 100_000 }, true),
  queue: numberOrUnlimited({ min: 0, max: LIMIT }, true).default(Infinity),
  serviceTime: z.union([duration(SERVICE_TIME), distribution]),
  /** false: the instances run but join the target group only at a `register` event. */
  registered: z.boolean().default(true),
});

const ratePoint = z.strictObject({ at: duration(TIME), rps: number(RATE) });
const rate = z.union([
  number(RATE),
  z.array(ratePoint).min(1, { error: "needs at least one point" }),
  z.strictObject({ trace: z.string() }),
]);

/** What a client may retry: the load balancer's 5xx, connection errors and its own timeouts. */
export const RETRYABLE = ["500", "502", "503", "504", "connection_error", "timeout"] as const;

/** The AWS SDKs' standard mode's settings, which adaptive mode shares (docs/aws-behaviour.md#sdk-retries). */
const awsStandard = {
  attempts: number({ min: 1, max: 100 }, true).default(3),
  baseDelay: duration({ min: 0.001, max: 3600 }).default(1),
  maxDelay: duration({ min: 0.001, max: 3600 }).default(20),
  quota: z
    .strictObject({
      tokens: number({ min: 0, max: 1e6 }, true).default(500),
      cost: number({ min: 0, max: 1e6 }, true).default(5),
      timeoutCost: number({ min: 0, max: 1e6 }, true).default(10),
      refund: number({ min: 0, max: 1e6 }, true).default(1),
    })
    .default({ tokens: 500, cost: 5, timeoutCost: 10, refund: 1 }),
  on: z.array(z.enum(RETRYABLE)).optional(),
};

/** A client group's retry policy (docs/design.md#client-retries). */
const retry = z.discriminatedUnion("policy", [
  z.strictObject({ policy: z.literal("none") }),
  z.strictObject({
    policy: z.literal("fixed"),
    /** Attempts in all, the first included. */
    attempts: number({ min: 1, max: 100 }, true).default(3),
    delay: duration({ min: 0, max: 3600 }).default(0),
    backoff: z.enum(["constant", "exponential"]).default("constant"),
    maxDelay: duration({ min: 0, max: 3600 }).optional(),
    jitter: z.enum(["none", "full"]).default("none"),
    on: z.array(z.enum(RETRYABLE)).optional(),
  }),
  z.strictObject({ policy: z.literal("aws-standard"), ...awsStandard }),
  z.strictObject({
    policy: z.literal("aws-adaptive"),
    ...awsStandard,
    /** The answers its rate limiter takes as throttling (docs/design.md#adaptive-retries). */
    throttling: z.array(z.enum(RETRYABLE)).optional(),
    /** The limiter's constants, the SDKs' by default (docs/aws-behaviour.md#sdk-adaptive-retries). */
    limiter: z
      .strictObject({
        beta: number({ min: 0.01, max: 0.99 }).default(0.7),
        scaleConstant: number({ min: 0.001, max: 1000 }).default(0.4),
        smoothing: number({ min: 0.01, max: 1 }).default(0.8),
        minFillRate: number({ min: 0.001, max: 1e6 }).default(0.5),
        minCapacity: number({ min: 1, max: 1e6 }).default(1),
      })
      .default({ beta: 0.7, scaleConstant: 0.4, smoothing: 0.8, minFillRate: 0.5, minCapacity: 1 }),
  }),
]);

/** A client-side circuit breaker: open after consecutive failures, one probe after `openFor`. */
const breaker = z.strictObject({
  failures: number({ min: 1, max: 10000 }, true).default(5),
  openFor: duration({ min: 0.001, max: 86400 }).default(30),
});

const clientGroup = z.strictObject({
  name: id,
  count: number({ min: 1, max: COUNT }, true).default(1),
  resolvers: number({ min: 1, max: COUNT }, true).optional(),
  dnsCache: z.union([z.enum(["ttl", "forever"]), duration(TIME)]).default("ttl"),
  pick: z.enum(["first", "random"]).default("first"),
  connection: z
    .strictObject({
      keepAlive: z.boolean().default(true),
      maxRequests: numberOrUnlimited({ min: 1, max: LIMIT }, true).default(100),
    })
    .default({ keepAlive: true, maxRequests: 100 }),
  arrival: z.enum(["poisson", "constant"]).default("poisson"),
  rate: rate.optional(),
  /** Individual requests replayed as written (arrivals.ts), instead of a rate. */
  arrivals: z.strictObject({ trace: z.string() }).optional(),
  /**
   * Closed-loop users instead of a rate (docs/design.md#closed-loop-users): a number, stages
   * (users at each point, linear between), as k6 and Locust users write them, or a trace of them.
   */
  users: z
    .union([
      number({ min: 1, max: COUNT }, true),
      z
        .array(z.strictObject({ at: duration(TIME), users: number({ min: 0, max: COUNT }, true) }))
        .min(1, { error: "needs at least one stage" }),
      /** A CSV of `time,users`, linear between rows as stages are (load.ts reads it). */
      z.strictObject({ trace: z.string() }),
    ])
    .optional(),
  /** A user's pause between an answer and its next request. */
  thinkTime: z.union([duration(SERVICE_TIME), distribution]).optional(),
  /** The client gives up on an attempt after this long (the request still runs at the target). */
  timeout: duration({ min: 0.001, max: 86400 }).optional(),
  /**
   * The client gives up on a new connection not made within this long (docs/design.md#connect-timeout):
   * the node's capacity has not taken its first request, or no address in its answer answers.
   */
  connectTimeout: duration({ min: 0.001, max: 86400 }).optional(),
  /** Bytes a request and its response carry (for ProcessedBytes). */
  requestBytes: bytes.optional(),
  responseBytes: bytes.optional(),
  /** The clients' zone, for inter-zone latency (none: the clients are outside every zone). */
  zone: z.string().optional(),
  retry: retry.optional(),
  breaker: breaker.optional(),
});

const targetRef = z.strictObject({ target: z.string() });
const zoneRef = z.strictObject({ zone: z.string() });
export const EVENT_TYPES = [
  "fail",
  "recover",
  "slow",
  "errors",
  "deregister",
  "register",
  "outage",
  "restore",
  "zonalShift",
  "set",
] as const;
const timelineEvent = z
  .strictObject({
    at: duration(TIME),
    fail: targetRef.optional(),
    recover: targetRef.optional(),
    slow: z.strictObject({ target: z.string(), factor: number({ min: 0.001, max: 1000 }) }).optional(),
    errors: z.strictObject({ target: z.string(), rate: number({ min: 0, max: 1 }) }).optional(),
    deregister: targetRef.optional(),
    register: targetRef.optional(),
    outage: zoneRef.optional(),
    restore: zoneRef.optional(),
    // "A zonal shift can initially be set from 1 minute up to three days" (docs/aws-behaviour.md#zonal-shift).
    zonalShift: z
      .strictObject({ zone: z.string(), duration: duration({ min: 60, max: 3 * DAY, aws: true }) })
      .optional(),
    set: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((event, ctx) => {
    const kinds = EVENT_TYPES.filter((k) => event[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `needs exactly one of ${EVENT_TYPES.join(", ")}, got ${kinds.length ? kinds.join(", ") : "none"}`,
      });
    }
  });

/** A threshold on the result (sim/metrics/thresholds.ts): `errorRate<0.1%`, `latency.p99 < 500ms`. */
const thresholdText = z
  .unknown()
  .transform((v, ctx) => {
    if (typeof v !== "string") {
      ctx.addIssue(wrongKind(v, "a threshold such as errorRate<0.1% or latency.p99<500ms", "string"));
      return z.NEVER;
    }
    const parsed = parseThreshold(v);
    if ("error" in parsed) {
      ctx.addIssue({ code: "custom", message: parsed.error });
      return z.NEVER;
    }
    return parsed;
  })
  .meta({
    type: "string",
    description: `METRIC OP LIMIT [with 95% confidence]: OP one of <, <=, >, >=; LIMIT in the metric's unit (0.1%, 500ms, 1000); METRIC one of ${METRIC_NAMES.join(", ")}, optionally over a window such as errorRate[5m..10m]`,
  });

/** A sweep over settings (sim/scenario/sweep.ts reads vary and points): what `elbsim sweep` runs. */
const sweepBlock = z
  .strictObject({
    /** A grid: each setting's values (a list, a range such as 1..6, or a comma list), every combination. */
    vary: z.record(z.string(), z.unknown()).optional(),
    /** A list: these combinations only. */
    points: z.array(z.record(z.string(), z.unknown())).min(1, { error: "needs at least one point" }).optional(),
    replications: number({ min: 1, max: 1000 }, true).optional(),
    precision: z
      .unknown()
      .transform((v, ctx) => {
        const fraction = typeof v === "number" ? v : typeof v === "string" ? parseFraction(v) : null;
        if (fraction === null || !(fraction > 0 && fraction <= 1)) {
          ctx.addIssue({
            code: "custom",
            message: `must be a relative half-width above 0 and at most 100 %, such as 2%, got ${shown(v)}`,
          });
          return z.NEVER;
        }
        return fraction;
      })
      .meta({
        anyOf: [
          { type: "number", exclusiveMinimum: 0, maximum: 1 },
          { type: "string", pattern: "^\\d+(\\.\\d+)?\\s*%$" },
        ],
      })
      .optional(),
  })
  .superRefine((block, ctx) => {
    if ((block.vary === undefined) === (block.points === undefined))
      ctx.addIssue({ code: "custom", message: "needs exactly one of vary (a grid) and points (a list)" });
  });

export const scenarioSchema = z.strictObject({
  version: z.literal(1, { error: (iss) => `must be 1, got ${shown(iss.input)}` }),
  name: id,
  title: text().optional(),
  description: text(true).optional(),
  seed: number({ min: 0, max: MAX_SEED }, true).default(1),
  duration: duration(RUN_TIME),
  metricsInterval: duration(RUN_TIME).default(1),
  zones: z
    .array(
      z
        .string()
        .regex(/^[a-z0-9]+$/, { error: (iss) => `must be lower-case letters and digits, got ${shown(iss.input)}` }),
    )
    .min(1, { error: "needs at least one zone" }),
  loadBalancer: loadBalancer.default({}),
  /** Fixed targets; may be empty when Auto Scaling groups supply the targets (defaults.ts checks). */
  targets: z.array(targetGroup),
  /** EC2 Auto Scaling groups whose instances are targets too (auto-scaling-schema.ts). */
  autoScalingGroups: autoScalingGroupsSchema({
    duration,
    number,
    numberOrUnlimited,
    id,
    distribution,
    serviceTime: z.union([duration(SERVICE_TIME), distribution]),
  }),
  clients: z.array(clientGroup).min(1, { error: "needs at least one client group" }),
  events: z.array(timelineEvent).default([]),
  /** What was observed where the scenario comes from (observed.ts): compared with what is simulated. */
  observed: z.strictObject({ trace: z.string() }).optional(),
  variants: z.record(text(), z.record(z.string(), z.unknown())).default({}),
  thresholds: z.array(thresholdText).default([]),
  sweep: sweepBlock.optional(),
  /** List prices for the cost section (docs/aws-behaviour.md#pricing); `pricing: {}` for the defaults. */
  pricing: capacity.pricing.optional(),
});

/** A scenario as written, once durations are seconds and `unlimited` is Infinity. */
export type ScenarioInput = z.output<typeof scenarioSchema>;
export type TimelineEventInput = ScenarioInput["events"][number];
export type DistributionInput = z.output<typeof distribution>;
export type LoadBalancerInput = z.output<typeof loadBalancer>;
