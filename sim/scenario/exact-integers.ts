// YAML and JSON read every number as a double, so a whole number past 2^53 silently loses its
// last digits: `seed: 9007199254740993` reads as 9007199254740992, another seed. Such numbers
// become BigInts, exactly as written, so the schema refuses them showing what the file says
// (every bound is far below 2^53).
import { type Document, visit } from "yaml";

const WHOLE = /^[-+]?\d+$/;

/** Replaces, in place, each whole number the document cannot hold exactly with its BigInt. */
export function keepExactIntegers(doc: Document): void {
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value !== "number" || Number.isSafeInteger(node.value)) return;
      if (node.source !== undefined && WHOLE.test(node.source)) node.value = BigInt(node.source);
    },
  });
}
