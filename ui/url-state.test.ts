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
  it("open a lesson at a step, which runs its scenario", async () => {
    const link = await writeUrl(state({ scenario: "flash-crowd", lesson: "flash-crowd", step: 3, run: true }));
    expect(link).toBe("?lesson=flash-crowd&step=3");
    expect(await readUrl(link)).toEqual(state({ lesson: "flash-crowd", step: 3, run: true }));
    expect((await readUrl("?lesson=x&step=0")).problems).toEqual(['The step "0" is not a whole number from 1.']);
  });

  it("carry what-if overrides as --set does, in order", async () => {
    const overrides: [string, string][] = [
      ["loadBalancer.crossZone", "false"],
      ["clients.0.dnsCache", "30s"],
    ];
    const link = await writeUrl(state({ scenario: "az-outage", overrides, run: true }));
    expect(link).toBe("?scenario=az-outage&set=loadBalancer.crossZone=false&set=clients.0.dnsCache=30s&run=1");
    expect((await readUrl(link)).overrides).toEqual(overrides);
  });

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

  it("carry a pasted scenario compressed in the fragment, which no server sees, and give it back unchanged", async () => {
    const text = `version: 1\nname: pasted\n# ünïcode, and a long line repeated ${"x".repeat(400)}\n`;
    const link = await writeUrl(state({ source: text, run: true }));
    expect(link).toMatch(/^\?run=1#src=[A-Za-z0-9_-]+$/);
    expect(link.length).toBeLessThan(text.length);
    const [search, hash] = link.split("#");
    expect((await readUrl(search, `#${hash}`)).source).toBe(text);
    // Links of the older form, with the raw-deflated text in the query, still open.
    expect((await readUrl(`?src=${await deflate(text, "deflate-raw")}&run=1`)).source).toBe(text);
  });

  it("say what is wrong with a damaged, cut or oversized scenario, a seed or a view", async () => {
    const encoded = await deflate(`version: 1\nname: pasted\n${"# a line\n".repeat(200)}`);
    const flipped = `${encoded.slice(0, 20)}${encoded[20] === "A" ? "B" : "A"}${encoded.slice(21)}`;
    const damaged = ["!!not-base64", encoded.slice(0, encoded.length / 2), flipped, "A", ""];
    for (const src of damaged) {
      const read = await readUrl("", `#src=${src}`);
      expect(read.source, src).toBeNull();
      expect(read.problems, src).toEqual([expect.stringMatching(/^The scenario in this link cannot be read/)]);
    }
    const huge = await deflate(`description: ${"x".repeat(3 * 2 ** 20)}`);
    expect(huge.length).toBeLessThan(16_000);
    expect((await readUrl("", `#src=${huge}`)).problems).toEqual([
      "The scenario in this link is more than 1 MiB, the limit for a scenario: it is not opened.",
    ]);
    expect((await readUrl("?scenario=x&seed=abc")).problems).toEqual([
      'The seed "abc" is not a whole number from 0 to 9007199254740991.',
    ]);
    expect((await readUrl("?view=bogus")).problems).toEqual([
      'There is no view "bogus": the views are gallery, run, compare, editor.',
    ]);
  });

  it("round-trip text through deflate (zlib's or raw) and base64url", async () => {
    for (const format of ["deflate", "deflate-raw"] as const)
      for (const text of ["", "a", "zones: [a, b, c]\n".repeat(50)])
        expect(await inflate(await deflate(text, format), format)).toBe(text);
  });

  it("show the gallery when they name nothing", async () => {
    expect(await readUrl("")).toEqual(state({ view: "gallery" }));
  });
});
