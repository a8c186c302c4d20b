// A timeline event in the scenario schema: at a time, exactly one of the things that can happen
// to a target, a zone or the load balancer's settings.
import { z } from "zod";
import { DAY, duration, number, TIME } from "./schema-primitives";

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
export const timelineEvent = z
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
