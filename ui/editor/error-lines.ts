// Where in the text a scenario error belongs: YAML syntax errors carry their line in the message;
// schema errors carry a path (`loadBalancer.healthCheck.interval`, `targets.0.zone`), found here in
// the parsed document. An error for a path the file does not have points at its nearest parent.
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from "yaml";

export interface PlacedError {
  path: string;
  message: string;
  /** 1-based line, or null when the error is not about a place in the text (`--variant`). */
  line: number | null;
}

export function placeErrors(text: string, errors: readonly { path: string; message: string }[]): PlacedError[] {
  let find: ((path: string) => number | null) | null = null;
  return errors.map(({ path, message }) => {
    const syntax = /^line (\d+), column \d+/.exec(message);
    if (path.startsWith("(") && syntax) return { path, message, line: Number(syntax[1]) };
    if (path === "(file)" || path === "(scenario)") return { path, message, line: 1 };
    if (path.startsWith("--") || path.startsWith("(")) return { path, message, line: null };
    find ??= lineFinder(text);
    return { path, message, line: find(path) };
  });
}

function lineFinder(text: string): (path: string) => number | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return (path) => {
    const offset = locate(doc.contents, path.split("."));
    return offset === null ? null : lineCounter.linePos(offset).line;
  };
}

/**
 * The offset of the deepest part of `segments` the document has. A map key may itself hold dots
 * (`variants.off.loadBalancer.crossZone`), so longer keys are tried first.
 */
function locate(root: Node | null, segments: string[]): number | null {
  let node: unknown = root;
  let offset: number | null = root?.range?.[0] ?? null;
  let i = 0;
  while (i < segments.length) {
    if (isMap(node)) {
      const map = node;
      let matched = false;
      for (let j = segments.length; j > i && !matched; j--) {
        const key = segments.slice(i, j).join(".");
        const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
        if (pair) {
          offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
          node = pair.value;
          i = j;
          matched = true;
        }
      }
      if (!matched) return offset;
    } else if (isSeq(node) && /^\d+$/.test(segments[i])) {
      const item = node.items[Number(segments[i])] as Node | undefined;
      if (!item) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
      i++;
    } else return offset;
  }
  return offset;
}
