// The code's citations of the design resolve: every `docs/<file>.md#<anchor>` in a source file names a
// heading of that file (by its GitHub slug), and no source file still cites the notes that lived
// outside the repository (`DESIGN.md §n`, `ELB-FACTS.md`, `[CLB]`-style tags).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Where source files are scanned; a directory that does not exist yet (cli/) is simply empty. */
const SCANNED = ["sim", "cli", "reports", "ui", "bin", "bench"];

/** Citations of the notes that lived outside the repository. */
const OLD_CITATIONS: readonly RegExp[] = [
  /DESIGN\.md\s*§/g,
  /ELB-FACTS\.md/g,
  /§\s*\d/g,
  /\[(?:How|TG|HC|TGH|CZ|NLB|CLB|CW|BP|Eval|design)(?:[\s,:;][^\]\n]*)?\]/g,
];

/**
 * `docs/design.md#anchor` and the like, from the repository's root (not part of a longer path or
 * URL); the anchor is optional (a citation of the whole page).
 */
const CITATION = /(?<![\w./-])docs\/([\w.-]+\.md)(?:#([\w-]*))?/g;

/** Non-test TypeScript files under the scanned directories, as paths from the root with `/`. */
function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules" || entry.name === "__snapshots__") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) files.push(path);
    }
  };
  for (const dir of SCANNED) if (existsSync(join(ROOT, dir))) walk(join(ROOT, dir));
  return files.map((f) => relative(ROOT, f).split(sep).join(posix.sep)).sort();
}

/** A heading's anchor as GitHub makes it: inline markup dropped, lower case, punctuation removed, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[`*]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** The anchors of a Markdown file: its headings' slugs (repeats get -1, -2, … as on GitHub) and explicit ids. */
function anchors(markdown: string): { all: Set<string>; repeated: string[] } {
  const all = new Set<string>();
  const seen = new Map<string, number>();
  const repeated: string[] = [];
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const base = slug(heading[1]);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      if (n > 0) repeated.push(base);
      all.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) all.add(m[1]);
  }
  return { all, repeated };
}

const anchorCache = new Map<string, ReturnType<typeof anchors> | null>();
function anchorsOf(path: string): ReturnType<typeof anchors> | null {
  if (!anchorCache.has(path)) anchorCache.set(path, existsSync(path) ? anchors(readFileSync(path, "utf8")) : null);
  return anchorCache.get(path) ?? null;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split("\n").length;
}

/** Why `file#anchor` does not resolve, or null when it does. */
function unresolved(path: string, anchor: string | undefined): string | null {
  const found = anchorsOf(path);
  if (!found) return "no such file";
  if (anchor === undefined) return null;
  if (anchor === "") return "empty anchor";
  return found.all.has(anchor) ? null : "no heading with that slug";
}

const files = sourceFiles();
const texts = new Map(files.map((f) => [f, readFileSync(join(ROOT, f), "utf8")]));

function oldCitations(file: string): string[] {
  const text = texts.get(file)!;
  const hits: string[] = [];
  for (const pattern of OLD_CITATIONS) {
    for (const m of text.matchAll(pattern)) hits.push(`${file}:${lineOf(text, m.index)}: ${m[0]}`);
  }
  return hits;
}

describe("citations of the design docs", () => {
  it("makes anchors the way GitHub does", () => {
    expect(slug("DNS TTL: 60 seconds")).toBe("dns-ttl-60-seconds");
    expect(slug("504 when a request outlives the idle timeout")).toBe("504-when-a-request-outlives-the-idle-timeout");
    expect(slug("No clock and no `Math.random`")).toBe("no-clock-and-no-mathrandom");
    expect(slug("The [receiving](x.md) node, again")).toBe("the-receiving-node-again");
    expect(anchors("# A\n## A\n```\n# not a heading\n```\n## B").all).toEqual(new Set(["a", "a-1", "b"]));
  });

  it("scans the source tree", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files).toContain("sim/run.ts");
    expect(files.some((f) => f.endsWith(".test.ts"))).toBe(false);
  });

  it("gives every heading of the design docs its own anchor", () => {
    for (const doc of ["docs/design.md", "docs/aws-behaviour.md"]) {
      expect(anchorsOf(join(ROOT, doc))?.repeated, doc).toEqual([]);
    }
  });

  it("resolves every docs/<file>.md#<anchor> in the code to a heading, pending directories included", () => {
    const failures: string[] = [];
    let count = 0;
    for (const [file, text] of texts) {
      for (const m of text.matchAll(CITATION)) {
        count++;
        const why = unresolved(join(ROOT, "docs", m[1]), m[2]);
        if (why) failures.push(`${file}:${lineOf(text, m.index)}: ${m[0]} (${why})`);
      }
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(0);
  });

  it("resolves the links between the docs and from the README", () => {
    const failures: string[] = [];
    const markdown = ["README.md", ...readdirSync(join(ROOT, "docs")).map((f) => `docs/${f}`)].filter((f) =>
      f.endsWith(".md"),
    );
    for (const doc of markdown) {
      const text = readFileSync(join(ROOT, doc), "utf8");
      for (const m of text.matchAll(/\]\(((?:[\w./-]*\.md)?)(?:#([\w-]*))?\)/g)) {
        if (m[1] === "" && m[2] === undefined) continue;
        const target = m[1] === "" ? join(ROOT, doc) : join(ROOT, dirname(doc), m[1]);
        const why = unresolved(target, m[2]);
        if (why) failures.push(`${doc}:${lineOf(text, m.index)}: ${m[0]} (${why})`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("finds no DESIGN.md §, ELB-FACTS.md or [CLB]-style citation anywhere", () => {
    expect(files.flatMap(oldCitations)).toEqual([]);
  });
});
