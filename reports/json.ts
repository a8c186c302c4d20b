// Large values as JSON text in chunks, for writing as it is made: a result whose log holds
// millions of entries is more text than one string can hold. The text is JSON.stringify's with
// two-space indentation, to the character.

/**
 * `JSON.stringify(value, null, 2)` in pieces: the elements of arrays and the entries of objects
 * down to `depth` come one by one, anything deeper in one piece.
 */
export function* jsonChunks(value: unknown, depth = 3, indent = ""): Generator<string> {
  if (depth > 0 && Array.isArray(value) && value.length > 0) {
    const inner = `${indent}  `;
    yield "[";
    for (let i = 0; i < value.length; i++) {
      yield `${i > 0 ? "," : ""}\n${inner}`;
      yield* omitted(value[i]) ? ["null"] : jsonChunks(value[i], depth - 1, inner);
    }
    yield `\n${indent}]`;
    return;
  }
  if (depth > 0 && isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => !omitted(v));
    if (entries.length === 0) {
      yield "{}";
      return;
    }
    const inner = `${indent}  `;
    yield "{";
    for (let i = 0; i < entries.length; i++) {
      yield `${i > 0 ? "," : ""}\n${inner}${JSON.stringify(entries[i][0])}: `;
      yield* jsonChunks(entries[i][1], depth - 1, inner);
    }
    yield `\n${indent}}`;
    return;
  }
  // Strings in JSON hold no raw line break, so every one here is the indentation's.
  yield (JSON.stringify(value, null, 2) ?? "null").replaceAll("\n", `\n${indent}`);
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === "function" || typeof v === "symbol";
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== "function";
}

/** A .json file's text in chunks: the value's, then a line break. */
export function* jsonFile(value: unknown, depth?: number): Generator<string> {
  yield* jsonChunks(value, depth);
  yield "\n";
}
