import { describe, expect, test } from "vitest";
import { parseTrace } from "./trace";

describe("parseTrace", () => {
  test("reads time,rps rows, skipping blank lines and comments", () => {
    const text = "# flash crowd\ntime,rps\n0,200\n\n300, 200\r\n330,6000.5\n# the end\n";
    expect(parseTrace(text)).toEqual({
      points: [
        { at: 0, rps: 200 },
        { at: 300, rps: 200 },
        { at: 330, rps: 6000.5 },
      ],
      errors: [],
    });
  });

  test("allows two rows at one time, a step", () => {
    expect(parseTrace("time,rps\n0,1\n10,1\n10,5\n").points).toHaveLength(3);
  });

  test("reports each bad row with its line", () => {
    const text = ["time,rps", "0,100", "10,100,5", "x,1", "20,-3", "5,10", "30,many", "40,"].join("\n");
    expect(parseTrace(text).errors).toEqual([
      { line: 3, message: "needs 2 values (time,rps), got 3" },
      { line: 4, message: "time must be a number of seconds, got x" },
      { line: 5, message: "rps must not be negative, got -3" },
      { line: 6, message: "time goes backwards: 5 after 20" },
      { line: 7, message: "rps must be a number, got many" },
      { line: 8, message: "rps must be a number, got nothing" },
    ]);
  });

  test("takes only finite numbers within the bounds of rate points", () => {
    expect(parseTrace("time,rps\n0,1e400\n1e400,5\n").errors).toEqual([
      { line: 2, message: "rps must be at most 1000000000, got 1e400" },
      { line: 3, message: "time must be at most 30d, got 1e400" },
    ]);
  });

  test("quotes at most 40 characters of a line, escaped", () => {
    const [error] = parseTrace(`\x1b[2J${"secret ".repeat(100)}\n0,1\n`).errors;
    expect(error).toEqual({
      line: 1,
      message: `must start with the header time,rps, got \\x1b[2J${"secret ".repeat(4)}secr…`,
    });
  });

  test("needs the header", () => {
    expect(parseTrace("0,1\n1,2\n").errors).toEqual([
      { line: 1, message: "must start with the header time,rps, got 0,1" },
    ]);
  });

  test("needs at least one row", () => {
    expect(parseTrace("time,rps\n").errors).toEqual([{ line: 1, message: "has no rows after the header" }]);
    expect(parseTrace("\n# nothing\n").errors).toEqual([{ line: 1, message: "is empty" }]);
  });
});
