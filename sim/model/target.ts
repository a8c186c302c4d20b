// Targets (EC2 instances behind the load balancer): `concurrency` workers and a FIFO backlog
// of `queue` requests, with service times from a distribution (docs/design.md#targets).
import type { Simulation } from "../engine/simulation";
import type { RandomStreams, Rng } from "../engine/random";
import type { Quantile } from "../engine/distributions";
import type { TargetGroup } from "../scenario/defaults";
import { targetIds } from "../scenario/target-groups";
import { serviceQuantile } from "../scenario/service-time";
import { Fifo } from "./fifo";
import { Stage, type Requests } from "./requests";

/** Hooks for what the load balancer does when a worker starts or finishes a request. */
export interface TargetHooks {
  /** A worker took request r; it will take `serviceTime` seconds. */
  started(request: number, target: number, serviceTime: number): void;
  /**
   * A worker finished request r (whatever became of its client meanwhile) with `status`: 200, or
   * 500 for the fraction an `errors` event makes fail.
   */
  finished(request: number, target: number, status: number): void;
}

/** Every target, as flat arrays indexed by target number (the order of `targetIds`). */
export class Targets {
  readonly count: number;
  readonly ids: string[];
  /** Zone index of each target. */
  readonly zone: Int32Array;
  readonly concurrency: Int32Array;
  /** Backlog limit (Infinity for unlimited). */
  readonly queueLimit: Float64Array;
  /** Workers busy now. */
  readonly busy: Int32Array;
  readonly backlog: Fifo[];
  /** In the target group (1) or not (0); targets in groups with `registered: false` start out. */
  readonly registered: Uint8Array;
  /** Deregistered and finishing its in-flight requests. */
  readonly draining: Uint8Array;
  /** Crashed (`fail` events): health checks time out. */
  readonly failed: Uint8Array;
  /** Multiplies service times (`slow` events); 1 normally. */
  readonly slowFactor: Float64Array;
  /** Fraction of responses that are 5xx (`errors` events). */
  readonly errorRate: Float64Array;
  private readonly service: Quantile[];
  /** Each target's draws for the health checks it answers (checks have no client to size them). */
  private readonly checkDraw: Rng[];
  private readonly errorDraw: Rng[];
  private readonly doneKind: number;

  constructor(
    private readonly sim: Simulation,
    groups: readonly TargetGroup[],
    zones: readonly string[],
    streams: RandomStreams,
    private readonly hooks: TargetHooks,
    private readonly requests: Requests,
  ) {
    this.ids = targetIds(groups);
    this.count = this.ids.length;
    const n = this.count;
    this.zone = new Int32Array(n);
    this.concurrency = new Int32Array(n);
    this.queueLimit = new Float64Array(n);
    this.busy = new Int32Array(n);
    this.registered = new Uint8Array(n);
    this.draining = new Uint8Array(n);
    this.failed = new Uint8Array(n);
    this.slowFactor = new Float64Array(n).fill(1);
    this.errorRate = new Float64Array(n);
    this.backlog = [];
    this.service = [];
    this.checkDraw = [];
    this.errorDraw = [];
    let t = 0;
    for (const group of groups) {
      for (let k = 0; k < group.count; k++, t++) {
        this.zone[t] = zones.indexOf(group.zone);
        this.concurrency[t] = group.concurrency;
        this.queueLimit[t] = group.queue;
        this.registered[t] = group.registered ? 1 : 0;
        this.backlog.push(new Fifo());
        this.service.push(serviceQuantile(group.serviceTime));
        this.checkDraw.push(streams.stream(`targets/${this.ids[t]}/checks`));
        this.errorDraw.push(streams.stream(`targets/${this.ids[t]}/errors`));
      }
    }
    this.doneKind = sim.on("target-done", (request) => this.finish(request));
  }

  /** In the target group and taking new requests: registered and not draining. */
  inService(t: number): boolean {
    return this.registered[t] === 1 && this.draining[t] === 0;
  }

  inFlight(t: number): number {
    return this.busy[t] + this.backlog[t].length;
  }

  /** Whether the target can take one more request (a free worker or a backlog slot). */
  hasRoom(t: number): boolean {
    return this.busy[t] + this.backlog[t].length < this.concurrency[t] + this.queueLimit[t];
  }

  /** Takes a request: a free worker starts it, otherwise it joins the backlog. */
  accept(request: number, t: number): void {
    this.requests.target[request] = t;
    if (this.busy[t] < this.concurrency[t]) this.start(request, t);
    else {
      this.requests.stage[request] = Stage.backlog;
      this.backlog[t].push(request);
    }
  }

  private start(request: number, t: number): void {
    this.busy[t]++;
    this.requests.stage[request] = Stage.service;
    const u = this.requests.isCheck(request) ? this.checkDraw[t]() : this.requests.work[request];
    const serviceTime = this.service[t](u) * this.slowFactor[t];
    this.sim.schedule(serviceTime, this.doneKind, request);
    this.hooks.started(request, t, serviceTime);
  }

  private finish(request: number): void {
    const t = this.requests.target[request];
    // A crashed target's workers stay busy until their requests' done events: the model's
    // simplification of a restart, which takes at least that long.
    this.busy[t]--;
    const status = this.errorRate[t] > 0 && this.errorDraw[t]() < this.errorRate[t] ? 500 : 200;
    const next = this.backlog[t].shift();
    if (next >= 0) this.start(next, t);
    this.hooks.finished(request, t, status);
  }
}
