// The load balancer: wires clients, DNS, nodes and targets into the request path
// (DESIGN.md §1): client → connection → node (capacity, surge queue) → routing → target.
import type { Simulation } from "../engine/simulation";
import type { RandomStreams } from "../engine/random";
import type { Scenario, LoadBalancerSettings } from "../scenario/defaults";
import type { Recorder } from "../metrics/recorder";
import type { LogEntry } from "../metrics/result";
import { Clients } from "./client";
import { Dns } from "./dns";
import { LbNode } from "./lb-node";
import { Requests, Stage } from "./requests";
import { ROUTES, type RoutingContext } from "./routing";
import { Targets } from "./target";
import { Meters } from "./meters";
import { Stickiness } from "./stickiness";
import { refreshCandidates, zoneHasHealthyTarget } from "./candidates";
import type { CheckHooks } from "./health-check";

export class LoadBalancer {
  readonly settings: LoadBalancerSettings;
  readonly zones: readonly string[];
  readonly requests = new Requests();
  readonly targets: Targets;
  readonly nodes: LbNode[] = [];
  readonly dns: Dns;
  readonly clients: Clients[];
  readonly meters: Meters;
  readonly log: LogEntry[] = [];
  /** Health checks plug in here (health-check.ts). */
  checks: CheckHooks | null = null;
  /** Called after a node launches (health checks start checking from it). */
  onNodeLaunched: ((node: LbNode) => void) | null = null;
  private readonly stickiness: Stickiness;
  private readonly routing: RoutingContext;
  /** Room checks for routing: plain, or weighing targets in slow start (only when it is on). */
  private readonly hasRoom: (t: number) => boolean;
  private readonly slowStartRoom: (t: number) => boolean;
  private readonly arrivalKind: number;
  private readonly nodeDoneKind: number;
  private readonly timeoutKind: number;
  /** Requests waiting in any node's room queue, so a finished request skips the scan when 0. */
  private waitingForRoom = 0;
  private notifyStart = 0;
  private readonly nodeSerial: number[];
  /** When the target entered slow start (NaN: not in it). */
  readonly slowStartFrom: Float64Array;

  constructor(
    private readonly sim: Simulation,
    readonly scenario: Scenario,
    streams: RandomStreams,
    recorder: Recorder,
  ) {
    // A private copy: `set` events change settings mid-run without touching the scenario.
    this.settings = structuredClone(scenario.loadBalancer);
    this.zones = scenario.zones;
    this.targets = new Targets(
      sim,
      scenario.targets,
      scenario.zones,
      streams,
      {
        started: (r, t, serviceTime) => this.started(r, t, serviceTime),
        finished: (r, t, status) => this.finished(r, t, status),
      },
      this.requests,
    );
    this.slowStartFrom = new Float64Array(this.targets.count).fill(NaN);
    this.dns = new Dns(streams.stream("dns"), this.settings.dns.maxRecords, this.settings.dns);
    this.meters = new Meters(recorder, this);
    this.stickiness = new Stickiness(
      this.settings,
      scenario.clients.map((g) => g.count),
    );
    const draw = streams.stream("routing");
    const targets = this.targets;
    this.hasRoom = (t) => targets.hasRoom(t);
    this.slowStartRoom = (t) => this.usable(t, draw);
    this.routing = { hasRoom: this.settings.slowStart > 0 ? this.slowStartRoom : this.hasRoom, rng: draw };
    this.nodeSerial = scenario.zones.map(() => 0);
    this.arrivalKind = sim.on("arrival", (g) => this.arrive(g));
    this.nodeDoneKind = sim.on("node-done", (n) => this.nodeDone(n));
    this.timeoutKind = sim.on("idle-timeout", (r) => this.timedOut(r));

    for (let k = 0; k < this.settings.nodesPerZone; k++) {
      for (let z = 0; z < this.zones.length; z++) this.launchNode(z).state = "in-service";
    }
    for (const node of this.nodes) node.inDnsAt = 0;
    this.publishDns();
    this.clients = scenario.clients.map(
      (group, g) => new Clients(g, group, streams, this.dns, this.nodes, this.settings),
    );
    for (const group of this.clients) this.scheduleArrival(group);
  }

  get now(): number {
    return this.sim.now;
  }

  record(entry: LogEntry): void {
    this.log.push(entry);
  }

  /** Adds a node in zone z (provisioning until the caller puts it in service). */
  launchNode(z: number): LbNode {
    const id = `${this.zones[z]}-n${++this.nodeSerial[z]}`;
    const node = new LbNode(this.nodes.length, id, z, this.targets.count, this.sim.now);
    // A new node starts from what the zone's other nodes know of the targets, else all healthy.
    const peer = this.nodes.find((n) => n.zone === z && n.reachable) ?? this.nodes.find((n) => n.reachable);
    if (peer) node.healthy.set(peer.healthy);
    else for (let t = 0; t < this.targets.count; t++) node.healthy[t] = this.targets.registered[t] ? 1 : 2;
    this.nodes.push(node);
    this.meters.addNode(node);
    this.onNodeLaunched?.(node);
    return node;
  }

  /**
   * The record set: every node in service, less the zones that fail away. A zone whose targets
   * are all unhealthy leaves DNS (network always [NLB]; application with cross-zone off [CZ];
   * classic documents no fail-away). If every zone would leave, all stay (fail open).
   */
  publishDns(): void {
    const now = this.sim.now;
    const inService = this.nodes.filter((n) => n.state === "in-service" && n.inDnsAt !== null && n.inDnsAt <= now);
    const failAway =
      this.settings.type === "network" || (this.settings.type === "application" && !this.settings.crossZone);
    const kept = failAway ? inService.filter((n) => zoneHasHealthyTarget(this.nodes, this.targets, n.zone)) : inService;
    const records = (kept.length > 0 ? kept : inService).map((n) => n.index);
    if (this.dns.publish(records)) {
      this.record({
        at: now,
        type: "dns",
        records: records.length,
        nodes: records.map((n) => this.nodes[n].id).join(" "),
      });
    }
  }

  /** Health, registration or a setting changed: nodes recompute candidates, DNS its records. */
  targetsChanged(): void {
    this.routing.hasRoom = this.settings.slowStart > 0 ? this.slowStartRoom : this.hasRoom;
    for (const node of this.nodes) node.candidatesStale = true;
    this.publishDns();
    if (this.waitingForRoom > 0) this.offerRoom();
  }

  private scheduleArrival(group: Clients): void {
    const at = group.nextArrival(this.sim.now);
    if (at <= this.scenario.duration) this.sim.scheduleAt(at, this.arrivalKind, group.index);
  }

  private arrive(g: number): void {
    const group = this.clients[g];
    this.scheduleArrival(group);
    const c = group.pickClient();
    // Drawn before connecting, so a request that fails to connect still uses its draw and the
    // streams stay aligned across variants.
    const work = group.drawWork();
    const n = group.connect(c, this.sim.now);
    if (n < 0) {
      this.meters.connectionError();
      return;
    }
    const r = this.requests.alloc();
    this.requests.client[r] = c;
    this.requests.group[r] = g;
    this.requests.node[r] = n;
    this.requests.sentAt[r] = this.sim.now;
    this.requests.work[r] = work;
    this.receive(this.nodes[n], r);
  }

  /**
   * A node takes a request. Its capacity is a throughput limit: an idle node passes a request at
   * once and is then busy for 1/capacity; requests that come while it is busy wait, FIFO, and
   * leave one every 1/capacity. (Modelling choice: AWS documents no per-node latency, and this
   * way an unsaturated node costs no event per request.)
   */
  private receive(node: LbNode, r: number): void {
    node.requests++;
    this.meters.received(node);
    const capacity = this.settings.node.capacity;
    if (capacity === Infinity) {
      this.route(node, r);
    } else if (node.capacityQueue.length === 0 && this.sim.now >= node.freeAt) {
      node.freeAt = this.sim.now + 1 / capacity;
      node.busySeconds += 1 / capacity;
      this.route(node, r);
    } else if (node.surgeQueueLength >= this.settings.node.surgeQueue) {
      this.reject(r, 503, true);
    } else {
      node.capacityQueue.push(r);
      this.meters.surge(node);
      if (!node.draining) {
        node.draining = true;
        this.sim.scheduleAt(Math.max(node.freeAt, this.sim.now), this.nodeDoneKind, node.index);
      }
    }
  }

  /** The node's capacity lets the next waiting request through. */
  private nodeDone(n: number): void {
    const node = this.nodes[n];
    node.draining = false;
    const r = node.capacityQueue.shift();
    if (r < 0) return; // the node failed and dropped its queue
    this.meters.unsurge();
    const capacity = this.settings.node.capacity;
    node.freeAt = this.sim.now + 1 / capacity;
    node.busySeconds += 1 / capacity;
    if (node.capacityQueue.length > 0) {
      node.draining = true;
      this.sim.scheduleAt(node.freeAt, this.nodeDoneKind, n);
    }
    this.route(node, r);
  }

  private route(node: LbNode, r: number): void {
    if (node.candidatesStale) refreshCandidates(node, this.targets, this.settings);
    if (node.candidateCount === 0) {
      // No registered, healthy target: classic answers 503 [CLB]; application and network
      // fail open to unhealthy targets (refreshCandidates) and get here only with none at all.
      this.reject(r, 503, false);
      return;
    }
    const t = this.choose(node, r);
    if (t >= 0) this.dispatch(node, r, t);
    else if (node.surgeQueueLength >= this.settings.node.surgeQueue) this.reject(r, 503, true);
    else {
      node.roomQueue.push(r);
      this.waitingForRoom++;
      this.meters.surge(node);
    }
  }

  /** The target for request r at this node, or -1 if none has room. */
  private choose(node: LbNode, r: number): number {
    const group = this.requests.group[r];
    const c = this.requests.client[r];
    const sticky = this.stickiness.target(group, c, this.sim.now);
    if (sticky >= 0 && node.isCandidate[sticky]) return this.targets.hasRoom(sticky) ? sticky : -1;
    if (this.settings.algorithm === "flow_hash") {
      // Flow hash: a connection stays on one target while that target is a candidate [How].
      const clients = this.clients[group];
      const pinned = clients.connectionTarget[c];
      if (pinned >= 0 && node.isCandidate[pinned]) return this.targets.hasRoom(pinned) ? pinned : -1;
      const t = ROUTES.flow_hash(node, this.routing);
      if (t >= 0) clients.connectionTarget[c] = t;
      return t;
    }
    const t = ROUTES[this.settings.algorithm](node, this.routing);
    if (t >= 0) this.stickiness.routed(group, c, t, sticky, this.sim.now);
    return t;
  }

  /**
   * Whether routing may pick target t: it has room, and a target in slow start is taken with
   * probability equal to its weight, ramping linearly from 0 to 1 over `slowStart` [TG].
   */
  private usable(t: number, draw: () => number): boolean {
    if (!this.targets.hasRoom(t)) return false;
    const from = this.slowStartFrom[t];
    if (Number.isNaN(from)) return true; // NaN: not in slow start
    const weight = (this.sim.now - from) / this.settings.slowStart;
    if (weight >= 1) {
      this.slowStartFrom[t] = NaN;
      return true;
    }
    return draw() < weight;
  }

  private dispatch(node: LbNode, r: number, t: number): void {
    if (this.targets.failed[t]) {
      // A crashed instance refuses the connection: the node answers 502 [CLB].
      this.reject(r, 502, false);
      return;
    }
    node.outstanding[t]++;
    node.sent[t]++;
    this.requests.dispatchedAt[r] = this.sim.now;
    this.meters.dispatched(t);
    this.targets.accept(r, t);
  }

  /**
   * A worker started r. If it will take longer than the idle timeout, the node gives up at the
   * timeout and answers 504 [CLB]; the worker still finishes it. (Simplification: a request whose
   * timeout passed while it waited in the backlog gets its 504 when a worker takes it, not at
   * the timeout itself, which saves a timer per request on the hot path.)
   */
  private started(r: number, _t: number, serviceTime: number): void {
    if (this.requests.isCheck(r)) return;
    const deadline = this.requests.dispatchedAt[r] + this.settings.idleTimeout;
    if (this.sim.now + serviceTime > deadline)
      this.sim.scheduleAt(Math.max(deadline, this.sim.now), this.timeoutKind, r);
  }

  private timedOut(r: number): void {
    if (this.requests.stage[r] !== Stage.service) return; // answered some other way meanwhile
    this.answerEarly(r, 504);
  }

  /** A worker finished r: answer its client, unless it was answered already. */
  private finished(r: number, t: number, status: number): void {
    if (this.requests.isCheck(r)) {
      this.checks?.answered(r, status);
    } else if (this.requests.stage[r] === Stage.answered) {
      this.requests.free(r);
    } else {
      const node = this.nodes[this.requests.node[r]];
      node.outstanding[t]--;
      if (node.reachable) this.meters.responded(r, t, status);
      else this.meters.connectionError(); // its node failed: the client's connection broke
      this.requests.free(r);
      this.afterResponse(t);
    }
    if (this.waitingForRoom > 0) this.offerRoom();
  }

  /** Answers r with an ELB error before its worker finishes (the worker frees it later). */
  answerEarly(r: number, status: number): void {
    const t = this.requests.target[r];
    const node = this.nodes[this.requests.node[r]];
    node.outstanding[t]--;
    this.countElbError(node, status, false);
    this.requests.stage[r] = Stage.answered;
    this.afterResponse(t);
  }

  /** Hook for draining: called whenever a client request on target t is answered. */
  afterResponse: (t: number) => void = () => {};

  /** The load balancer itself answers r with an error (spillover: the surge queue was full). */
  reject(r: number, status: number, spillover: boolean): void {
    this.countElbError(this.nodes[this.requests.node[r]], status, spillover);
    this.requests.free(r);
  }

  /** Client requests the load balancer has at target t (every node's outstanding count). */
  outstandingAt(t: number): number {
    let total = 0;
    for (const node of this.nodes) total += node.outstanding[t];
    return total;
  }

  /** An error from the node, or, when the node is gone, a broken connection for its client. */
  private countElbError(node: LbNode, status: number, spillover: boolean): void {
    if (node.reachable) this.meters.rejected(node, status, spillover);
    else this.meters.connectionError();
  }

  /**
   * A target has room again: nodes with requests waiting for room route them, in turn from a
   * rotating first node so that no node always goes first.
   */
  private offerRoom(): void {
    const count = this.nodes.length;
    const start = this.notifyStart;
    this.notifyStart = (start + 1) % count;
    for (let i = 0; i < count; i++) {
      const node = this.nodes[(start + i) % count];
      if (node.roomQueue.length > 0 && node.candidatesStale) refreshCandidates(node, this.targets, this.settings);
      while (node.roomQueue.length > 0) {
        const r = node.roomQueue.peek();
        const t = node.candidateCount > 0 ? this.choose(node, r) : -1;
        if (t < 0 && node.candidateCount > 0) break;
        node.roomQueue.shift();
        this.waitingForRoom--;
        this.meters.unsurge();
        if (t < 0) this.reject(r, 503, false);
        else this.dispatch(node, r, t);
      }
    }
  }

  /**
   * Takes a node away (a zone outage, or retirement): what waits at it is dropped, and its
   * clients see their connections break and connect again through DNS.
   */
  closeNode(node: LbNode, state: "failed" | "retired"): void {
    node.state = state;
    const drop = (r: number) => {
      this.meters.connectionError();
      this.requests.free(r);
    };
    for (let r = node.capacityQueue.shift(); r >= 0; r = node.capacityQueue.shift()) {
      this.meters.unsurge();
      drop(r);
    }
    for (let r = node.roomQueue.shift(); r >= 0; r = node.roomQueue.shift()) {
      this.meters.unsurge();
      this.waitingForRoom--;
      drop(r);
    }
    this.publishDns();
  }

  /**
   * Answers every client request at target t with `status` (a crash's 502, a drain's cut):
   * those in its backlog leave it; those with a worker are answered now and freed when the
   * worker's done event comes. Returns how many were cut.
   */
  cutRequests(t: number, status: number): number {
    let cut = 0;
    const { requests } = this;
    this.targets.backlog[t].removeWhere((r) => {
      if (requests.isCheck(r)) return false;
      this.nodes[requests.node[r]].outstanding[t]--;
      this.reject(r, status, false);
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
