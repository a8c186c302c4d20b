// Registration and draining (docs/aws-behaviour.md#deregistration-delay): a deregistered target
// gets no new requests; its in-flight requests finish; it is gone when the last one does or when
// `deregistrationDelay` runs out, and requests still running then are cut (502). A target that
// registers (again) begins `initial` in every node's view until it passes its checks.
import type { Simulation } from "../engine/simulation";
import type { LogEntry } from "../metrics/result";
import type { LoadBalancerSettings } from "../scenario/defaults";
import type { HealthChecks } from "./health-check";
import type { SlowStart } from "./slow-start";
import type { Targets } from "./target";

/** What draining acts on: the targets, and the load balancer's requests at them. */
export interface DrainedFleet {
  readonly targets: Targets;
  readonly settings: LoadBalancerSettings;
  record(entry: LogEntry): void;
  /** Client requests the load balancer has at target t. */
  outstandingAt(t: number): number;
  /** Answers every client request at t with `status`; returns how many. */
  cutRequests(t: number, status: number): number;
  targetsChanged(): void;
  /** Target t is no longer registered (an Auto Scaling group terminates it then). */
  deregistered?(t: number): void;
}

export class Draining {
  private readonly delayKind: number;
  /** Per target: when its deregistration delay runs out (NaN: not draining). */
  private readonly deadline: Float64Array;

  constructor(
    private readonly sim: Simulation,
    private readonly fleet: DrainedFleet,
    private readonly slowStart: SlowStart,
    private readonly checks: HealthChecks,
  ) {
    this.deadline = new Float64Array(fleet.targets.count).fill(Number.NaN);
    this.delayKind = sim.on("deregistration-delay", (t) => this.delayOver(t));
  }

  deregister(t: number): void {
    const { fleet } = this;
    const { targets } = fleet;
    if (!targets.registered[t] || targets.draining[t]) return;
    targets.draining[t] = 1;
    this.slowStart.leave(t);
    fleet.record({ at: this.sim.now, type: "deregister", target: targets.ids[t] });
    fleet.targetsChanged();
    if (fleet.outstandingAt(t) === 0) this.deregistered(t, 0);
    else {
      this.deadline[t] = this.sim.now + fleet.settings.deregistrationDelay;
      this.sim.scheduleAt(this.deadline[t], this.delayKind, t);
    }
  }

  /** A target joins (again); one that is still draining ends its drain first. */
  register(t: number): void {
    const { targets } = this.fleet;
    if (targets.draining[t]) this.endDrain(t);
    if (targets.registered[t]) return;
    targets.registered[t] = 1;
    this.slowStart.registered(t);
    this.fleet.record({ at: this.sim.now, type: "register", target: targets.ids[t] });
    this.checks.restart(t);
  }

  /** A client request at target t was answered: a draining target with none left is gone. */
  responded(t: number): void {
    if (this.fleet.targets.draining[t] && this.fleet.outstandingAt(t) === 0) this.deregistered(t, 0);
  }

  private delayOver(t: number): void {
    if (!this.fleet.targets.draining[t] || this.sim.now < this.deadline[t]) return;
    this.endDrain(t);
  }

  /** Ends a drain now, cutting what still runs (not draining while cutting: it ends once). */
  private endDrain(t: number): void {
    this.fleet.targets.draining[t] = 0;
    this.deregistered(t, this.fleet.cutRequests(t, 502));
  }

  private deregistered(t: number, cut: number): void {
    const { fleet } = this;
    fleet.targets.draining[t] = 0;
    fleet.targets.registered[t] = 0;
    this.deadline[t] = Number.NaN;
    fleet.record({ at: this.sim.now, type: "deregistered", target: fleet.targets.ids[t], cut });
    fleet.targetsChanged();
    fleet.deregistered?.(t);
  }
}
