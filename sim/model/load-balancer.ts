// The load balancer: wires clients, DNS, nodes and targets into the request path
// (DESIGN.md §1): client → connection → node (capacity, surge queue) → routing → target.
import type { Simulation } from "../engine/simulation";
import type { RandomStreams, Rng } from "../engine/random";
import type { Scenario, LoadBalancerSettings } from "../scenario/defaults";
import { Recorder } from "../metrics/recorder";
import { Clients } from "./client";
import { Dns } from "./dns";
import { LbNode } from "./lb-node";
import { Requests } from "./requests";
import { ROUTES, type RoutingContext } from "./routing";
import { Targets } from "./target";
import { Meters } from "./meters";

export class LoadBalancer {
  readonly settings: LoadBalancerSettings;
  readonly zones: readonly string[];
  readonly requests = new Requests();
  readonly targets: Targets;
  readonly nodes: LbNode[] = [];
  readonly dns: Dns;
  readonly clients: Clients[];
  readonly meters: Meters;
  private readonly routing: RoutingContext;
  private readonly arrivalKind: number;
  private readonly nodeDoneKind: number;
  /** Requests waiting in any node's room queue, so a finished request skips the scan when 0. */
  private waitingForRoom = 0;
  private notifyStart = 0;
  private readonly nodeSerial: number[];

  constructor(
    private readonly sim: Simulation,
    readonly scenario: Scenario,
    streams: RandomStreams,
    recorder: Recorder,
  ) {
    // A private copy: `set` events change settings mid-run without touching the scenario.
    this.settings = structuredClone(scenario.loadBalancer);
    this.zones = scenario.zones;
    this.targets = new Targets(sim, scenario.targets, scenario.zones, streams, (r, t) => this.respond(r, t), this.requests);
    this.dns = new Dns(streams.stream("dns"), this.settings.dns.maxRecords, this.settings.dns.ttl);
    this.meters = new Meters(recorder, this);
    const routingDraw: Rng = streams.stream("routing");
    const targets = this.targets;
    this.routing = { hasRoom: (t) => targets.hasRoom(t), rng: routingDraw };
    this.nodeSerial = scenario.zones.map(() => 0);
    this.arrivalKind = sim.on("arrival", (g) => this.arrive(g));
    this.nodeDoneKind = sim.on("node-done", (n) => this.nodeDone(n));

    for (let k = 0; k < this.settings.nodesPerZone; k++) {
      for (let z = 0; z < this.zones.length; z++) this.launchNode(z).state = "in-service";
    }
    for (const node of this.nodes) node.inDnsAt = 0;
    this.publishDns();
    this.clients = scenario.clients.map((group, g) => new Clients(g, group, streams, this.dns, this.nodes, this.settings));
    for (const group of this.clients) this.scheduleArrival(group);
  }

  get now(): number {
    return this.sim.now;
  }

  /** Adds a node in zone z (provisioning until the caller puts it in service). */
  launchNode(z: number): LbNode {
    const id = `${this.zones[z]}-n${++this.nodeSerial[z]}`;
    const node = new LbNode(this.nodes.length, id, z, this.targets.count, this.sim.now);
    this.nodes.push(node);
    this.meters.addNode(node);
    return node;
  }

  /** The record set: every node in service. */
  publishDns(): void {
    this.dns.publish(this.nodes.filter((n) => n.state === "in-service").map((n) => n.index));
  }

  /** Every node must recompute its candidates (health, registration or a setting changed). */
  invalidateCandidates(): void {
    for (const node of this.nodes) node.candidatesStale = true;
  }

  private scheduleArrival(group: Clients): void {
    const at = group.nextArrival(this.sim.now);
    if (at <= this.scenario.duration) this.sim.scheduleAt(at, this.arrivalKind, group.index);
  }

  private arrive(g: number): void {
    const group = this.clients[g];
    this.scheduleArrival(group);
    const c = group.pickClient();
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
    this.receive(this.nodes[n], r);
  }

  /** A node takes a request: its capacity serves requests one at a time, FIFO. */
  private receive(node: LbNode, r: number): void {
    node.requests++;
    this.meters.received(node);
    const capacity = this.settings.node.capacity;
    if (capacity === Infinity) {
      this.route(node, r);
    } else if (!node.serving) {
      node.serving = true;
      node.current = r;
      node.busySeconds += 1 / capacity;
      this.sim.schedule(1 / capacity, this.nodeDoneKind, node.index);
    } else if (node.surgeQueueLength >= this.settings.node.surgeQueue) {
      this.reject(r, 503, true);
    } else {
      node.capacityQueue.push(r);
      this.meters.surge(node);
    }
  }

  private nodeDone(n: number): void {
    const node = this.nodes[n];
    const r = node.current;
    const next = node.capacityQueue.shift();
    if (next >= 0) {
      this.meters.unsurge();
      const capacity = this.settings.node.capacity;
      node.current = next;
      node.busySeconds += 1 / capacity;
      this.sim.schedule(1 / capacity, this.nodeDoneKind, n);
    } else {
      node.serving = false;
      node.current = -1;
    }
    this.route(node, r);
  }

  private route(node: LbNode, r: number): void {
    if (node.candidatesStale) this.refreshCandidates(node);
    if (node.candidateCount === 0) {
      // No registered, healthy target: classic answers 503 [CLB]; application and network
      // fail open to unhealthy targets (in refreshCandidates) and get here only with none at all.
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
    if (this.settings.algorithm !== "flow_hash") return ROUTES[this.settings.algorithm](node, this.routing);
    // Flow hash: a connection stays on one target while that target is a candidate [How].
    const clients = this.clients[this.requests.group[r]];
    const c = this.requests.client[r];
    const pinned = clients.connectionTarget[c];
    if (pinned >= 0 && node.isCandidate[pinned]) return this.targets.hasRoom(pinned) ? pinned : -1;
    const t = ROUTES.flow_hash(node, this.routing);
    if (t >= 0) clients.connectionTarget[c] = t;
    return t;
  }

  private dispatch(node: LbNode, r: number, t: number): void {
    node.outstanding[t]++;
    this.requests.target[r] = t;
    this.requests.dispatchedAt[r] = this.sim.now;
    this.meters.dispatched(t);
    this.targets.accept(r, t);
  }

  /** A target answered request r. */
  private respond(r: number, t: number): void {
    const node = this.nodes[this.requests.node[r]];
    node.outstanding[t]--;
    this.meters.responded(r, t, this.targets.lastStatus);
    this.requests.free(r);
    if (this.waitingForRoom > 0) this.offerRoom();
  }

  /** The load balancer itself answers r with an error (spillover: the surge queue was full). */
  private reject(r: number, status: number, spillover: boolean): void {
    this.meters.rejected(this.nodes[this.requests.node[r]], status, spillover);
    this.requests.free(r);
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
      while (node.roomQueue.length > 0) {
        const r = node.roomQueue.peek();
        const t = this.choose(node, r);
        if (t < 0) break;
        node.roomQueue.shift();
        this.waitingForRoom--;
        this.meters.unsurge();
        this.dispatch(node, r, t);
      }
    }
  }

  /**
   * A node's candidates: registered targets that are not draining and are healthy in the node's
   * own view, in its zone only when cross-zone load balancing is off [How, CZ]. With none
   * healthy, application and network load balancers fail open to all of them [HC, NLB].
   */
  refreshCandidates(node: LbNode): void {
    const { targets } = this;
    const crossZone = this.settings.crossZone;
    let m = 0;
    for (let pass = 0; pass < 2 && m === 0; pass++) {
      if (pass === 1 && this.settings.allUnhealthy !== "fail-open") break;
      for (let t = 0; t < targets.count; t++) {
        const inScope = crossZone || targets.zone[t] === node.zone;
        const usable = inScope && targets.registered[t] === 1 && targets.draining[t] === 0;
        const ok = usable && (pass === 1 || node.healthy[t] === 1);
        node.isCandidate[t] = ok ? 1 : 0;
        if (ok) node.candidates[m++] = t;
      }
    }
    if (m === 0) node.isCandidate.fill(0);
    node.candidateCount = m;
    node.cursor = m > 0 ? node.cursor % m : 0;
    node.candidatesStale = false;
  }
}
