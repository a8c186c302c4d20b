// A scenario file's text as a plain value: YAML (which also reads JSON) or strict JSON, exact
// integers kept, and the parser's errors as `line, column: message`, one per line.
import type { YAMLError } from "yaml";
import { parseDocument } from "yaml";
import type { ScenarioError } from "./scenario-types";
import { keepExactIntegers } from "./exact-integers";

export function parseText(text: string, format: "yaml" | "json"): { value: unknown } | { errors: ScenarioError[] } {
  const where = `(${format})`;
  const doc = parseDocument(text, {
    uniqueKeys: true,
    prettyErrors: true,
    ...(format === "json" ? { schema: "json" } : {}),
  });
  if (doc.errors.length > 0) {
    // One error per line: the library often reports a second, consequent one at the same place.
    const lines = new Map<number | undefined, ScenarioError>();
    for (const e of doc.errors)
      if (!lines.has(e.linePos?.[0].line))
        lines.set(e.linePos?.[0].line, { path: where, message: yamlMessage(e, text) });
    return { errors: [...lines.values()] };
  }
  keepExactIntegers(doc);
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (e) {
    return { errors: [{ path: where, message: e instanceof Error ? e.message : String(e) }] };
  }
  return value === null || value === undefined ? { errors: [{ path: "(file)", message: "is empty" }] } : { value };
}

/** `line 7, column 3: <the library's first line>`, without the position it repeats. */
function yamlMessage(error: YAMLError, text: string): string {
  let message = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  if (error.code === "DUPLICATE_KEY") {
    const key = /^\s*("[^"]*"|'[^']*'|[^:,{}[\]]*?)\s*:/.exec(text.slice(error.pos[0]));
    if (key) message = `duplicate key ${key[1]}`;
  }
  const at = error.linePos?.[0];
  return at ? `line ${at.line}, column ${at.col}: ${message}` : message;
}
