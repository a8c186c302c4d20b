// What a sweep varies (docs/design.md#sweeps): settings, each over a list or a range of values —
// `--vary loadBalancer.nodesPerZone=1..6`, `--vary clients.0.dnsCache=ttl,forever`, or a
// scenario's `sweep:` block — as a grid of every combination, or a list of points. Pure: the
// values as written become a list of points, each a set of dotted-path assignments; loading
// each point (and its errors) is load.ts's.
import type { ScenarioError } from "./defaults";
import { unknownSetting } from "./issues";
import { parseValue } from "./overrides";
import { describeValue } from "./schema";

/** One varied setting and its values, in order. */
export interface SweepAxis {
  path: string;
  values: unknown[];
  /** Where it was given, for messages: `--vary PATH` or `sweep.vary.PATH`. */
  source: string;
}

/** One combination of values: path → value, in the axes' order. */
export type SweepPoint = Record<string, unknown>;

export interface SweepPlan {
  /** The varied settings, in order; the first is the one the answers and charts run along. */
  settings: string[];
  /** A grid (every combination of the axes) or a list of points as given. */
  grid: boolean;
  points: SweepPoint[];
}

/** A sweep's size is bounded like every other number: each point is at least one run. */
export const MAX_POINTS = 10_000;

/** Settings a sweep may not vary: what identifies the scenario, its seed (replications vary it), and the sweep's own parts. */
const FIXED = ["version", "name", "seed", "variants", "thresholds", "sweep"];

const NUMBER = "-?\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?";
const RANGE = new RegExp(`^\\s*(${NUMBER})\\s*\\.\\.\\s*(${NUMBER})\\s*(?:step\\s*(${NUMBER}))?\\s*$`, "i");

/**
 * The values of one setting: a range `1..6` (whole steps) or `0.5..2 step 0.5`, a list
 * `ttl,forever` (each item read as --set reads a value), a YAML flow list `[30s, 1m]`, or, from a
 * sweep block, a YAML list or a single value. An error says why there are none.
 */
export function parseValues(spec: unknown): { values: unknown[] } | { error: string } {
  if (Array.isArray(spec)) return spec.length > 0 ? { values: spec } : { error: "is an empty list" };
  if (typeof spec !== "string") return { values: [spec] };
  const text = spec.trim();
  if (text === "") return { error: "has no values (such as 1..6 or ttl,forever)" };
  const range = RANGE.exec(text);
  if (range)
    return rangeValues(Number(range[1]), Number(range[2]), range[3] === undefined ? 1 : Number(range[3]), text);
  if (text.startsWith("[")) {
    const list = parseValue(text);
    if ("error" in list) return list;
    return parseValues(Array.isArray(list.value) ? list.value : text);
  }
  const values: unknown[] = [];
  for (const item of text.split(",")) {
    if (item.trim() === "") return { error: `${describeValue(text)} has an empty item` };
    const value = parseValue(item);
    if ("error" in value) return value;
    values.push(value.value);
  }
  return { values };
}

function rangeValues(from: number, to: number, step: number, text: string): { values: unknown[] } | { error: string } {
  if (!(step > 0)) return { error: `${text}: the step must be above 0` };
  if (to < from) return { error: `${text} is an empty range: it ends before it starts` };
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > MAX_POINTS) return { error: `${text} has ${count} values, more than a sweep's ${MAX_POINTS} points` };
  // Each value from the start, not by adding steps, so 0.1 steps do not drift; 12 digits drop the
  // last-bit noise (0.30000000000000004 is 0.3).
  return { values: Array.from({ length: count }, (_, i) => Number((from + i * step).toPrecision(12))) };
}

/** `PATH=VALUES` from --vary. */
export function parseVary(text: string): { path: string; spec: string } | { error: string } {
  const eq = text.indexOf("=");
  if (eq <= 0)
    return { error: "must be PATH=VALUES, such as loadBalancer.nodesPerZone=1..6 or clients.0.dnsCache=ttl,forever" };
  return { path: text.slice(0, eq).trim(), spec: text.slice(eq + 1) };
}

/** Why a sweep may not vary this path, or null: it must name a setting, and not a fixed one. */
export function axisProblem(path: string): string | null {
  const head = path.split(".")[0];
  if (FIXED.includes(head))
    return head === "seed"
      ? "a sweep cannot vary the seed: --replications runs each point on several seeds"
      : `a sweep cannot vary ${head}`;
  return unknownSetting(path);
}

/**
 * Axes from --vary (which replace a scenario's sweep block) or the block's `vary:`; each axis'
 * path is checked and its values read. Errors are at the flag or the block's key.
 */
export function sweepAxes(
  given: readonly string[],
  block: Record<string, unknown> | undefined,
): { axes: SweepAxis[]; errors: ScenarioError[] } {
  const axes: SweepAxis[] = [];
  const errors: ScenarioError[] = [];
  const entries: [string, unknown, string][] = [];
  for (const text of given) {
    const vary = parseVary(text);
    if ("error" in vary) errors.push({ path: `--vary ${text}`, message: vary.error });
    else entries.push([vary.path, vary.spec, `--vary ${vary.path}`]);
  }
  if (given.length === 0)
    for (const [path, spec] of Object.entries(block ?? {})) entries.push([path, spec, `sweep.vary.${path}`]);
  for (const [path, spec, source] of entries) {
    const problem = axisProblem(path);
    if (problem) {
      errors.push({ path: source, message: problem });
      continue;
    }
    if (axes.some((a) => a.path === path)) {
      errors.push({ path: source, message: `${path} is varied twice` });
      continue;
    }
    const values = parseValues(spec);
    if ("error" in values) errors.push({ path: source, message: values.error });
    else axes.push({ path, values: values.values, source });
  }
  return { axes, errors };
}

/** Every combination of the axes' values, the first axis outermost (as nested loops in the order given). */
export function gridPoints(axes: readonly SweepAxis[]): SweepPoint[] {
  let points: SweepPoint[] = [{}];
  for (const axis of axes) points = points.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.path]: v })));
  return points;
}

/**
 * The sweep a command asked for: --vary's grid, else the block's `vary:` grid or its `points:`
 * list. Errors: nothing to vary, a path that names no setting, values that are none, too many
 * points.
 */
export function planSweep(
  given: readonly string[],
  block: { vary?: Record<string, unknown>; points?: Record<string, unknown>[] } | undefined,
): { ok: true; plan: SweepPlan } | { ok: false; errors: ScenarioError[] } {
  if (given.length === 0 && block?.points) return listPlan(block.points);
  const { axes, errors } = sweepAxes(given, block?.vary);
  if (errors.length > 0) return { ok: false, errors };
  if (axes.length === 0)
    return {
      ok: false,
      errors: [
        { path: "--vary", message: "nothing to vary: give --vary PATH=VALUES or a sweep: block with vary: or points:" },
      ],
    };
  const size = axes.reduce((n, a) => n * a.values.length, 1);
  if (size > MAX_POINTS)
    return {
      ok: false,
      errors: [
        { path: axes.at(-1)!.source, message: `the grid has ${size} points, more than a sweep's ${MAX_POINTS}` },
      ],
    };
  return { ok: true, plan: { settings: axes.map((a) => a.path), grid: true, points: gridPoints(axes) } };
}

function listPlan(
  points: Record<string, unknown>[],
): { ok: true; plan: SweepPlan } | { ok: false; errors: ScenarioError[] } {
  const errors: ScenarioError[] = [];
  const settings: string[] = [];
  points.forEach((point, i) => {
    for (const path of Object.keys(point)) {
      if (settings.includes(path)) continue;
      const problem = axisProblem(path);
      if (problem) errors.push({ path: `sweep.points.${i}.${path}`, message: problem });
      else settings.push(path);
    }
  });
  if (points.length > MAX_POINTS)
    errors.push({ path: "sweep.points", message: `has ${points.length} points, more than a sweep's ${MAX_POINTS}` });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, plan: { settings, grid: false, points } };
}

/** Where a point's setting came from, for the errors of loading it: `--vary PATH=VALUE` or the block's place. */
export function pointLabel(plan: SweepPlan, index: number, path: string, fromFlag: boolean): string {
  if (!plan.grid) return `sweep.points.${index}.${path}`;
  const value = plan.points[index][path];
  return `${fromFlag ? "--vary" : "sweep.vary"} ${path}=${typeof value === "object" && value !== null ? JSON.stringify(value) : String(value)}`;
}
