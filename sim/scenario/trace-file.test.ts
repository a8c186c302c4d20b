import { describe, expect, test } from "vitest";
import { MAX_TRACE_BYTES, traceFileProblem, tracePathProblem } from "./trace-file";

describe("tracePathProblem", () => {
  test("allows a path inside the scenario's folder", () => {
    for (const name of ["launch.csv", "traces/launch.csv", "./traces/../launch.csv", "a/b/../../c.csv"])
      expect(tracePathProblem(name), name).toBeNull();
  });

  test("refuses an absolute path or one that climbs out, on any system's separators", () => {
    for (const name of [
      "/etc/passwd",
      "../x.csv",
      "a/../../x.csv",
      "..\\x.csv",
      "\\\\server\\share",
      "C:\\x.csv",
      "c:x",
    ])
      expect(tracePathProblem(name), name).toMatch(/^must be a file in the scenario's folder, got /);
  });

  test("refuses a link out of the folder, by the real path", () => {
    expect(tracePathProblem("a.csv", { real: "../../etc/passwd" })).toBe(
      "must be a file in the scenario's folder, got a.csv, a link out of it (--allow-outside-traces allows others)",
    );
    expect(tracePathProblem("a.csv", { real: "traces/a.csv" })).toBeNull();
  });

  test("allowOutside lifts the folder rule, not the others", () => {
    expect(tracePathProblem("/etc/hosts", { real: "../../etc/hosts", allowOutside: true })).toBeNull();
    expect(tracePathProblem("", { allowOutside: true })).toBe("must name a file, got an empty string");
    expect(tracePathProblem("a\nb.csv", { allowOutside: true })).toBe(
      "must not contain control characters, got a\\nb.csv",
    );
  });
});

describe("traceFileProblem", () => {
  test("takes a regular file up to 64 MiB", () => {
    expect(traceFileProblem("t.csv", "file", MAX_TRACE_BYTES)).toBeNull();
    expect(traceFileProblem("t.csv", "file", MAX_TRACE_BYTES + 1)).toBe(
      "t.csv is 65 MiB; a trace may be at most 64 MiB",
    );
  });

  test("refuses anything else by its kind", () => {
    expect(traceFileProblem("p", "FIFO", 0)).toBe("p is not a regular file (a FIFO)");
    expect(traceFileProblem("/dev/zero", "device", 0)).toBe("/dev/zero is not a regular file (a device)");
    expect(traceFileProblem("d", "directory", 4096)).toBe("d is not a regular file (a directory)");
  });
});
