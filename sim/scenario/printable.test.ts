import { describe, expect, test } from "vitest";
import { excerpt, printable } from "./printable";

describe("printable", () => {
  test("escapes control characters, line separators and bidirectional overrides", () => {
    expect(printable("a\nb\r\tc\x1b[31m\x00\x7f\x9b\u2028\u202e")).toBe(
      "a\\nb\\r\\tc\\x1b[31m\\x00\\x7f\\x9b\\u2028\\u202e",
    );
  });

  test("leaves other text, backslashes and emoji alone", () => {
    expect(printable("zone a — 10 % \\n 👩‍💻")).toBe("zone a — 10 % \\n 👩‍💻");
  });
});

describe("excerpt", () => {
  test("keeps short text whole", () => {
    expect(excerpt("time,rps")).toBe("time,rps");
  });

  test("cuts long text to at most 40 characters, never inside an escape", () => {
    const cut = excerpt(`${"x".repeat(37)}\x1b[31m and much more`);
    expect(cut).toBe(`${"x".repeat(37)}…`);
    expect(excerpt("y".repeat(1000))).toHaveLength(40);
  });
});
