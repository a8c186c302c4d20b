// Health checks (docs/aws-behaviour.md#health-checks): every node checks every registered target
// on its own, every `interval`, each pair with its own phase. A check is a request that waits for
// a worker like any other, so an overloaded target can fail its checks: the cascade real outages
// show (docs/design.md#a-health-check-is-a-request). `unhealthyThreshold` consecutive failures
// make the target unhealthy in that node's view; `healthyThreshold` consecutive successes make it
// healthy again.
import type { RandomStreams, Rng } from "../engine/random";
import type { Simulation } from "../engine/simulation";
import type { LogEntry } from "../metrics/result";
import type { LoadBalancerSettings } from "../scenario/defaults";
import type { LbNode } from "./lb-node";
import { type Requests, Stage } from "./requests";
import type { Targets } from "./target";
import { HEALTH_VIEW_NAMES, HealthView } from "./target-state";

/** What the checks read: the nodes (a growing list), the targets, the request pool. */
export interface CheckedFleet {
  readonly nodes: readonly LbNode[];
  readonly targets: Targets;
  readonly requests: Requests;
  readonly settings: LoadBalancerSettings;
  record(entry: LogEntry): void;
}

/** Who hears of the checks' conclusions. */
export interface CheckListener {
  /** A node's view of target t changed to `view`. */
  viewChanged(node: LbNode, t: number, view: HealthView): void;
  /** Every node's view of target t started over (it registered again). */
  viewsReset(t: number): void;
}

export class HealthChecks {
  private readonly checkKind: number;
  private readonly timeoutKind: number;
  private readonly phase: Rng;
  /** Per node, per target: consecutive passes and failures in that node's view. */
  private readonly passes: Int32Array[] = [];
  private readonly failures: Int32Array[] = [];
  private readonly targetCount: number;

  constructor(
    private readonly sim: Simulation,
    private readonly lb: CheckedFleet,
    streams: RandomStreams,
    private readonly listener: CheckListener,
  ) {
    this.targetCount = lb.targets.count;
    this.phase = streams.stream("health-checks/phase");
    this.checkKind = sim.on("health-check", (pair) => this.check(pair));
    this.timeoutKind = sim.on("health-check-timeout", (r) => this.timedOut(r));
    for (const node of lb.nodes) this.startChecking(node);
  }

  /** Schedules node's first check of every target, each at a random phase within an interval. */
  startChecking(node: LbNode): void {
    this.passes[node.index] = new Int32Array(this.targetCount);
    this.failures[node.index] = new Int32Array(this.targetCount);
    const interval = this.lb.settings.healthCheck.interval;
    for (let t = 0; t < this.targetCount; t++) {
      this.sim.schedule(this.phase() * interval, this.checkKind, node.index * this.targetCount + t);
    }
  }

  private check(pair: number): void {
    const n = Math.floor(pair / this.targetCount);
    const t = pair - n * this.targetCount;
    const node = this.lb.nodes[n];
    if (node.state === "retired") return; // a retired node checks nothing more
    this.sim.schedule(this.lb.settings.healthCheck.interval, this.checkKind, pair);
    const { targets, requests } = this.lb;
    if (!node.reachable || !targets.registered[t]) return;
    if (!targets.failed[t] && !targets.hasRoom(t)) {
      this.result(node, t, false); // the target refuses the connection
      return;
    }
    if (this.lb.settings.healthCheck.protocol === "tcp" && !targets.failed[t]) {
      // A TCP check passes when the target accepts the connection: it waits for no worker behind
      // the backlog (docs/aws-behaviour.md#what-counts-as-a-pass).
      this.result(node, t, true);
      return;
    }
    const r = requests.alloc();
    requests.group[r] = -1;
    requests.node[r] = n;
    requests.target[r] = t;
    requests.sentAt[r] = this.sim.now;
    // A crashed target never answers: the check times out (docs/design.md#a-crashed-target).
    if (!targets.failed[t]) targets.accept(r, t);
    this.sim.schedule(this.lb.settings.healthCheck.timeout, this.timeoutKind, r);
  }

  /** A target answered check r: a pass if within the timeout. The later of the two events frees r. */
  answered(r: number, status: number): void {
    const { requests, targets } = this.lb;
    if (requests.stage[r] === Stage.answered) {
      requests.free(r);
      return;
    }
    if (targets.failed[requests.target[r]]) {
      // The worker died with the crash: no answer comes, and the timeout will free r.
      requests.stage[r] = Stage.node;
      return;
    }
    requests.stage[r] = Stage.answered;
    // Success means a 200 (docs/aws-behaviour.md#health-checks): a target answering 5xx (an
    // `errors` event) fails its checks too.
    this.result(this.lb.nodes[requests.node[r]], requests.target[r], status < 500);
  }

  private timedOut(r: number): void {
    const { requests, targets } = this.lb;
    const t = requests.target[r];
    const stage = requests.stage[r];
    if (stage === Stage.answered) {
      requests.free(r);
      return;
    }
    this.result(this.lb.nodes[requests.node[r]], t, false);
    // Still waiting for a worker (or never sent, to a crashed target): nothing else will free it.
    if (stage === Stage.service) requests.stage[r] = Stage.answered;
    else {
      if (stage === Stage.backlog) targets.backlog[t].removeWhere((x) => x === r);
      requests.free(r);
    }
  }

  private result(node: LbNode, t: number, passed: boolean): void {
    const n = node.index;
    const { healthyThreshold, unhealthyThreshold } = this.lb.settings.healthCheck;
    const view = node.healthy[t];
    if (passed) {
      this.failures[n][t] = 0;
      // Application and network: "After your target is registered, it must pass one health check
      // to be considered healthy" (docs/aws-behaviour.md#newly-registered-targets); classic waits for
      // `healthyThreshold` passes as for any instance out of service.
      const needed = view === HealthView.initial && this.lb.settings.type !== "classic" ? 1 : healthyThreshold;
      if (++this.passes[n][t] >= needed && view !== HealthView.healthy) this.change(node, t, HealthView.healthy);
    } else {
      this.passes[n][t] = 0;
      if (++this.failures[n][t] >= unhealthyThreshold && view !== HealthView.unhealthy)
        this.change(node, t, HealthView.unhealthy);
    }
  }

  private change(node: LbNode, t: number, view: HealthView): void {
    node.healthy[t] = view;
    const target = this.lb.targets.ids[t];
    this.lb.record({ at: this.sim.now, type: "health", node: node.id, target, state: HEALTH_VIEW_NAMES[view] });
    this.listener.viewChanged(node, t, view);
  }

  /** Target t (re)joins: every node's view starts over at `initial` (docs/aws-behaviour.md#newly-registered-targets). */
  restart(t: number): void {
    for (const node of this.lb.nodes) {
      node.healthy[t] = HealthView.initial;
      if (this.passes[node.index]) {
        this.passes[node.index][t] = 0;
        this.failures[node.index][t] = 0;
      }
    }
    this.listener.viewsReset(t);
  }
}
