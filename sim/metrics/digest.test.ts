import { describe, expect, it } from "vitest";
import { canonicalJson, digestOf, sha256Hex } from "./digest";

describe("canonicalJson", () => {
  it("sorts object keys at every depth and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, 2], c: "x" } })).toBe('{"a":{"c":"x","d":[3,1,2]},"b":1}');
  });

  it("rounds numbers to 10 significant digits and writes -0 as 0", () => {
    expect(canonicalJson(0.1 + 0.2)).toBe("0.3");
    expect(canonicalJson(1 / 3)).toBe("0.3333333333");
    expect(canonicalJson(123456789012345)).toBe("123456789000000");
    expect(canonicalJson(-0)).toBe("0");
    expect(canonicalJson(-1e-300 * 1e-300)).toBe("0");
  });

  it("writes non-finite numbers as strings", () => {
    expect(canonicalJson([Infinity, -Infinity, NaN])).toBe('["Infinity","-Infinity","NaN"]');
  });

  it("drops undefined properties and writes undefined array items as null", () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it("writes typed arrays as arrays", () => {
    expect(canonicalJson({ counts: new Float64Array([1, 2.5]) })).toBe('{"counts":[1,2.5]}');
  });

  it("refuses a Map, which has no canonical form", () => {
    expect(() => canonicalJson(new Map())).toThrow(TypeError);
  });
});

describe("digest", () => {
  it("hashes 'abc' to the published SHA-256 test vector", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("does not depend on key order", () => {
    expect(digestOf({ x: 1, y: [1, 2], z: { p: true, q: null } })).toBe(
      digestOf({ z: { q: null, p: true }, y: [1, 2], x: 1 }),
    );
  });

  it("changes when a number changes", () => {
    expect(digestOf({ p99: 0.25 })).not.toBe(digestOf({ p99: 0.2500001 }));
  });

  it("treats 0.1 + 0.2 and 0.3 as the same number", () => {
    expect(digestOf({ v: 0.1 + 0.2 })).toBe(digestOf({ v: 0.3 }));
  });
});
