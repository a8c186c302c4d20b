import { describe, expect, it } from "vitest";
import { loadScenario } from "../../sim/scenario/load";
import { placeErrors } from "./error-lines";

const text = `version: 1
name: demo
duration: 10m
zones: [a]
loadBalancer:
  healthCheck:
    interval: 1s
targets:
  - zone: a
    concurrency: 8
    serviceTime: 20ms
  - zone: z
    concurrency: 8
    serviceTime: 20ms
clients:
  - { name: web, rate: 100 }
variants:
  off: { loadBalancer.crossZone: maybe }
`;

describe("placeErrors", () => {
  it("puts a schema error on the line of its path", () => {
    const placed = placeErrors(text, [
      { path: "loadBalancer.healthCheck.interval", message: "must be 5s to 300s, got 1s" },
    ]);
    expect(placed[0].line).toBe(7);
  });

  it("finds list items and keys that hold dots", () => {
    const placed = placeErrors(text, [
      { path: "targets.1.zone", message: "no zone z" },
      { path: "variants.off.loadBalancer.crossZone", message: "must be true or false" },
    ]);
    expect(placed.map((p) => p.line)).toEqual([12, 18]);
  });

  it("points a missing setting at its nearest parent", () => {
    expect(placeErrors(text, [{ path: "clients.0.count.x", message: "is required" }])[0].line).toBe(16);
  });

  it("reads the line of a YAML syntax error from its message", () => {
    const broken = "version: 1\nname: [demo\nduration: 10m\n";
    const loaded = loadScenario(broken);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const placed = placeErrors(broken, loaded.errors);
    expect(placed[0].path).toBe("(yaml)");
    expect(placed[0].line).toBeGreaterThanOrEqual(2);
  });

  it("places every error loadScenario reports for a bad scenario", () => {
    const loaded = loadScenario(text);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const placed = placeErrors(text, loaded.errors);
    expect(placed.find((p) => p.path === "loadBalancer.healthCheck.interval")?.line).toBe(7);
    expect(placed.every((p) => p.line !== null)).toBe(true);
  });

  it("leaves errors about command-line options without a line", () => {
    expect(placeErrors(text, [{ path: "--variant", message: "no variant x" }])[0].line).toBeNull();
  });
});
