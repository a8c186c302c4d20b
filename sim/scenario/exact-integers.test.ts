import { parseDocument } from "yaml";
import { expect, test } from "vitest";
import { keepExactIntegers } from "./exact-integers";

test("whole numbers a double cannot hold become BigInts as written; others stay numbers", () => {
  const doc = parseDocument("a: 9007199254740993\nb: -99999999999999999999\nc: 9007199254740991\nd: 1e20\ne: 1.5");
  keepExactIntegers(doc);
  expect(doc.toJS()).toEqual({ a: 9007199254740993n, b: -99999999999999999999n, c: 9007199254740991, d: 1e20, e: 1.5 });
});
