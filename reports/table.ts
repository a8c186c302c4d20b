// Plain-text tables for the terminal: the human summaries of `compare` and `--replications`
// (docs/design.md#the-command-line). Columns are aligned; numbers align right.
export type Align = "left" | "right";

export interface TableOptions {
  /** The header row, underlined. */
  header?: readonly string[];
  /** Per column; default: left for the first column, right for the others. */
  align?: readonly Align[];
  /** Spaces between columns. Default 2. */
  gap?: number;
}

/** Rows of cells as aligned lines of text (no trailing spaces, ends without a newline). */
export function formatTable(rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const all = options.header ? [options.header, ...rows] : rows;
  const columns = Math.max(0, ...all.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(0, ...all.map((r) => width(r[c] ?? ""))));
  const align = (c: number): Align => options.align?.[c] ?? (c === 0 ? "left" : "right");
  const gap = " ".repeat(options.gap ?? 2);
  const line = (r: readonly string[]) =>
    widths
      .map((w, c) => {
        const text = r[c] ?? "";
        const pad = " ".repeat(w - width(text));
        return align(c) === "right" ? pad + text : text + pad;
      })
      .join(gap)
      .trimEnd();
  const lines = rows.map(line);
  if (options.header) lines.unshift(line(options.header), widths.map((w) => "─".repeat(w)).join(gap));
  return lines.join("\n");
}

/** Display width: code points (the tables hold no wide characters). */
function width(text: string): number {
  return [...text].length;
}
