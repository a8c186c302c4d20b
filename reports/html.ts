// The HTML both reports share: the page shell with its inline style sheet, tables and cards.
// Pages are self-contained: no script, no external URL (not even a font), readable with scripts
// off, and they print (charts never split across pages; colours kept).
import { esc } from "./charts/svg";

export { esc };

const CSS = `
:root { color-scheme: light; --muted: #595959; --rule: #d9d9d9; --tint: #f5f6f7; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #fff; }
main { max-width: 960px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.7em; margin: 0 0 0.2em; line-height: 1.2; }
h2 { font-size: 1.25em; margin: 1.8em 0 0.6em; padding-bottom: 0.2em; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }
p { margin: 0.4em 0; }
.description { font-size: 1.05em; max-width: 70ch; }
.meta { color: var(--muted); font-size: 0.9em; }
code, .mono { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
.digest { word-break: break-all; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; margin: 1.2em 0; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 14px; background: var(--tint); }
.card .label { color: var(--muted); font-size: 0.85em; }
.card .value { font-size: 1.6em; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .note { color: var(--muted); font-size: 0.85em; }
table { border-collapse: collapse; margin: 0.4em 0 1em; font-size: 0.9em; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { font-weight: 600; }
td.num, th.num { text-align: right; padding-left: 12px; }
td.num { white-space: nowrap; }
tbody th { font-weight: normal; color: var(--muted); white-space: nowrap; }
table.log td:nth-child(-n+2) { white-space: nowrap; }
.wide { overflow-x: auto; }
figure { margin: 1.2em 0 1.8em; }
figure svg { display: block; }
figcaption { color: var(--muted); font-size: 0.85em; margin-top: 0.2em; }
.note { color: var(--muted); font-size: 0.9em; }
.pass { color: #007a5a; font-weight: 600; }
.fail { color: #c24d00; font-weight: 600; }
.answer { font-size: 1.1em; font-weight: 600; }
footer { margin-top: 3em; color: var(--muted); font-size: 0.85em; border-top: 1px solid var(--rule); padding-top: 0.6em; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure, .card, tr { break-inside: avoid; }
  .card { background: none; }
  .wide { overflow: visible; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** A whole page: `<title>`, the style sheet and `body` inside `<main>`. */
export function page(title: string, body: readonly string[]): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    "</head>",
    "<body>",
    "<main>",
    ...body,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/** A table cell: text (escaped), and whether it is a number (right-aligned). */
export type Cell = string | number | { text: string; num?: boolean; html?: boolean };

function cell(tag: "td" | "th", c: Cell, scope = ""): string {
  const value = typeof c === "object" ? c : { text: String(c), num: typeof c === "number" };
  const cls = value.num ? ' class="num"' : "";
  return `<${tag}${scope}${cls}>${value.html ? value.text : esc(value.text)}</${tag}>`;
}

/** A table with a header row; `rowHeaders` makes each row's first cell a `<th>`. */
export function table(
  head: readonly Cell[],
  rows: readonly (readonly Cell[])[],
  options: { rowHeaders?: boolean; className?: string } = {},
): string {
  const headRow = `<tr>${head.map((c) => cell("th", c, ' scope="col"')).join("")}</tr>`;
  const body = rows.map(
    (r) =>
      `<tr>${r.map((c, i) => (i === 0 && options.rowHeaders ? cell("th", c, ' scope="row"') : cell("td", c))).join("")}</tr>`,
  );
  const cls = options.className ? ` class="${esc(options.className)}"` : "";
  return [
    `<div class="wide"><table${cls}>`,
    `<thead>${headRow}</thead>`,
    "<tbody>",
    ...body,
    "</tbody>",
    "</table></div>",
  ].join("\n");
}

/** A key–value table (settings). */
export function definitions(rows: readonly (readonly [string, string])[]): string {
  return [
    '<div class="wide"><table>',
    "<tbody>",
    ...rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`),
    "</tbody>",
    "</table></div>",
  ].join("\n");
}

/** A headline number. */
export function card(label: string, value: string, note = ""): string {
  return `<div class="card"><div class="label">${esc(label)}</div><div class="value">${esc(value)}</div>${note ? `<div class="note">${esc(note)}</div>` : ""}</div>`;
}

/** A chart in a figure, with an optional caption. */
export function figure(svg: string, caption = ""): string {
  return `<figure>\n${svg}\n${caption ? `<figcaption>${esc(caption)}</figcaption>\n` : ""}</figure>`;
}
