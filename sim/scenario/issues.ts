// zod's issues as ScenarioErrors that read as plain sentences (docs/design.md#the-command-line:
// `loadBalancer.healthCheck.interval: must be 5s to 300s, got 1s`). The schema's own messages are
// kept; zod's generic ones are rewritten; a failed union reports the branch the writer meant.
import type { z } from "zod";
import type { ScenarioError } from "./defaults";
import { closest } from "./closest";
import { describeValue as describe, scenarioSchema } from "./schema";

export { closest };

type Issue = z.core.$ZodIssue;
type Key = PropertyKey;

/** Options for `scenarioSchema.safeParse`: inputs kept for messages, plain words where the schema gives none. */
export const PARSE_OPTIONS = { reportInput: true, error: plainMessage } as const;

/** The path as users write it: `targets.0.zone`; `(scenario)` for the whole file. */
export function joinPath(path: readonly Key[]): string {
  return path.length === 0 ? "(scenario)" : path.map(String).join(".");
}

/** One error per problem: a union gives its most relevant branch, unknown keys one error each. */
export function issuesToErrors(issues: readonly Issue[]): ScenarioError[] {
  return issues.flatMap((issue) => leaves(issue, [])).map(({ path, message }) => ({ path: joinPath(path), message }));
}

function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? "is required"
        : `must be ${TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`}, got ${describe(issue.input)}`;
    case "invalid_value":
      if (issue.input === undefined) return "is required";
      return `must be ${issue.values.length === 1 ? String(issue.values[0]) : `one of ${issue.values.join(", ")}`}, got ${describe(issue.input)}`;
    case "too_small":
      return issue.origin === "array"
        ? `needs at least ${issue.minimum} item${issue.minimum === 1 ? "" : "s"}`
        : `must be at least ${issue.minimum}`;
    case "too_big":
      return issue.origin === "array"
        ? `allows at most ${issue.maximum} item${issue.maximum === 1 ? "" : "s"}`
        : `must be at most ${issue.maximum}`;
    case "invalid_format":
      return issue.format === "regex" && issue.pattern
        ? `must match ${issue.pattern}, got ${describe(issue.input)}`
        : `must be a valid ${issue.format}`;
    case "unrecognized_keys":
      return "unknown key";
    default:
      return undefined;
  }
}

const TYPE_WORDS: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "a string",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
};

/**
 * One problem at one place. `kind` says how a union should weigh it: `type` and `missing` at the
 * union's own path mean the branch wanted another kind of value; `value` means it fitted but a
 * value is wrong. `expects` lists what the message says is allowed, for joining branches.
 */
interface Leaf {
  path: Key[];
  message: string;
  kind: "type" | "missing" | "value";
  expects: string[];
  /** A literal the branch is tagged with (`distribution: exponential`) that the input does not match. */
  tag?: { value: unknown; input: unknown };
}

function leaves(issue: Issue, base: readonly Key[]): Leaf[] {
  const path = [...base, ...issue.path];
  const expects = expected(issue.message);
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = keysAt(path);
      return issue.keys.map((key) => {
        const near = closest(key, known);
        return {
          path: [...path, key],
          message: near ? `unknown key (did you mean ${near}?)` : "unknown key",
          kind: "value" as const,
          expects: [],
        };
      });
    }
    case "invalid_union":
      return unionLeaves(issue, path);
    case "invalid_key":
      // A record's key (a variant's name) that its schema refuses: that schema's message.
      return [{ path, message: issue.issues[0]?.message ?? "is not a valid key", kind: "value", expects: [] }];
    case "invalid_type":
      return [{ path, message: issue.message, kind: issue.input === undefined ? "missing" : "type", expects }];
    case "invalid_value": {
      // A number where only strings are allowed is the wrong kind of value, not a wrong value.
      const kind =
        issue.input === undefined
          ? "missing"
          : issue.values.every((v) => typeof v !== typeof issue.input)
            ? "type"
            : "value";
      const tag = issue.values.length === 1 ? { value: issue.values[0], input: issue.input } : undefined;
      return [{ path, message: issue.message, kind, expects: issue.values.map(String), tag }];
    }
    default:
      return [{ path, message: issue.message, kind: "value", expects }];
  }
}

/** "must be X, got Y" → [X]. */
function expected(message: string): string[] {
  const match = /^must be (.+?), got /s.exec(message);
  return match ? [match[1]] : [];
}

function unionLeaves(issue: z.core.$ZodIssueInvalidUnion, path: Key[]): Leaf[] {
  if (issue.input === undefined) return [{ path, message: "is required", kind: "missing", expects: [] }];
  const branches = issue.errors.map((branch) => branch.flatMap((i) => leaves(i, path)));
  const depth = (branch: Leaf[]) => Math.max(...branch.map((l) => l.path.length - path.length));
  const wrongKind = (branch: Leaf[]) => branch.every((l) => l.kind !== "value" && l.path.length === path.length);
  const tagOf = (branch: Leaf[]) => branch.find((l) => l.tag && l.path.length === path.length + 1);
  const got = describe(issue.input);

  // Branches that fit the input's kind and tag: the one that got furthest is what the writer meant.
  const fitting = branches.filter((b) => !wrongKind(b) && !tagOf(b));
  if (fitting.length > 0) {
    const best = fitting.reduce((a, b) =>
      depth(b) > depth(a) || (depth(b) === depth(a) && b.length < a.length) ? b : a,
    );
    const level = fitting.filter((b) => depth(b) === 0);
    if (depth(best) === 0 && level.length > 1 && level.every((b) => b.every((l) => l.expects.length > 0))) {
      return [
        {
          path,
          message: `must be ${joinOr(level.flat().flatMap((l) => l.expects))}, got ${got}`,
          kind: "value",
          expects: [],
        },
      ];
    }
    return best;
  }
  // Every fitting branch is tagged by one key (`distribution`) with a value the input does not have.
  const tags = branches.map(tagOf).filter((t): t is Leaf => t !== undefined);
  const key = tags[0]?.path[path.length];
  if (tags.length > 0 && tags.every((t) => t.path[path.length] === key)) {
    return [
      {
        path: [...path, key],
        message: `must be one of ${tags.map((t) => String(t.tag!.value)).join(", ")}, got ${describe(tags[0].tag!.input)}`,
        kind: "value",
        expects: [],
      },
    ];
  }
  // Every branch wanted another kind of value: say what the kinds are.
  const expects = branches.flat().flatMap((l) => l.expects);
  return [
    {
      path,
      message: expects.length ? `must be ${joinOr(expects)}, got ${got}` : `is not valid, got ${got}`,
      kind: "type",
      expects,
    },
  ];
}

/** "a, b or c", each once; "a, or b" when an item has its own "or". */
function joinOr(items: string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique.join("");
  const or = unique.some((item) => item.includes(" or ")) ? ", or " : " or ";
  return `${unique.slice(0, -1).join(", ")}${or}${unique[unique.length - 1]}`;
}

// Walking the schema, to name the keys a mapping allows and to check `set` paths. zod 4 keeps
// each schema's definition in `_zod.def`; only the kinds the scenario schema uses are followed.
interface Node {
  _zod: {
    def: {
      type: string;
      shape?: Record<string, Node>;
      innerType?: Node;
      in?: Node;
      options?: Node[];
      element?: Node;
      valueType?: Node;
    };
  };
}

const WRAPPERS = new Set(["optional", "default", "prefault", "nullable", "nonoptional", "readonly", "catch"]);

/** A schema with its wrappers removed and its unions spread into their options. */
function expand(node: Node): Node[] {
  const def = node._zod.def;
  if (WRAPPERS.has(def.type)) return expand(def.innerType!);
  if (def.type === "pipe") return expand(def.in!);
  if (def.type === "union") return def.options!.flatMap(expand);
  return [node];
}

/** The schemas that describe `path` in a scenario; none when the path cannot exist. */
export function schemasAt(path: readonly Key[]): Node[] {
  let nodes = expand(scenarioSchema as unknown as Node);
  for (const key of path) {
    nodes = nodes.flatMap((node): Node[] => {
      const def = node._zod.def;
      if (def.type === "object") return Object.hasOwn(def.shape!, key) ? expand(def.shape![String(key)]) : [];
      if (def.type === "array") return /^\d+$/.test(String(key)) ? expand(def.element!) : [];
      if (def.type === "record") return expand(def.valueType!);
      return [];
    });
  }
  return nodes;
}

/** Why a dotted path names no setting (`no setting loadBalancer.nodesPerZon (did you mean …?)`), or null when it does. */
export function unknownSetting(path: string): string | null {
  const segments = path.split(".");
  for (let k = 0; k < segments.length; k++) {
    if (schemasAt(segments.slice(0, k + 1)).length > 0) continue;
    const near = closest(segments[k], keysAt(segments.slice(0, k)));
    const hint = near ? ` (did you mean ${[...segments.slice(0, k), near].join(".")}?)` : "";
    return `no setting ${segments.slice(0, k + 1).join(".")}${hint}`;
  }
  return null;
}

/** The keys the mappings at `path` allow. */
export function keysAt(path: readonly Key[]): string[] {
  return [
    ...new Set(
      schemasAt(path).flatMap((node) => (node._zod.def.type === "object" ? Object.keys(node._zod.def.shape!) : [])),
    ),
  ];
}
