// An Auto Scaling group's scheduled actions (docs/aws-behaviour.md#scheduled-actions): at its time,
// each sets the group's min, max and desired capacity at once, without waiting for a cooldown; a
// desired capacity outside the new limits moves inside them.
import type { Simulation } from "../engine/simulation";
import type { LogEntry } from "../metrics/result";
import type { AutoScalingGroupSettings } from "../scenario/auto-scaling";

/** What a scheduled action reads of its group and sets on it. */
export interface ScheduledGroup {
  readonly settings: AutoScalingGroupSettings;
  min: number;
  max: number;
  readonly desired: number;
  setDesired(capacity: number, cause: string): void;
}

export class ScheduledScaling {
  constructor(
    private readonly sim: Simulation,
    private readonly group: ScheduledGroup,
    private readonly fleet: { record(entry: LogEntry): void },
  ) {
    const kind = sim.on("asg-scheduled", (i) => this.act(i));
    group.settings.scheduledActions.forEach((a, i) => {
      sim.scheduleAt(a.at, kind, i);
    });
  }

  private act(i: number): void {
    const { group } = this;
    const a = group.settings.scheduledActions[i];
    group.min = a.min ?? group.min;
    group.max = a.max ?? group.max;
    this.fleet.record({
      at: this.sim.now,
      type: "asg-scheduled",
      group: group.settings.name,
      action: a.name,
      min: group.min,
      max: group.max,
      desired: a.desired ?? group.desired,
    });
    group.setDesired(a.desired ?? group.desired, a.name);
  }
}
