// Which instance a scale-in terminates (docs/aws-behaviour.md#termination-policy). "Maintaining
// balance across Availability Zones takes precedence over termination policies": the candidates
// are first narrowed to the zones with the most instances, then the policy picks among them.
// Every instance of a simulated group has the same launch template, so the default policy's
// "oldest launch template or configuration" criterion never separates two instances, and it goes
// on to the instance "closest to the next billing hour", then at random among equals.
import type { Rng } from "../engine/random";

export type TerminationPolicyName = "default" | "oldest-instance" | "newest-instance" | "closest-to-next-instance-hour";

export interface TerminationCandidate {
  /** The caller's handle for the instance. */
  slot: number;
  /** Zone index. */
  zone: number;
  launchedAt: number;
}

/** Seconds in a billing hour. */
const HOUR = 3600;

/** The candidate to terminate, or -1 when there is none. `draw` breaks ties, in candidate order. */
export function chooseToTerminate(
  candidates: readonly TerminationCandidate[],
  policy: TerminationPolicyName,
  now: number,
  draw: Rng,
): number {
  if (candidates.length === 0) return -1;
  const perZone = new Map<number, number>();
  for (const c of candidates) perZone.set(c.zone, (perZone.get(c.zone) ?? 0) + 1);
  const most = Math.max(...perZone.values());
  const inBusiestZones = candidates.filter((c) => perZone.get(c.zone) === most);
  // A higher score terminates first.
  const score = (c: TerminationCandidate): number => {
    if (policy === "oldest-instance") return -c.launchedAt;
    if (policy === "newest-instance") return c.launchedAt;
    // Seconds into the current billing hour: the largest is closest to the next hour.
    return (((now - c.launchedAt) % HOUR) + HOUR) % HOUR;
  };
  const best = Math.max(...inBusiestZones.map(score));
  const tied = inBusiestZones.filter((c) => score(c) === best);
  return tied[Math.min(tied.length - 1, Math.floor(draw() * tied.length))].slot;
}
