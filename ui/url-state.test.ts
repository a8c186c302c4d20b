import { describe, expect, it } from "vitest";
import { deflate, inflate, readUrl, writeUrl, type UrlState } from "./url-state";

const state = (change: Partial<UrlState>): UrlState => ({
  view: "run",
  scenario: null,
  source: null,
  seed: null,
  variant: null,
  compare: null,
  run: false,
  ...change,
});

describe("links", () => {
  it("name a bundled scenario, its seed, variant and that it runs", async () => {
    const link = await writeUrl(state({ scenario: "flash-crowd", seed: 7, variant: "pre-warmed", run: true }));
    expect(link).toBe("?scenario=flash-crowd&seed=7&variant=pre-warmed&run=1");
    expect(await readUrl(link)).toEqual(state({ scenario: "flash-crowd", seed: 7, variant: "pre-warmed", run: true }));
  });

  it("open compare mode with two variants, the scenario as written when one is left out", async () => {
    const link = await writeUrl(
      state({ view: "compare", scenario: "cross-zone", compare: ["cross-zone-on", null], run: true }),
    );
    expect(link).toBe("?scenario=cross-zone&compare=cross-zone-on,(base)&run=1");
    expect((await readUrl(link)).compare).toEqual(["cross-zone-on", null]);
    expect((await readUrl("?scenario=cross-zone&compare=a,b")).view).toBe("compare");
  });

  it("carry a pasted scenario compressed, and give it back unchanged", async () => {
    const text = `version: 1\nname: pasted\n# ünïcode, and a long line repeated ${"x".repeat(400)}\n`;
    const link = await writeUrl(state({ source: text, run: true }));
    expect(link).toMatch(/^\?src=[A-Za-z0-9_-]+&run=1$/);
    expect(link.length).toBeLessThan(text.length);
    expect((await readUrl(link)).source).toBe(text);
  });

  it("round-trip text through deflate-raw and base64url", async () => {
    for (const text of ["", "a", "zones: [a, b, c]\n".repeat(50)])
      expect(await inflate(await deflate(text))).toBe(text);
  });

  it("show the gallery when they name nothing, and ignore a seed that is not a number", async () => {
    expect((await readUrl("")).view).toBe("gallery");
    expect((await readUrl("?scenario=x&seed=abc")).seed).toBeNull();
  });
});
