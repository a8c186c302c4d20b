// The scenario's timeline (DESIGN.md §3, `events`): failures, recoveries, slow-downs, errors,
// deregistration and registration, zone outages, and settings changed mid-run.
import type { Simulation } from "../engine/simulation";
import type { TimelineEvent } from "../scenario/defaults";
import type { HealthChecks } from "./health-check";
import type { LoadBalancer } from "./load-balancer";

export class Timeline {
  private readonly drainKind: number;
  /** Per target: when its deregistration delay runs out (NaN: not draining). */
  private readonly drainDeadline: Float64Array;

  constructor(
    private readonly sim: Simulation,
    private readonly lb: LoadBalancer,
    private readonly checks: HealthChecks,
    private readonly events: readonly TimelineEvent[],
  ) {
    this.drainDeadline = new Float64Array(lb.targets.count).fill(NaN);
    this.drainKind = sim.on("deregistration-delay", (t) => this.drainDelayOver(t));
    const kind = sim.on("timeline", (i) => this.apply(i));
    events.forEach((event, i) => {
      sim.scheduleAt(event.at, kind, i);
    });
    lb.afterResponse = (t) => {
      if (lb.targets.draining[t] && lb.outstandingAt(t) === 0) this.deregistered(t, 0);
    };
  }

  private apply(i: number): void {
    const event = this.events[i];
    const { lb } = this;
    const at = this.sim.now;
    const target = (id: string) => lb.targets.ids.indexOf(id);
    if (event.fail) {
      this.fail(target(event.fail.target));
      lb.record({ at, type: "fail", target: event.fail.target });
    } else if (event.recover) {
      lb.targets.failed[target(event.recover.target)] = 0;
      lb.record({ at, type: "recover", target: event.recover.target });
    } else if (event.slow) {
      lb.targets.slowFactor[target(event.slow.target)] = event.slow.factor;
      lb.record({ at, type: "slow", target: event.slow.target, factor: event.slow.factor });
    } else if (event.errors) {
      lb.targets.errorRate[target(event.errors.target)] = event.errors.rate;
      lb.record({ at, type: "errors", target: event.errors.target, rate: event.errors.rate });
    } else if (event.deregister) {
      this.deregister(target(event.deregister.target));
    } else if (event.register) {
      this.register(target(event.register.target));
    } else if (event.outage) {
      this.outage(event.outage.zone, true);
    } else if (event.restore) {
      this.outage(event.restore.zone, false);
    } else if (event.set) {
      assignInPlace(lb.settings, structuredClone(lb.scenario.settingsAfter[i]));
      for (const [path, value] of Object.entries(event.set))
        lb.record({ at, type: "set", path, value: typeof value === "object" ? JSON.stringify(value) : String(value) });
      lb.targetsChanged();
    }
  }

  /** A crash: in-flight requests end in 502 [design]; health checks now time out. */
  private fail(t: number): void {
    const { lb } = this;
    lb.targets.failed[t] = 1;
    lb.cutRequests(t, 502);
    // Checks waiting in the backlog die with the process; their timeouts record the failures.
    lb.targets.backlog[t].removeWhere(() => true);
  }

  /**
   * Draining [CLB, TG]: a deregistered target gets no new requests; its in-flight requests
   * finish; it is gone when the last one does or when `deregistrationDelay` runs out, and
   * requests still running then are cut (502).
   */
  private deregister(t: number): void {
    const { lb } = this;
    if (!lb.targets.registered[t] || lb.targets.draining[t]) return;
    lb.targets.draining[t] = 1;
    lb.slowStartFrom[t] = NaN;
    lb.record({ at: this.sim.now, type: "deregister", target: lb.targets.ids[t] });
    lb.targetsChanged();
    if (lb.outstandingAt(t) === 0) this.deregistered(t, 0);
    else {
      this.drainDeadline[t] = this.sim.now + lb.settings.deregistrationDelay;
      this.sim.scheduleAt(this.drainDeadline[t], this.drainKind, t);
    }
  }

  private drainDelayOver(t: number): void {
    if (!this.lb.targets.draining[t] || this.sim.now < this.drainDeadline[t]) return;
    this.endDrain(t);
  }

  /** Ends a drain now, cutting what still runs (not draining while cutting: it ends once). */
  private endDrain(t: number): void {
    this.lb.targets.draining[t] = 0;
    this.deregistered(t, this.lb.cutRequests(t, 502));
  }

  private deregistered(t: number, cut: number): void {
    const { lb } = this;
    lb.targets.draining[t] = 0;
    lb.targets.registered[t] = 0;
    this.drainDeadline[t] = NaN;
    lb.record({ at: this.sim.now, type: "deregistered", target: lb.targets.ids[t], cut });
    lb.targetsChanged();
  }

  /** A target joins (again): it begins `initial` in every node's view until it passes [TG]. */
  private register(t: number): void {
    const { lb } = this;
    if (lb.targets.draining[t]) this.endDrain(t);
    if (lb.targets.registered[t]) return;
    lb.targets.registered[t] = 1;
    lb.record({ at: this.sim.now, type: "register", target: lb.targets.ids[t] });
    this.checks.restart(t);
  }

  /**
   * A zone outage: its nodes and targets fail. Clients connected to those nodes see their
   * connections break and connect again through DNS, which drops the failed nodes.
   */
  private outage(zone: string, down: boolean): void {
    const { lb } = this;
    const z = lb.zones.indexOf(zone);
    lb.record({ at: this.sim.now, type: down ? "outage" : "restore", zone });
    for (const node of lb.nodes) {
      if (node.zone !== z) continue;
      if (down && node.reachable) lb.closeNode(node, "failed");
      else if (!down && node.state === "failed") node.state = "in-service";
    }
    for (let t = 0; t < lb.targets.count; t++) {
      if (lb.targets.zone[t] !== z) continue;
      if (down) this.fail(t);
      else lb.targets.failed[t] = 0;
    }
    lb.targetsChanged();
  }
}

/**
 * Copies `source` into `target` keeping every nested object's identity, since parts of the model
 * hold on to a piece of the settings (DNS holds `settings.dns`).
 */
function assignInPlace(target: object, source: object): void {
  const into = target as Record<string, unknown>;
  for (const [key, value] of Object.entries(source)) {
    const current = into[key];
    if (value !== null && typeof value === "object" && current !== null && typeof current === "object")
      assignInPlace(current, value);
    else into[key] = value;
  }
}
