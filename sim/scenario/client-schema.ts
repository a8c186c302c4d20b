// A client group in the scenario schema: how many, how they resolve and connect, what they send
// (a rate, closed-loop users or replayed arrivals), their timeouts, sizes, retries and breaker.
import { z } from "zod";
import { bytes } from "./capacity-schema";
import {
  COUNT,
  distribution,
  duration,
  id,
  LIMIT,
  number,
  numberOrUnlimited,
  RATE,
  SERVICE_TIME,
  TIME,
} from "./schema-primitives";

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

export const clientGroup = z.strictObject({
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
