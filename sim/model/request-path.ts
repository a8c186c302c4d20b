// The request path (docs/design.md#the-request-path): a client's request reaches a node through
// its connection, passes the node's capacity or waits in its surge queue, is held by stickiness
// or routed by the node's algorithm, waits for a target with room, and is answered by the target
// or by the load balancer itself (502, 503, 504).
import type { Rng } from "../engine/random";
import type { Simulation } from "../engine/simulation";
import type { LoadBalancerSettings, Scenario } from "../scenario/defaults";
import { refreshCandidates } from "./candidates";
import type { Clients } from "./client";
import type { ClientRequests } from "./client-requests";
import type { HealthChecks } from "./health-check";
import { IdleTimeout } from "./idle-timeout";
import { Admit, type LbNode } from "./lb-node";
import type { Meters } from "./meters";
import { type Requests, Stage } from "./requests";
import { ROUTES, type RoutingContext } from "./routing";
import type { SlowStart } from "./slow-start";
import { Sender } from "./sender";
import { Stickiness } from "./stickiness";
import type { Targets } from "./target";

/** The parts the path runs through, owned by the load balancer (read when a request needs them). */
export interface PathParts {
  readonly scenario: Scenario;
  readonly settings: LoadBalancerSettings;
  readonly requests: Requests;
  readonly targets: Targets;
  readonly nodes: readonly LbNode[];
  readonly clients: readonly Clients[];
  readonly meters: Meters;
  readonly checks: HealthChecks;
  readonly draining: { responded(t: number): void };
  /** Per client group: its clients' own handling of requests (timeouts, retries), or null. */
  readonly clientRequests: readonly (ClientRequests | null)[];
}

export class RequestPath {
  private readonly settings: LoadBalancerSettings;
  private readonly requests: Requests;
  private readonly stickiness: Stickiness;
  private readonly idleTimeout: IdleTimeout;
  private readonly routing: RoutingContext;
  /**
   * Whether the node sees which targets have room (docs/design.md#where-requests-wait): a classic
   * node holds requests "pending routing" in its surge queue until an instance can take one; an
   * application or network node knows only what it sent and what came back, so it routes without
   * looking at the target's backlog, and a target that cannot take the request refuses it.
   */
  private readonly seesRoom: boolean;
  /** The client side: arrivals, closed-loop users' requests, attempts. */
  readonly sender: Sender;
  private readonly releaseKind: number;
  /** Requests waiting in any node's room queue, so a finished request skips the scan when 0. */
  private waitingForRoom = 0;
  private notifyStart = 0;
  /** Per request: its node time, in capacity units (nodeTime). */
  private readonly queuedSeconds: number[] = [];

  constructor(
    private readonly sim: Simulation,
    private readonly lb: PathParts,
    private readonly slowStart: SlowStart,
    /** Routing's draws (ties, random picks, slow start's acceptance). */
    draw: Rng,
  ) {
    this.settings = lb.settings;
    this.requests = lb.requests;
    this.stickiness = new Stickiness(
      lb.settings,
      lb.scenario.clients.map((g) => g.count),
    );
    this.seesRoom = lb.settings.type === "classic";
    const always = () => true;
    this.routing = {
      hasRoom: this.seesRoom ? (t) => lb.targets.hasRoom(t) : always,
      rng: draw,
      seesRoom: this.seesRoom,
    };
    this.idleTimeout = new IdleTimeout(sim, lb.requests, lb.settings, (r, status) => this.answerEarly(r, status));
    this.sender = new Sender(
      sim,
      lb,
      (g, c) => this.stickiness.connected(g, c),
      (node, r) => this.receive(node, r),
    );
    this.releaseKind = sim.on("node-done", (n) => this.release(lb.nodes[n]));
  }

  /** A worker took request r for `serviceTime` seconds. */
  started(r: number, serviceTime: number): void {
    if (!this.requests.isCheck(r)) this.idleTimeout.started(r, serviceTime);
  }

  /** Health, registration or a setting changed (the nodes' candidates are stale already). */
  targetsChanged(): void {
    if (this.waitingForRoom > 0) this.offerRoom();
  }

  /** A node closed: what waits at it is dropped, and its clients' connections break. */
  dropQueues(node: LbNode): void {
    for (let r = node.capacityQueue.shift(); r >= 0; r = node.capacityQueue.shift()) this.drop(r);
    for (let r = node.roomQueue.shift(); r >= 0; r = node.roomQueue.shift()) {
      this.waitingForRoom--;
      this.drop(r);
    }
  }

  /**
   * Tells the client that owns attempt r how it ended: `ok`, an HTTP status, or a broken
   * connection (a network load balancer's resets reach the client as broken connections).
   */
  private outcome(r: number, status: number, reachable: boolean, fromElb: boolean): void {
    const l = this.requests.origin[r];
    if (l < 0) return;
    const layer4 = fromElb && this.settings.type === "network";
    const outcome = !reachable || layer4 ? "connection_error" : status < 500 ? "ok" : String(status);
    this.lb.clientRequests[this.requests.group[r]]!.ended(l, r, outcome);
  }

  /** A node takes a request: through its capacity, into its surge queue, or spilled over. */
  private receive(node: LbNode, r: number): void {
    node.requests++;
    this.lb.meters.received(node);
    const admitted = node.admit(r, this.sim.now, this.nodeTime(node, r), this.settings.node.surgeQueue);
    if (admitted === Admit.passed) this.route(node, r);
    else if (admitted === Admit.spilled) this.reject(r, 503, true);
    else {
      this.lb.meters.surge(node);
      if (!node.releasePending) {
        node.releasePending = true;
        this.sim.scheduleAt(node.releaseAt(this.sim.now), this.releaseKind, node.index);
      }
    }
  }

  /** The node's capacity lets the next waiting request through. */
  private release(node: LbNode): void {
    const r = node.release(this.sim.now, this.queuedTime);
    if (r < 0) return; // the node failed and dropped its queue
    this.lb.meters.unsurge();
    if (node.releasePending) this.sim.scheduleAt(node.freeAt, this.releaseKind, node.index);
    this.route(node, r);
  }

  /**
   * The node time request r takes: 1/capacity, or in capacity units its largest dimension
   * (capacity-units.ts), kept for when it leaves the surge queue.
   */
  private nodeTime(node: LbNode, r: number): number {
    const capacity = this.settings.node.capacity * node.capacityUnits;
    const units = this.lb.meters.capacity;
    if (!units) return 1 / capacity;
    const seconds = units.request(node.index, this.lb.meters.bytesOf(r), this.sim.now, node.capacityUnits, capacity);
    this.queuedSeconds[r] = seconds;
    return seconds;
  }

  /** The node time of a request leaving the surge queue. */
  private readonly queuedTime = (r: number): number =>
    this.lb.meters.capacity
      ? this.queuedSeconds[r]
      : 1 / (this.settings.node.capacity * this.lb.nodes[this.requests.node[r]].capacityUnits);

  private route(node: LbNode, r: number): void {
    // Past the node's capacity, a new connection is made (docs/design.md#connect-timeout).
    const l = this.requests.origin[r];
    if (l >= 0) this.lb.clientRequests[this.requests.group[r]]!.connected(l, r);
    if (node.candidatesStale) refreshCandidates(node, this.lb.targets, this.settings);
    if (node.candidateCount === 0) {
      // No candidate: classic answers 503 (docs/aws-behaviour.md#when-every-target-is-unhealthy);
      // application and network fail open (refreshCandidates) and get here only with none at all.
      this.reject(r, 503, false);
      return;
    }
    const t = this.choose(node, r);
    if (t >= 0) this.dispatch(node, r, t);
    else if (!node.surgeRoom(this.settings.node.surgeQueue)) this.reject(r, 503, true);
    else {
      node.roomQueue.push(r);
      this.waitingForRoom++;
      this.lb.meters.surge(node);
    }
  }

  /** The target for request r at this node, or -1 if none has room. */
  private choose(node: LbNode, r: number): number {
    const group = this.requests.group[r];
    const c = this.requests.client[r];
    const held = this.stickiness.held(group, c, this.sim.now, node);
    if (held >= 0) return !this.seesRoom || this.lb.targets.hasRoom(held) ? held : -1;
    const route = ROUTES[this.settings.algorithm];
    const t = this.slowStart.active ? this.slowStart.route(node, route, this.routing) : route(node, this.routing);
    if (t >= 0) this.stickiness.routed(group, c, t, this.sim.now);
    return t;
  }

  private dispatch(node: LbNode, r: number, t: number): void {
    if (this.lb.targets.failed[t]) {
      // A crashed instance refuses the connection: the node answers 502 (docs/design.md#a-crashed-target).
      this.lb.meters.refused(t);
      this.reject(r, 502, false, t);
      return;
    }
    if (!this.seesRoom && !this.lb.targets.hasRoom(t)) {
      // Its backlog is full: the target refuses the connection, and the node answers 502.
      this.lb.meters.refused(t);
      this.reject(r, 502, false, t);
      return;
    }
    this.moveOutstanding(node, t, 1);
    node.sent[t]++;
    this.requests.dispatchedAt[r] = this.sim.now;
    this.lb.meters.dispatched(t);
    this.lb.targets.accept(r, t);
  }

  /** A worker finished r: answer its client, unless it was answered already. */
  finished(r: number, t: number, status: number): void {
    if (this.requests.isCheck(r)) {
      this.lb.checks.answered(r, status);
    } else if (this.requests.stage[r] === Stage.answered) {
      this.requests.free(r);
    } else {
      const node = this.lb.nodes[this.requests.node[r]];
      this.moveOutstanding(node, t, -1);
      if (node.reachable) {
        this.lb.meters.responded(r, t, status);
        this.lb.meters.processed(this.requests.group[r], "response", r);
      } else {
        this.lb.meters.connectionError(); // its node failed: the client's connection broke
        node.connectionErrors++;
      }
      this.outcome(r, status, node.reachable, false);
      this.requests.free(r);
      this.lb.draining.responded(t);
    }
    if (this.waitingForRoom > 0) this.offerRoom();
  }

  /** Answers r with an ELB error before its worker finishes (the worker frees it later). */
  private answerEarly(r: number, status: number): void {
    const t = this.requests.target[r];
    const node = this.lb.nodes[this.requests.node[r]];
    this.moveOutstanding(node, t, -1);
    this.countElbError(node, status, false, t);
    this.outcome(r, status, node.reachable, true);
    this.requests.stage[r] = Stage.answered;
    this.lb.draining.responded(t);
  }

  /** The load balancer itself answers r with an error (spillover: the surge queue was full). */
  private reject(r: number, status: number, spillover: boolean, t = -1): void {
    const node = this.lb.nodes[this.requests.node[r]];
    this.countElbError(node, status, spillover, t);
    this.outcome(r, status, node.reachable, true);
    this.requests.free(r);
  }

  /** The node's own count of requests outstanding at t moves by delta, and its tree of counts with it. */
  private moveOutstanding(node: LbNode, t: number, delta: number): void {
    node.outstanding[t] += delta;
    node.byOutstanding?.set(t, node.outstanding[t]);
  }

  /** Client requests the load balancer has at target t (every node's outstanding count). */
  outstandingAt(t: number): number {
    let total = 0;
    for (const node of this.lb.nodes) total += node.outstanding[t];
    return total;
  }

  /** An error from the node, or, when the node is gone, a broken connection for its client. */
  private countElbError(node: LbNode, status: number, spillover: boolean, t: number): void {
    if (node.reachable) {
      this.lb.meters.rejected(node, status, spillover);
      node.answeredError(status, t);
    } else {
      this.lb.meters.connectionError();
      node.connectionErrors++;
    }
  }

  /**
   * A target has room again: nodes with requests waiting for room route them, in turn from a
   * rotating first node so that no node always goes first.
   */
  private offerRoom(): void {
    const count = this.lb.nodes.length;
    const start = this.notifyStart;
    this.notifyStart = (start + 1) % count;
    for (let i = 0; i < count; i++) {
      const node = this.lb.nodes[(start + i) % count];
      if (node.roomQueue.length > 0 && node.candidatesStale) refreshCandidates(node, this.lb.targets, this.settings);
      while (node.roomQueue.length > 0) {
        const r = node.roomQueue.peek();
        const t = node.candidateCount > 0 ? this.choose(node, r) : -1;
        if (t < 0 && node.candidateCount > 0) break;
        node.roomQueue.shift();
        this.waitingForRoom--;
        this.lb.meters.unsurge();
        if (t < 0) this.reject(r, 503, false);
        else this.dispatch(node, r, t);
      }
    }
  }

  /** A request waiting at a closed node: its client's connection broke. */
  private drop(r: number): void {
    this.lb.meters.unsurge();
    this.lb.meters.connectionError();
    this.lb.nodes[this.requests.node[r]].connectionErrors++;
    this.outcome(r, 0, false, false);
    this.requests.free(r);
  }

  /**
   * Answers every client request at target t with `status` (a crash's 502, a drain's cut):
   * those in its backlog leave it; those with a worker are answered now and freed when the
   * worker's done event comes. Returns how many were cut.
   */
  cutRequests(t: number, status: number): number {
    let cut = 0;
    const { requests } = this;
    this.lb.targets.backlog[t].removeWhere((r) => {
      if (requests.isCheck(r)) return false;
      this.moveOutstanding(this.lb.nodes[requests.node[r]], t, -1);
      this.reject(r, status, false, t);
      cut++;
      return true;
    });
    for (let r = 0; r < requests.stage.length; r++) {
      if (requests.stage[r] === Stage.service && requests.target[r] === t && !requests.isCheck(r)) {
        this.answerEarly(r, status);
        cut++;
      }
    }
    return cut;
  }
}
