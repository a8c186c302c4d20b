import { describe, expect, it } from "vitest";
import { jsonChunks } from "./json";

const text = (value: unknown, depth?: number) => [...jsonChunks(value, depth)].join("");

describe("jsonChunks", () => {
  it("gives JSON.stringify's text with two-space indentation, to the character", () => {
    const value = {
      scenario: "x",
      nested: { list: [1, "two", { three: [3, [], {}] }], empty: [], none: null },
      skipped: undefined,
      numbers: [Number.NaN, Infinity, -0, 1e21, 0.1],
      log: [{ at: 0, type: "dns", text: 'quote " and \n line' }, undefined, () => 1],
      date: new Date(0),
      unicode: "zone é \u2028",
    };
    for (const depth of [0, 1, 2, 3, 6]) expect(text(value, depth)).toBe(JSON.stringify(value, null, 2));
    expect(text([])).toBe("[]");
    expect(text("plain")).toBe('"plain"');
  });

  it("comes in one piece per entry of a long list", () => {
    const log = Array.from({ length: 1000 }, (_, i) => ({ at: i, type: "health" }));
    expect([...jsonChunks({ log })].length).toBeGreaterThan(1000);
  });
});
