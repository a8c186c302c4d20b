// An Auto Scaling group's instances as target slots (docs/design.md#auto-scaling-groups): one
// target group of one target per slot, in its zone, fixed when the run starts; the first
// `desired` are registered, the others wait for a launch.
import type { AutoScalingGroupSettings } from "../scenario/auto-scaling";
import type { TargetGroup } from "../scenario/defaults";

/** The target slots of a group, in the order they follow the scenario's own targets. */
export function autoScalingTargetGroups(group: AutoScalingGroupSettings): TargetGroup[] {
  const initial = new Set(group.initialSlots);
  return group.slotIds.map((id, k) => ({
    zone: group.slotZones[k],
    ids: [id],
    count: 1,
    concurrency: group.concurrency,
    queue: group.queue,
    serviceTime: group.serviceTime,
    // The first `desired` instances run when the run starts, balanced across the group's zones.
    registered: initial.has(k),
  }));
}
