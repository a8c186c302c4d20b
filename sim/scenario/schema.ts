// The scenario file format (docs/design.md#scenario-files, a contract: extend it, never break it).
// One zod schema describes what a file may say; durations become seconds and `unlimited`
// becomes Infinity here. Defaults that depend on the load balancer's type are filled in by
// load-balancer-defaults.ts, which also checks the type-dependent ranges.
import { z } from "zod";
import { METRIC_NAMES } from "../metrics/measures";
import { parseThreshold } from "../metrics/thresholds";
import { autoScalingGroupsSchema } from "./auto-scaling-schema";
import { clientGroup } from "./client-schema";
import { capacity, loadBalancer } from "./load-balancer-schema";
import { describeValue } from "./printable";
import {
  distribution,
  duration,
  id,
  LIMIT,
  number,
  numberOrUnlimited,
  RUN_TIME,
  SERVICE_TIME,
  shown,
  text,
  wrongKind,
} from "./schema-primitives";
import { MAX_SEED } from "./seed";
import { timelineEvent } from "./timeline-schema";
import { parseFraction } from "./units";

export { describeValue, MAX_SEED };
export { COUNT, duration, number, numberOrUnlimited, RATE, type Range, TIME } from "./schema-primitives";
export { ALGORITHMS, LB_TYPES } from "./load-balancer-schema";
export { RETRYABLE } from "./client-schema";
export { EVENT_TYPES } from "./timeline-schema";

const targetGroup = z.strictObject({
  zone: z.string(),
  count: number({ min: 1, max: 10000 }, true).default(1),
  concurrency: number({ min: 1, max: 100_000 }, true),
  queue: numberOrUnlimited({ min: 0, max: LIMIT }, true).default(Infinity),
  serviceTime: z.union([duration(SERVICE_TIME), distribution]),
  /** false: the instances run but join the target group only at a `register` event. */
  registered: z.boolean().default(true),
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
