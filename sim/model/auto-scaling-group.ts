// An EC2 Auto Scaling group as the fleet behind the load balancer (docs/design.md#auto-scaling-groups,
// docs/aws-behaviour.md#auto-scaling-groups). Its instances are target slots fixed, each in its
// zone, when the run starts; a launch fills a free slot in the zone the group balances into, and
// after the launch time the instance is InService and registered: it starts `initial`, passes the
// load balancer's checks by the type's rules, ramps through slow start if configured, and serves.
// Scale-in picks instances by the termination policy, deregisters them, waits out the
// deregistration delay (draining.ts) and frees their slots.
import type { Quantile } from "../engine/distributions";
import { quantile } from "../engine/distributions";
import type { RandomStreams, Rng } from "../engine/random";
import type { Simulation } from "../engine/simulation";
import type { Recorder } from "../metrics/recorder";
import type { AutoScalingResult, LogEntry } from "../metrics/result";
import type { AutoScalingGroupSettings } from "../scenario/auto-scaling";
import type { Draining } from "./draining";
import type { LbNode } from "./lb-node";
import { DynamicScaling } from "./dynamic-scaling";
import type { CapacityView } from "./scaling-policy";
import { ScheduledScaling } from "./scheduled-scaling";
import type { TargetTotals } from "./scaling-metric";
import type { Targets } from "./target";
import { HealthView } from "./target-state";
import { chooseToTerminate } from "./termination-policy";

/** What a group acts on. */
export interface ScaledFleet {
  readonly zones: readonly string[];
  readonly targets: Targets;
  readonly nodes: readonly LbNode[];
  readonly draining: Draining;
  readonly meters: TargetTotals;
  record(entry: LogEntry): void;
  /** Whether a zone is out: launches there fail, and go to another zone. */
  zoneDown(z: number): boolean;
}

const FREE = 0;
const PENDING = 1;
const IN_SERVICE = 2;
const TERMINATING = 3;

/** A group's totals for the result (sim/metrics/result.ts). */
export type GroupTotals = AutoScalingResult;

export class AutoScalingGroup {
  min: number;
  max: number;
  desired: number;
  readonly totals: GroupTotals;
  private readonly state: Uint8Array;
  private readonly launchedAt: Float64Array;
  private readonly inServiceAt: Float64Array;
  private readonly serial: Int32Array;
  private readonly zoneIndex: number[];
  private readonly launchTime: Quantile;
  private readonly launchDraw: Rng;
  private readonly terminateDraw: Rng;
  private readonly inServiceKind: number;
  private readonly graceKind: number;
  private launches = 0;
  /** For simple policies: instances of scaling activities in progress, and when the cooldown after the last ends. */
  private activityLeft = 0;
  private activityCooldown = 0;
  private cooldownEnds = -Infinity;
  /** The cause of launches that wait for a free slot, or null. */
  private waitingCause: string | null = null;

  constructor(
    private readonly sim: Simulation,
    private readonly fleet: ScaledFleet,
    readonly settings: AutoScalingGroupSettings,
    /** The group's first target index. */
    readonly first: number,
    streams: RandomStreams,
    recorder: Recorder,
  ) {
    const n = settings.slots;
    [this.min, this.max, this.desired] = [settings.min, settings.max, settings.desired];
    this.state = new Uint8Array(n);
    this.launchedAt = new Float64Array(n);
    this.inServiceAt = new Float64Array(n);
    this.serial = new Int32Array(n);
    this.zoneIndex = settings.zones.map((z) => fleet.zones.indexOf(z));
    for (const k of settings.initialSlots) {
      this.state[k] = IN_SERVICE;
      this.inServiceAt[k] = -Infinity; // warm long before the run
      this.serial[k] = ++this.launches;
    }
    this.totals = {
      name: settings.name,
      launches: 0,
      terminations: 0,
      replacements: 0,
      peakDesired: settings.desired,
      desired: settings.desired,
      inService: settings.desired,
      targets: settings.slotIds,
      initialTargets: settings.initialSlots.map((k) => settings.slotIds[k]),
    };
    this.launchTime = quantile(settings.launchTime);
    this.launchDraw = streams.stream(`asg/${settings.name}/launch`);
    this.terminateDraw = streams.stream(`asg/${settings.name}/terminate`);
    this.inServiceKind = sim.on("asg-in-service", (k) => this.launched(k));
    this.graceKind = sim.on("asg-grace-over", (k) => this.checkHealth(k));

    new DynamicScaling(sim, this, fleet);
    new ScheduledScaling(sim, this, fleet);

    // CloudWatch's group metrics (docs/aws-behaviour.md#group-metrics), read as each bucket closes.
    const d = `asg=${settings.name}`;
    recorder.gauge("GroupDesiredCapacity", d, () => this.desired);
    recorder.gauge("GroupInServiceInstances", d, () => this.count(IN_SERVICE));
    recorder.gauge("GroupPendingInstances", d, () => this.count(PENDING));
    recorder.gauge("GroupTerminatingInstances", d, () => this.count(TERMINATING));
  }

  /** Target t's instance: 0 none (a free slot), 1 launching, 2 in service, 3 terminating (for the dashboard). */
  instanceState(t: number): number {
    return this.state[t - this.first];
  }

  /** Whether target t is one of this group's slots. */
  owns(t: number): boolean {
    return t >= this.first && t < this.first + this.settings.slots;
  }

  /** A zone came back: launches that found no zone to go to try again. */
  zoneRestored(): void {
    if (this.waitingCause === null) return;
    const cause = this.waitingCause;
    this.waitingCause = null;
    this.reconcile(cause, false);
  }

  /** Target t finished deregistering (draining.ts): a terminating instance is gone. */
  deregistered(t: number): void {
    const k = t - this.first;
    if (this.state[k] === TERMINATING) this.terminated(k);
  }

  /**
   * A node's health view of target t changed. With ELB health checks on, an InService instance
   * past its grace period that the load balancer finds unhealthy is replaced
   * (docs/aws-behaviour.md#elb-health-checks).
   */
  healthChanged(t: number): void {
    this.checkHealth(t - this.first);
  }

  /** Grace period: docs/aws-behaviour.md#health-check-grace-period. */
  private checkHealth(k: number): void {
    const s = this.settings;
    if (s.healthCheckType !== "elb" || this.state[k] !== IN_SERVICE) return;
    if (this.sim.now < this.inServiceAt[k] + s.healthCheckGracePeriod) return;
    if (!this.unhealthyAtLoadBalancer(this.first + k)) return;
    this.totals.replacements++;
    this.terminate(k, "elb-health-check");
    this.reconcile("replace-unhealthy");
  }

  /**
   * Unhealthy in the load balancer's report: in the view of every node in service that checks it
   * (each node checks on its own; the choice is docs/design.md#when-the-load-balancer-reports-an-instance-unhealthy).
   */
  private unhealthyAtLoadBalancer(t: number): boolean {
    let views = 0;
    for (const node of this.fleet.nodes) {
      if (!node.reachable) continue;
      views++;
      if (node.healthy[t] !== HealthView.unhealthy) return false;
    }
    return views > 0;
  }

  private count(state: number): number {
    let n = 0;
    for (let k = 0; k < this.state.length; k++) if (this.state[k] === state) n++;
    return n;
  }

  /** Sets the desired capacity (within min and max) and launches or terminates to meet it. */
  setDesired(capacity: number, cause: string): void {
    const before = this.desired;
    this.desired = Math.min(this.max, Math.max(this.min, capacity));
    this.totals.peakDesired = Math.max(this.totals.peakDesired, this.desired);
    this.totals.desired = this.desired;
    if (this.desired !== before) this.reconcile(cause);
  }

  /**
   * Launches or terminates until instances launching or in service match the desired capacity.
   * Any such activity but a replacement starts a cooldown for simple policies once its last
   * instance is done: the causing simple policy's, else the group's default
   * (docs/aws-behaviour.md#cooldown).
   */
  private reconcile(cause: string, newActivity = true): void {
    let active = this.count(PENDING) + this.count(IN_SERVICE);
    if (newActivity && active !== this.desired && cause !== "replace-unhealthy") {
      const simple = this.settings.policies.find((p) => p.name === cause && p.type === "simple");
      this.activityLeft += Math.abs(this.desired - active);
      this.activityCooldown = simple?.type === "simple" ? simple.cooldown : this.settings.defaultCooldown;
    }
    while (active < this.desired && this.launch(cause)) active++;
    while (active > this.desired) {
      const k = this.chooseToTerminate();
      if (k < 0) break;
      this.terminate(k, cause);
      active--;
    }
  }

  /**
   * Launches one instance into the zone with the fewest (docs/aws-behaviour.md#zone-balance), ties
   * to the zone listed first; false if no slot is free (instances still draining hold them all: the
   * launch waits for one to end).
   */
  private launch(cause: string): boolean {
    const { targets } = this.fleet;
    const perZone = this.zoneIndex.map(() => 0);
    for (let k = 0; k < this.state.length; k++) {
      if (this.state[k] === PENDING || this.state[k] === IN_SERVICE)
        perZone[this.zoneIndex.indexOf(targets.zone[this.first + k])]++;
    }
    // Balanced best effort: a zone that is out is skipped for the others (docs/aws-behaviour.md#zone-balance).
    const order = perZone
      .map((n, z) => ({ n, z }))
      .filter(({ z }) => !this.fleet.zoneDown(this.zoneIndex[z]))
      .sort((a, b) => a.n - b.n || a.z - b.z);
    let k = -1;
    for (const { z } of order) {
      k = this.freeSlot(this.zoneIndex[z]);
      if (k >= 0) break;
    }
    if (k < 0) {
      this.waitingCause = cause;
      return false;
    }
    const t = this.first + k;
    // A new instance: nothing of the slot's last one stays.
    targets.failed[t] = 0;
    targets.slowFactor[t] = 1;
    targets.errorRate[t] = 0;
    this.state[k] = PENDING;
    this.launchedAt[k] = this.sim.now;
    this.serial[k] = ++this.launches;
    this.totals.launches++;
    this.fleet.record({ ...this.entry("asg-launch", k), cause });
    this.sim.schedule(this.launchTime(this.launchDraw()), this.inServiceKind, k);
    return true;
  }

  private freeSlot(zone: number): number {
    for (let k = 0; k < this.state.length; k++)
      if (this.state[k] === FREE && this.fleet.targets.zone[this.first + k] === zone) return k;
    return -1;
  }

  /** The launch time is over: InService, registered with the load balancer. */
  private launched(k: number): void {
    if (this.state[k] !== PENDING) return; // cancelled by a scale-in meanwhile
    this.state[k] = IN_SERVICE;
    this.inServiceAt[k] = this.sim.now;
    this.totals.inService = this.count(IN_SERVICE);
    this.fleet.draining.register(this.first + k);
    this.activityStep();
    const grace = this.settings.healthCheckGracePeriod;
    if (this.settings.healthCheckType === "elb") this.sim.schedule(grace, this.graceKind, k);
  }

  private chooseToTerminate(): number {
    const candidates = [];
    for (let k = 0; k < this.state.length; k++) {
      if (this.state[k] !== PENDING && this.state[k] !== IN_SERVICE) continue;
      candidates.push({ slot: k, zone: this.fleet.targets.zone[this.first + k], launchedAt: this.launchedAt[k] });
    }
    return chooseToTerminate(candidates, this.settings.terminationPolicy, this.sim.now, this.terminateDraw);
  }

  /** Scale-in or replacement: a launching instance just stops; one in service deregisters first. */
  private terminate(k: number, cause: string): void {
    const wasPending = this.state[k] === PENDING;
    this.state[k] = TERMINATING;
    this.totals.terminations++;
    this.fleet.record({ ...this.entry("asg-terminate", k), cause });
    const t = this.first + k;
    const { targets, draining } = this.fleet;
    if (wasPending || !targets.registered[t]) {
      this.terminated(k);
      return;
    }
    // Draining calls `deregistered` when the target is gone (at once if nothing is in flight).
    if (!targets.draining[t]) draining.deregister(t);
  }

  private terminated(k: number): void {
    this.state[k] = FREE;
    this.totals.inService = this.count(IN_SERVICE);
    this.activityStep();
    // A launch that found no free slot takes this one.
    if (this.waitingCause !== null) {
      const cause = this.waitingCause;
      this.waitingCause = null;
      this.reconcile(cause, false); // the launch was counted in its activity when first tried
    }
  }

  /** One instance of a scaling activity finished; the cooldown starts after the last. */
  private activityStep(): void {
    if (this.activityLeft === 0) return;
    if (--this.activityLeft === 0) this.cooldownEnds = this.sim.now + this.activityCooldown;
  }

  private entry(type: string, k: number): LogEntry {
    const t = this.first + k;
    const { targets, zones } = this.fleet;
    return {
      at: this.sim.now,
      type,
      group: this.settings.name,
      instance: `${this.settings.name}-i${this.serial[k]}`,
      target: targets.ids[t],
      zone: zones[targets.zone[t]],
    };
  }

  /** Instances whose metrics count for a policy: in service and warmed up since before the period began. */
  capacityView(warmup: number, periodStart: number): { counted: number[]; view: CapacityView } {
    const counted: number[] = [];
    let warming = 0;
    for (let k = 0; k < this.state.length; k++) {
      const s = this.state[k];
      if (s === PENDING) warming++;
      if (s !== IN_SERVICE) continue;
      const warmAt = this.inServiceAt[k] + warmup;
      if (warmAt > this.sim.now) warming++;
      if (warmAt <= periodStart) counted.push(k);
    }
    const simpleReady = this.activityLeft === 0 && this.sim.now >= this.cooldownEnds;
    return {
      counted,
      view: {
        now: this.sim.now,
        desired: this.desired,
        min: this.min,
        max: this.max,
        warming,
        counted: counted.length,
        simpleReady,
      },
    };
  }
}
