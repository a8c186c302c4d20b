import { describe, expect, test } from "vitest";
import { formatClock, formatDuration, formatSeconds, parseDuration } from "./units";

describe("parseDuration", () => {
  test("reads strings with units as seconds", () => {
    expect(parseDuration("250ms")).toBe(0.25);
    expect(parseDuration("30s")).toBe(30);
    expect(parseDuration("5m")).toBe(300);
    expect(parseDuration("5m30s")).toBe(330);
    expect(parseDuration("1.5h")).toBe(5400);
    expect(parseDuration("1d")).toBe(86400);
  });

  test("takes a number, or a bare numeric string, as seconds", () => {
    expect(parseDuration(30)).toBe(30);
    expect(parseDuration(0.5)).toBe(0.5);
    expect(parseDuration("30")).toBe(30);
  });

  test("gives null for text that is not a duration", () => {
    for (const text of ["soon", "", "5 m", "5x", "m5", "-5s", "1e3s"]) expect(parseDuration(text)).toBeNull();
    expect(parseDuration(Number.NaN)).toBeNull();
  });
});

describe("formatDuration", () => {
  test("writes the shortest readable form", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(0.25)).toBe("250ms");
    expect(formatDuration(1.5)).toBe("1.5s");
    expect(formatDuration(30)).toBe("30s");
    expect(formatDuration(330)).toBe("5m30s");
    expect(formatDuration(5400)).toBe("1h30m");
    expect(formatDuration(172800)).toBe("2d");
  });

  test("round-trips through parseDuration", () => {
    for (const seconds of [0.001, 0.25, 1, 59, 61, 3599, 3661, 90061])
      expect(parseDuration(formatDuration(seconds))).toBe(seconds);
  });
});

describe("formatSeconds", () => {
  test("writes limits in whole seconds, as AWS's documentation does", () => {
    expect(formatSeconds(300)).toBe("300s");
    expect(formatSeconds(3600)).toBe("3600s");
    expect(formatSeconds(0)).toBe("0s");
    expect(formatSeconds(0.25)).toBe("250ms");
    expect(formatSeconds(7 * 86400)).toBe("7d");
  });
});

describe("formatClock", () => {
  test("simulated times read like scenario durations", () => {
    expect([0, 0.3, 59.95, 300, 312.46, 1800].map(formatClock)).toEqual(["0s", "0.3s", "1m", "5m", "5m12.5s", "30m"]);
  });
});
