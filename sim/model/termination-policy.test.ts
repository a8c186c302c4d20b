// Termination order (docs/aws-behaviour.md#termination-policy).
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../engine/random";
import { chooseToTerminate, type TerminationCandidate } from "./termination-policy";

const draw = () => new RandomStreams(1).stream("test");

describe("termination policy", () => {
  it("balances zones before the policy", () => {
    // "Maintaining balance across zones takes precedence over the termination policy. If one
    // Availability Zone has more instances than the others, Amazon EC2 Auto Scaling applies the
    // termination policy to the imbalanced zone first."
    const candidates: TerminationCandidate[] = [
      { slot: 0, zone: 0, launchedAt: 0 },
      { slot: 1, zone: 1, launchedAt: 100 },
      { slot: 2, zone: 1, launchedAt: 200 },
    ];
    for (const policy of ["default", "oldest-instance", "newest-instance"] as const)
      expect([1, 2]).toContain(chooseToTerminate(candidates, policy, 1000, draw()));
    expect(chooseToTerminate(candidates, "oldest-instance", 1000, draw())).toBe(1);
    expect(chooseToTerminate(candidates, "newest-instance", 1000, draw())).toBe(2);
  });

  it("by default terminates the instance closest to the next billing hour", () => {
    // "Determine whether any of the instances that meet the previous criteria are closest to the
    // next billing hour": at 4000 s, launched at 500 s is 3500 s into its hour, at 0 s 400 s.
    const candidates: TerminationCandidate[] = [
      { slot: 0, zone: 0, launchedAt: 0 },
      { slot: 1, zone: 0, launchedAt: 500 },
      { slot: 2, zone: 0, launchedAt: 3000 },
    ];
    expect(chooseToTerminate(candidates, "default", 4000, draw())).toBe(1);
    expect(chooseToTerminate(candidates, "closest-to-next-instance-hour", 4000, draw())).toBe(1);
  });

  it("picks at random among equals, every one of them over many draws", () => {
    // "If there are multiple unprotected instances closest to the next billing hour, terminate one
    // of these instances at random."
    const candidates: TerminationCandidate[] = [0, 1, 2, 3].map((slot) => ({ slot, zone: 0, launchedAt: 0 }));
    const rng = draw();
    const counts = [0, 0, 0, 0];
    for (let k = 0; k < 4000; k++) counts[chooseToTerminate(candidates, "default", 60, rng)]++;
    // Binomial(4000, 1/4): sd ≈ 27, so each within 1000 ± 5 sd.
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(137);
  });

  it("has no choice without candidates", () => {
    expect(chooseToTerminate([], "default", 0, draw())).toBe(-1);
  });
});
