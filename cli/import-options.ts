// `elbsim import`'s flags, checked: each problem a `--flag: message` line, and the flags that only
// access logs take refused for the other formats.
import type { ZoneRange } from "../sim/scenario/access-log-import";
import { parseZoneRange } from "../sim/scenario/access-log-import";
import type { ScenarioError } from "../sim/scenario/defaults";
import { IMPORT_FORMATS, type ImportFormat } from "../sim/scenario/imported";
import { describeValue } from "../sim/scenario/schema";
import { parseDuration } from "../sim/scenario/units";
import type { CliOptions } from "./args";

export type Checked =
  | {
      ok: true;
      format: ImportFormat | null;
      bucket: number | null;
      pathDepth: number | null;
      zones: ZoneRange[];
    }
  | { ok: false; errors: ScenarioError[] };

/** The flags as the import takes them, or every problem with them. */
export function checkOptions(o: CliOptions): Checked {
  const errors: ScenarioError[] = [];
  let format: ImportFormat | null = null;
  if (o.format !== null) {
    if ((IMPORT_FORMATS as readonly string[]).includes(o.format)) format = o.format as ImportFormat;
    else
      errors.push({
        path: "--format",
        message: `must be one of ${IMPORT_FORMATS.join(", ")}, got ${describeValue(o.format)}`,
      });
  }
  let bucket: number | null = null;
  if (o.bucket !== null) {
    const seconds = parseDuration(o.bucket);
    if (seconds === null || !(seconds >= 0.001 && seconds <= 86400))
      errors.push({
        path: "--bucket",
        message: `must be a duration from 1ms to 1d, such as 1s or 1m, got ${describeValue(o.bucket)}`,
      });
    else bucket = seconds;
  }
  let pathDepth: number | null = null;
  if (o.pathPrefix !== null) {
    if (!/^\d+$/.test(o.pathPrefix) || Number(o.pathPrefix) < 1 || Number(o.pathPrefix) > 10)
      errors.push({
        path: "--path-prefix",
        message: `must be a number of path segments from 1 to 10, got ${describeValue(o.pathPrefix)}`,
      });
    else pathDepth = Number(o.pathPrefix);
  }
  const zones: ZoneRange[] = [];
  for (const text of o.zone) {
    const range = parseZoneRange(text);
    if (typeof range === "string")
      errors.push({ path: "--zone", message: range.replace(/got .*$/, `got ${describeValue(text)}`) });
    else zones.push(range);
  }
  if (o.name !== null && !/^[a-z0-9][a-z0-9_-]*$/.test(o.name))
    errors.push({
      path: "--name",
      message: `must be lower-case letters, digits, - and _, got ${describeValue(o.name)}`,
    });
  const accessOnly = format !== null && format !== "alb" && format !== "classic";
  if (accessOnly) {
    if (o.pathPrefix !== null) errors.push({ path: "--path-prefix", message: "is for access logs" });
    if (o.zone.length > 0) errors.push({ path: "--zone", message: "is for access logs" });
    if (o.rate) errors.push({ path: "--rate", message: "is for access logs" });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, format, bucket, pathDepth, zones };
}
