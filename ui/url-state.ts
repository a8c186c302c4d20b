// What a link carries, so it reproduces a run: ?scenario=NAME&seed=N&variant=V&run=1, or
// compare=A,B for two variants side by side, and #src=… for a scenario that is not bundled (its
// text compressed with zlib's deflate, whose checksum tells a damaged link, and base64url-encoded,
// with the browser's own CompressionStream). The pasted text rides in the fragment, which
// browsers never send to the server: a long scenario makes a long link, and servers refuse request
// lines past about 16 KB (HTTP 431). Links of the older form, ?src=… with raw deflate, still
// open. What a link gets wrong comes back as `problems`, for the page to show.
import { LIMITS } from "../sim/scenario/work-estimate";

export const VIEWS = ["gallery", "run", "compare", "editor"] as const;
export type View = (typeof VIEWS)[number];

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
  /** A bundled lesson (scenarios/lessons/NAME.yaml) and its step, counted from 1. */
  lesson?: string | null;
  step?: number | null;
  /** What-if overrides, `--set`-style (path, value), in the order given. */
  overrides?: [string, string][];
  /** What the link asks that cannot be done, in sentences; nothing runs while there are any. */
  problems?: string[];
}

const BASE = "(base)";

export async function readUrl(search: string, hash = ""): Promise<UrlState> {
  const q = new URLSearchParams(search);
  const fragment = new URLSearchParams(hash.replace(/^#/, ""));
  const problems: string[] = [];
  const seedText = q.get("seed");
  let seed: number | null = null;
  if (seedText !== null) {
    if (/^\d+$/.test(seedText) && Number.isSafeInteger(Number(seedText))) seed = Number(seedText);
    else problems.push(`The seed ${quote(seedText)} is not a whole number from 0 to ${Number.MAX_SAFE_INTEGER}.`);
  }
  const src = fragment.get("src") ?? q.get("src");
  let source: string | null = null;
  if (src !== null) {
    try {
      source = await inflate(src, fragment.has("src") ? "deflate" : "deflate-raw");
    } catch (error) {
      problems.push(error instanceof LinkTooLarge ? error.message : DAMAGED);
    }
  }
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
  const asked = q.get("view");
  let view: View = compare ? "compare" : scenario || src !== null ? "run" : "gallery";
  if (asked !== null) {
    if ((VIEWS as readonly string[]).includes(asked)) view = asked as View;
    else problems.push(`There is no view ${quote(asked)}: the views are ${VIEWS.join(", ")}.`);
  }
  const lesson = q.get("lesson");
  const stepText = q.get("step");
  let step: number | null = null;
  if (stepText !== null) {
    if (/^[1-9]\d{0,3}$/.test(stepText)) step = Number(stepText);
    else problems.push(`The step ${quote(stepText)} is not a whole number from 1.`);
  }
  const overrides: [string, string][] = [];
  for (const set of q.getAll("set")) {
    const at = set.indexOf("=");
    if (at <= 0) problems.push(`The setting ${quote(set)} is not PATH=VALUE.`);
    else overrides.push([set.slice(0, at), set.slice(at + 1)]);
  }
  // A lesson's link opens its run: ?lesson=flash-crowd&step=3 is all a student needs.
  if (lesson !== null && asked === null && !compare) view = "run";
  const state: UrlState = {
    view,
    scenario,
    source,
    seed,
    variant: q.get("variant"),
    compare,
    run: q.get("run") === "1" || lesson !== null,
  };
  if (lesson !== null) state.lesson = lesson;
  if (step !== null) state.step = step;
  if (overrides.length > 0) state.overrides = overrides;
  if (problems.length > 0) state.problems = problems;
  return state;
}

const DAMAGED =
  "The scenario in this link cannot be read: the link is cut short or damaged. Copy it again from where it was shared.";

/** A value from a link, as a message quotes it: short, and in quotes. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}…` : text);
}

/** The query and fragment of a link to `state`, for pushState (the current path when there are none). */
export async function writeUrl(state: UrlState): Promise<string> {
  const q = new URLSearchParams();
  if (state.source === null && state.scenario && !state.lesson) q.set("scenario", state.scenario);
  if (state.seed !== null) q.set("seed", String(state.seed));
  if (state.view === "compare" && state.compare) q.set("compare", state.compare.map((v) => v ?? BASE).join(","));
  else if (state.variant) q.set("variant", state.variant);
  if (state.view === "editor" || (state.view === "gallery" && (state.scenario || state.source)))
    q.set("view", state.view);
  if (state.lesson) {
    q.set("lesson", state.lesson);
    if (state.step) q.set("step", String(state.step));
  }
  for (const [path, value] of state.overrides ?? []) q.append("set", `${path}=${value}`);
  if (state.run && !state.lesson) q.set("run", "1");
  // Commas and parentheses need no escaping in a query, and read better in a shared link.
  const text = q.toString().replaceAll("%3D", "=").replaceAll("%2C", ",").replaceAll("%28", "(").replaceAll("%29", ")");
  const fragment = state.source !== null ? `#src=${await deflate(state.source, "deflate")}` : "";
  return text ? `?${text}${fragment}` : `${location.pathname}${fragment}`;
}

type Format = "deflate" | "deflate-raw";

/** Text → deflate (zlib, checksummed) or deflate-raw (the older links') → base64url. */
export async function deflate(text: string, format: Format = "deflate"): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream(format));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** A link whose text inflates past the limit for a scenario. */
export class LinkTooLarge extends Error {}

/**
 * base64url → inflate → text, reading no more than a scenario may be (a few KB of link can
 * inflate to many MB). Throws on anything that is not a complete, compressed UTF-8 text (and,
 * in zlib's format, on a checksum that does not match).
 */
export async function inflate(
  encoded: string,
  format: Format = "deflate",
  maxBytes = LIMITS.scenarioBytes,
): Promise<string> {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) throw new Error("not base64url");
  const binary = atob(encoded.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream(format)).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw new LinkTooLarge(
        `The scenario in this link is more than ${maxBytes / 2 ** 20} MiB, the limit for a scenario: it is not opened.`,
      );
    }
    chunks.push(value);
  }
  const joined = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(joined);
}
