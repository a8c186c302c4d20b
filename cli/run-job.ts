// One job of the worker pool, the same on a worker thread and on the main one: run the scenario,
// measure its metrics, and keep what the caller asked for. What crosses the thread boundary is
// plain data (structured clone).
import type { KeyMetric } from "../sim/metrics/key-metrics";
import { type MetricRef, runMetrics } from "../sim/metrics/measures";
import type { RunResult, TimeSeries } from "../sim/metrics/result";
import { runScenario } from "../sim/run";
import type { Scenario } from "../sim/scenario/defaults";

export interface Job {
  scenario: Scenario;
  variant: string | null;
  /** Metrics to measure beyond the replicated key metrics (the thresholds'). */
  measure?: readonly MetricRef[];
  /** Keep the log and the time series (compare's report); otherwise both are dropped. */
  full?: boolean;
}

export interface JobOutput {
  /** The result; its log is empty unless the job was `full`. */
  result: RunResult;
  /** The replicated key metrics and the measured ones (sim/metrics/measures.ts runMetrics). */
  metrics: KeyMetric[];
  /** Only for a `full` job. */
  timeseries?: TimeSeries;
}

export interface JobMessage extends Job {
  id: number;
}

export type JobReply = { id: number; output: JobOutput } | { id: number; error: string };

export function runJob({ scenario, variant, measure = [], full = false }: Job): JobOutput {
  const { result, timeseries } = runScenario(scenario, {
    variant,
    // Wall time is not part of the digest; a full job's result is shown as `run` shows it.
    clock: full ? () => performance.now() / 1000 : undefined,
  });
  const metrics = runMetrics(result, timeseries, measure);
  return full ? { result, metrics, timeseries } : { result: { ...result, log: [] }, metrics };
}
