// Problems a user caused, as the command line reports them (docs/design.md#the-command-line): one
// `path: message` line each on stderr, control characters escaped, and exit status 2.
import type { ScenarioError } from "../sim/scenario/defaults";
import { formatErrors } from "../sim/scenario/load";

export const BAD_INPUT = 2;

export function problems(errors: readonly ScenarioError[]): number {
  process.stderr.write(
    formatErrors(errors)
      .map((line) => `${line}\n`)
      .join(""),
  );
  return BAD_INPUT;
}
