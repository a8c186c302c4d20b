// Target health lanes with an Auto Scaling group: slots never used get no lane, and a node launched
// after an instance registered reads the view it learned from its zone's peers.
import { describe, expect, it } from "vitest";
import type { LogEntry } from "../../sim/metrics/result";
import { healthData } from "./from-run";
import { healthSegments } from "./health-swimlanes";

const log: LogEntry[] = [
  { at: 100, type: "register", target: "web-a2" },
  { at: 105, type: "health", node: "a-n1", target: "web-a2", state: "healthy" },
];
const result = {
  simulatedSeconds: 300,
  targets: ["web-a1", "web-a2", "web-a3"].map((id) => ({ id, zone: "a" })),
  nodes: [
    { id: "a-n1", launchedAt: 0, retiredAt: null },
    { id: "a-n2", launchedAt: 200, retiredAt: null },
  ],
  log,
  autoScaling: [{ targets: ["web-a1", "web-a2", "web-a3"], initialTargets: ["web-a1"] }],
};

describe("health lanes of an Auto Scaling group", () => {
  it("leave out slots that never held an instance", () => {
    expect(healthData(result).targets.map((t) => t.id)).toEqual(["web-a1", "web-a2"]);
  });

  it("show an instance healthy in a node launched after it registered, as the node learned", () => {
    const lanes = healthSegments(healthData(result)).filter((s) => s.target === "web-a2");
    expect(lanes.map((s) => [s.start, s.state])).toEqual([
      [0, "absent"],
      [100, "initial"],
      [105, "healthy"],
    ]);
  });
});
