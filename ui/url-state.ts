// What a link carries, so it reproduces a run: ?scenario=NAME&seed=N&variant=V&run=1, or
// compare=A,B for two variants side by side, or src=… for a scenario that is not bundled (its
// text deflated and base64url-encoded, with the browser's own CompressionStream).

export type View = "gallery" | "run" | "compare" | "editor";

export interface UrlState {
  view: View;
  /** A bundled scenario's name, or null when the text comes from `source`. */
  scenario: string | null;
  /** A pasted scenario's text. */
  source: string | null;
  seed: number | null;
  variant: string | null;
  /** The two variants of compare mode; null entries mean the scenario as written. */
  compare: [string | null, string | null] | null;
  run: boolean;
}

const BASE = "(base)";

export async function readUrl(search: string): Promise<UrlState> {
  const q = new URLSearchParams(search);
  const seedText = q.get("seed");
  const seed = seedText !== null && /^\d+$/.test(seedText) ? Number(seedText) : null;
  const src = q.get("src");
  const source = src ? await inflate(src).catch(() => null) : null;
  const pair = q.get("compare");
  const compare =
    pair !== null
      ? (pair
          .split(",")
          .concat([BASE, BASE])
          .slice(0, 2)
          .map((v) => (v === BASE || v === "" ? null : v)) as [string | null, string | null])
      : null;
  const scenario = q.get("scenario");
  const view = (q.get("view") as View | null) ?? (compare ? "compare" : scenario || source ? "run" : "gallery");
  return { view, scenario, source, seed, variant: q.get("variant"), compare, run: q.get("run") === "1" };
}

export async function writeUrl(state: UrlState): Promise<string> {
  const q = new URLSearchParams();
  if (state.source !== null) q.set("src", await deflate(state.source));
  else if (state.scenario) q.set("scenario", state.scenario);
  if (state.seed !== null) q.set("seed", String(state.seed));
  if (state.view === "compare" && state.compare) q.set("compare", state.compare.map((v) => v ?? BASE).join(","));
  else if (state.variant) q.set("variant", state.variant);
  if (state.view === "editor" || (state.view === "gallery" && (state.scenario || state.source)))
    q.set("view", state.view);
  if (state.run) q.set("run", "1");
  // Commas and parentheses need no escaping in a query, and read better in a shared link.
  const text = q.toString().replaceAll("%2C", ",").replaceAll("%28", "(").replaceAll("%29", ")");
  return text ? `?${text}` : location.pathname;
}

/** Text → deflate-raw → base64url. */
export async function deflate(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export async function inflate(encoded: string): Promise<string> {
  const binary = atob(encoded.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Response(stream).text();
}
