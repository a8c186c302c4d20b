// The work limits on the command line (sim/scenario/work-estimate.ts): a command that would ask
// more of the machine than they allow is refused before it runs, with the estimate, unless
// --allow-large says the user means it.
import type { ScenarioError } from "../sim/scenario/defaults";
import { type Workload, workProblems } from "../sim/scenario/work-estimate";

/** How each refusal ends: what to do about it. */
export const ALLOW_LARGE = "; pass --allow-large to run it";

/** What `workload` asks beyond the limits, or nothing when the user allowed large work. */
export function refusedWork(workload: Workload, allowLarge: boolean): ScenarioError[] {
  return allowLarge ? [] : workProblems(workload, ALLOW_LARGE);
}
