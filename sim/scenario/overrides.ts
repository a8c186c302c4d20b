// Overrides: `--set PATH=VALUE` on the command line and the entries of a scenario's `variants`
// (docs/design.md#the-command-line). Both set one dotted path in the raw scenario, before it is validated, so an
// override is checked exactly like the file.
import { parseDocument } from "yaml";
import { keepExactIntegers } from "./exact-integers";
import { describeValue } from "./schema";

/**
 * Parses "PATH=VALUE"; VALUE is read as a YAML scalar/flow value (so false, 30s, 10, [a, b],
 * {x: 1} work; text that is not valid YAML stays a string). Returns null for text without "=",
 * and an error for YAML that parses but cannot be resolved (`*nope`, an alias with no anchor).
 */
export function parseAssignment(
  text: string,
): { path: string; value: unknown } | { path: string; error: string } | null {
  const eq = text.indexOf("=");
  if (eq < 0) return null;
  const path = text.slice(0, eq).trim();
  const value = parseValue(text.slice(eq + 1));
  return "error" in value ? { path, error: value.error } : { path, value: value.value };
}

/**
 * A value as --set reads it: a YAML scalar or flow value (false, 30s, 10, [a, b], {x: 1}); text
 * that is not valid YAML stays a string. An error for YAML that parses but cannot be resolved.
 */
export function parseValue(source: string): { value: unknown } | { error: string } {
  const doc = parseDocument(source, { uniqueKeys: true });
  if (doc.errors.length > 0) return { value: source.trim() };
  keepExactIntegers(doc);
  try {
    return { value: doc.toJS() };
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    return { error: `cannot read ${describeValue(source.trim())} as YAML (${reason})` };
  }
}

type Container = Record<string, unknown> | unknown[];

function isContainer(x: unknown): x is Container {
  return typeof x === "object" && x !== null;
}

const INDEX = /^(0|[1-9]\d*)$/;

/**
 * Sets a dotted path (numeric segments index arrays: clients.0.dnsCache) in a deep copy of raw and
 * returns the copy. A path through a missing object creates it; through a non-object / out-of-range
 * index returns an error message instead. The last segment may be one past the end of a list,
 * which appends an item (`targets.2={zone: c, concurrency: 8, serviceTime: 40ms}`).
 */
export function applyOverride(
  raw: unknown,
  path: string,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const keys = path.split(".");
  const fail = (message: string) => ({ ok: false as const, message });
  if (keys.some((k) => k === "")) return fail(`${JSON.stringify(path)} is not a path such as loadBalancer.crossZone`);
  if (keys.includes("__proto__")) return fail(`${path} is not a scenario path`);
  if (!isContainer(raw) || Array.isArray(raw)) return fail(`cannot set ${path}: the scenario is not a mapping`);

  const root: Container = structuredClone(raw);
  let node: Container = root;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const here = keys.slice(0, i).join(".");
    const last = i === keys.length - 1;
    let next: unknown;
    if (Array.isArray(node)) {
      if (!INDEX.test(key)) return fail(`${here} is a list: index it with a number, such as ${here}.0`);
      const index = Number(key);
      if (index > node.length || (index === node.length && !last)) {
        return fail(`${here} has ${node.length} item${node.length === 1 ? "" : "s"}, so there is no ${here}.${index}`);
      }
      if (last) node[index] = value;
      else next = node[index];
    } else if (last) {
      node[key] = value;
    } else {
      next = Object.hasOwn(node, key) ? node[key] : undefined;
      if (next === undefined || next === null) {
        // A missing mapping is created (`loadBalancer:` left empty is null in YAML); a missing list is not.
        if (INDEX.test(keys[i + 1]))
          return fail(`${keys.slice(0, i + 1).join(".")} is not set, so it has no item ${keys[i + 1]}`);
        next = node[key] = {};
      }
    }
    if (last) break;
    if (!isContainer(next)) {
      return fail(
        `${keys.slice(0, i + 1).join(".")} is ${typeof next === "bigint" ? next : JSON.stringify(next)}, not a mapping, so ${path} cannot be set`,
      );
    }
    node = next;
  }
  return { ok: true, value: root };
}
