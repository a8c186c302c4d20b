// The exit status of a judged run (docs/design.md#thresholds): a breached threshold is neither a
// bad scenario (2) nor a bug (1), so CI can tell a failed check from a broken one. 99 is k6's.
import { type JudgedThreshold, allPass } from "../sim/metrics/thresholds";

export const THRESHOLD_BREACHED = 99;

/** 0 when every threshold passed (or there were none), THRESHOLD_BREACHED otherwise. */
export function verdict(judged: readonly JudgedThreshold[]): number {
  return allPass(judged) ? 0 : THRESHOLD_BREACHED;
}
