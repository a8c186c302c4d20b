// The metrics an Auto Scaling group's policies watch (docs/aws-behaviour.md#target-tracking-metrics),
// one datapoint per period from the instances whose metrics count (warmed up:
// docs/aws-behaviour.md#instance-warm-up):
// - ALBRequestCountPerTarget: requests the load balancer routed to those instances in the period
//   (answered or refused), per instance;
// - ASGAverageCPUUtilization: their mean utilisation in percent, a worker busy being the model's
//   CPU in use (busy workers over concurrency, sampled every second: docs/design.md#auto-scaling-cpu-utilisation);
// - TargetResponseTime (custom): the mean response time of their answers in the period;
// - InFlightPerTarget (custom): requests in service or waiting at them, sampled every second.
import type { Simulation } from "../engine/simulation";
import type { ScalingMetric } from "../scenario/auto-scaling";
import type { Targets } from "./target";

/** Per-target totals kept by the load balancer's meters (cumulative over the run). */
export interface TargetTotals {
  readonly targetRouted: Float64Array;
  readonly targetAnswered: Float64Array;
  readonly targetResponseTimeSum: Float64Array;
}

/** Seconds between samples of workers in use. */
export const SAMPLE_INTERVAL = 1;

/** Cumulative per-slot samples of a group's targets; windows read differences of them. */
export class GroupSamples {
  readonly cpu: Float64Array;
  readonly inFlight: Float64Array;
  samples = 0;

  constructor(
    sim: Simulation,
    private readonly targets: Targets,
    readonly first: number,
    readonly count: number,
    sampled: boolean,
  ) {
    this.cpu = new Float64Array(count);
    this.inFlight = new Float64Array(count);
    if (!sampled) return;
    const kind = sim.on("asg-sample", () => {
      this.sample();
      sim.schedule(SAMPLE_INTERVAL, kind);
    });
    sim.schedule(SAMPLE_INTERVAL, kind);
  }

  private sample(): void {
    const { targets } = this;
    for (let k = 0; k < this.count; k++) {
      const t = this.first + k;
      this.cpu[k] += targets.busy[t] / targets.concurrency[t];
      this.inFlight[k] += targets.inFlight(t);
    }
    this.samples++;
  }
}

/** One policy's view of its metric: totals at the start of the current period, per slot. */
export class MetricWindow {
  private readonly start: Float64Array;
  private readonly startCount: Float64Array;
  private startSamples = 0;

  constructor(
    readonly metric: ScalingMetric,
    private readonly samples: GroupSamples,
    private readonly totals: TargetTotals,
  ) {
    this.start = new Float64Array(samples.count);
    this.startCount = new Float64Array(samples.count);
    this.restart();
  }

  /** The period's datapoint over the slots `counted` (NaN when none counts or nothing was measured), and a new period. */
  close(counted: readonly number[]): number {
    const value = this.value(counted);
    this.restart();
    return value;
  }

  private value(counted: readonly number[]): number {
    if (counted.length === 0) return Number.NaN;
    let sum = 0;
    let n = 0;
    for (const k of counted) {
      const now = this.current(k);
      sum += now.value - this.start[k];
      n += now.count - this.startCount[k];
    }
    switch (this.metric) {
      case "ALBRequestCountPerTarget":
        return sum / counted.length;
      case "ASGAverageCPUUtilization":
      case "InFlightPerTarget": {
        const samples = this.samples.samples - this.startSamples;
        if (samples === 0) return Number.NaN;
        return ((this.metric === "ASGAverageCPUUtilization" ? 100 : 1) * sum) / samples / counted.length;
      }
      case "TargetResponseTime":
        return n > 0 ? sum / n : Number.NaN;
    }
  }

  private current(k: number): { value: number; count: number } {
    const t = this.samples.first + k;
    switch (this.metric) {
      case "ALBRequestCountPerTarget":
        return { value: this.totals.targetRouted[t], count: 0 };
      case "ASGAverageCPUUtilization":
        return { value: this.samples.cpu[k], count: 0 };
      case "InFlightPerTarget":
        return { value: this.samples.inFlight[k], count: 0 };
      case "TargetResponseTime":
        return { value: this.totals.targetResponseTimeSum[t], count: this.totals.targetAnswered[t] };
    }
  }

  private restart(): void {
    for (let k = 0; k < this.samples.count; k++) {
      const now = this.current(k);
      this.start[k] = now.value;
      this.startCount[k] = now.count;
    }
    this.startSamples = this.samples.samples;
  }
}

/** Whether a metric needs workers sampled. */
export function isSampled(metric: ScalingMetric): boolean {
  return metric === "ASGAverageCPUUtilization" || metric === "InFlightPerTarget";
}
