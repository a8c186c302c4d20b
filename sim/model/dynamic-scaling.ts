// An Auto Scaling group's dynamic scaling (docs/aws-behaviour.md#dynamic-scaling): each policy's
// datapoint as its period closes, then one decision among the proposals of that instant.
import type { Simulation } from "../engine/simulation";
import type { AutoScalingGroupSettings } from "../scenario/auto-scaling";
import type { CapacityView, ScalingPolicy } from "./scaling-policy";
import { makePolicy } from "./scaling-policy";
import { GroupSamples, isSampled, MetricWindow, type TargetTotals } from "./scaling-metric";
import type { Targets } from "./target";

/** What dynamic scaling reads of its group and sets on it. */
export interface ScaledGroup {
  readonly settings: AutoScalingGroupSettings;
  /** The group's first target index. */
  readonly first: number;
  readonly desired: number;
  /** The instances whose metrics count for a warm-up and period, and what a policy sees. */
  capacityView(warmup: number, periodStart: number): { counted: number[]; view: CapacityView };
  setDesired(capacity: number, cause: string): void;
}

export class DynamicScaling {
  private readonly policies: ScalingPolicy[];
  private readonly windows: MetricWindow[];
  private readonly periodKind: number;
  private readonly decideKind: number;
  private deciding = false;

  constructor(
    private readonly sim: Simulation,
    private readonly group: ScaledGroup,
    fleet: { readonly targets: Targets; readonly meters: TargetTotals },
  ) {
    const { settings } = group;
    const samples = new GroupSamples(
      sim,
      fleet.targets,
      group.first,
      settings.slots,
      settings.policies.some((p) => isSampled(p.metric)),
    );
    this.policies = settings.policies.map(makePolicy);
    this.windows = settings.policies.map((p) => new MetricWindow(p.metric, samples, fleet.meters));
    this.periodKind = sim.on("asg-datapoint", (i) => this.datapoint(i));
    this.decideKind = sim.on("asg-decide", () => {
      this.deciding = false;
      this.decide();
    });
    settings.policies.forEach((p, i) => {
      sim.schedule(p.period, this.periodKind, i);
    });
  }

  /** Policy i's period closed: its datapoint, its proposal, and the group's decision. */
  private datapoint(i: number): void {
    const policy = this.policies[i];
    const { period } = policy.settings;
    this.sim.schedule(period, this.periodKind, i);
    const warmup = "warmup" in policy.settings ? policy.settings.warmup : 0;
    const { counted, view } = this.group.capacityView(warmup, this.sim.now - period);
    policy.datapoint(this.windows[i].close(counted), view);
    // Decide once every datapoint of this instant is in, so that policies closing together compete.
    if (!this.deciding) {
      this.deciding = true;
      this.sim.schedule(0, this.decideKind);
    }
  }

  /**
   * "The policy that provides the largest capacity for both scale out and scale in" wins
   * (docs/aws-behaviour.md#multiple-policies). A target tracking policy's scale-in counts only when
   * "all of the target tracking policies (with the scale-in portion enabled) are ready to scale in";
   * a step or simple policy's scale-in "will not be blocked" by a target tracking policy that is not.
   */
  private decide(): void {
    const desired = this.group.desired;
    const trackingReady = this.policies.every(
      (p) => p.settings.type !== "target-tracking" || p.settings.disableScaleIn || p.readyToScaleIn(desired),
    );
    let best: ScalingPolicy | null = null;
    for (const p of this.policies) {
      const proposal = p.proposal;
      if (!proposal) continue;
      if (proposal.capacity < desired && p.settings.type === "target-tracking" && !trackingReady) continue;
      if (best === null || proposal.capacity > best.proposal!.capacity) best = p;
    }
    if (!best?.proposal || best.proposal.capacity === desired) return;
    const capacity = best.proposal.capacity;
    const before = this.group.desired;
    this.group.setDesired(capacity, best.name);
    best.scaled(before, this.group.desired);
    for (const p of this.policies) p.proposal = null;
  }
}
