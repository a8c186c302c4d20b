// The scenario's timeline (the `events` of a scenario, docs/design.md#timeline-events): a small
// dispatcher that applies each event at its time to the part it concerns.
import type { Simulation } from "../engine/simulation";
import type { LogEntry } from "../metrics/result";
import type { TimelineEvent } from "../scenario/defaults";
import type { Draining } from "./draining";
import type { Targets } from "./target";

/** What the timeline acts on. */
export interface TimelineFleet {
  readonly targets: Targets;
  readonly draining: Draining;
  record(entry: LogEntry): void;
  /** A crash: its requests end in 502 and its health checks time out. */
  failTarget(t: number): void;
  /** A zone's nodes and targets fail (down) or come back. */
  zoneOutage(zone: string, down: boolean): void;
  /** Settings as they are after event i (a `set` event), applied in place. */
  applySettings(i: number): void;
  /** A zonal shift away from `zone` starts, or (null) ends. */
  zonalShift(zone: string | null): void;
}

export class Timeline {
  private readonly shiftEndKind: number;
  /** The event whose zonal shift is in force (one zone at a time), or -1. */
  private activeShift = -1;

  constructor(
    private readonly sim: Simulation,
    private readonly lb: TimelineFleet,
    private readonly events: readonly TimelineEvent[],
  ) {
    const kind = sim.on("timeline", (i) => this.apply(i));
    // A shift that another replaced ends with it, not at its own expiry.
    this.shiftEndKind = sim.on("zonal-shift-end", (i) => {
      if (this.activeShift === i) lb.zonalShift(null);
    });
    events.forEach((event, i) => {
      sim.scheduleAt(event.at, kind, i);
    });
  }

  private apply(i: number): void {
    const event = this.events[i];
    const { lb } = this;
    const { targets } = lb;
    const at = this.sim.now;
    const target = (id: string) => targets.ids.indexOf(id);
    if (event.fail) {
      lb.failTarget(target(event.fail.target));
      lb.record({ at, type: "fail", target: event.fail.target });
    } else if (event.recover) {
      targets.failed[target(event.recover.target)] = 0;
      lb.record({ at, type: "recover", target: event.recover.target });
    } else if (event.slow) {
      targets.slowFactor[target(event.slow.target)] = event.slow.factor;
      lb.record({ at, type: "slow", target: event.slow.target, factor: event.slow.factor });
    } else if (event.errors) {
      targets.errorRate[target(event.errors.target)] = event.errors.rate;
      lb.record({ at, type: "errors", target: event.errors.target, rate: event.errors.rate });
    } else if (event.deregister) {
      lb.draining.deregister(target(event.deregister.target));
    } else if (event.register) {
      lb.draining.register(target(event.register.target));
    } else if (event.outage) {
      lb.zoneOutage(event.outage.zone, true);
    } else if (event.restore) {
      lb.zoneOutage(event.restore.zone, false);
    } else if (event.zonalShift) {
      lb.zonalShift(event.zonalShift.zone);
      this.activeShift = i;
      this.sim.schedule(event.zonalShift.duration, this.shiftEndKind, i);
    } else if (event.set) {
      for (const [path, value] of Object.entries(event.set)) {
        lb.record({ at, type: "set", path, value: typeof value === "object" ? JSON.stringify(value) : String(value) });
      }
      lb.applySettings(i);
    }
  }
}
