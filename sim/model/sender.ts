// The client side of the request path (docs/design.md#the-request-path): open-loop arrivals at
// each group's rate, closed-loop users' requests, and each attempt a client sends through its
// connection to a node.
import type { Simulation } from "../engine/simulation";
import type { Scenario } from "../scenario/defaults";
import type { Clients } from "./client";
import type { ClientRequests } from "./client-requests";
import type { LbNode } from "./lb-node";
import type { Meters } from "./meters";
import type { Requests } from "./requests";

/** What sending reads: the client groups, the node list, the request pool. */
export interface SenderParts {
  readonly scenario: Scenario;
  readonly clients: readonly Clients[];
  readonly clientRequests: readonly (ClientRequests | null)[];
  readonly nodes: readonly LbNode[];
  readonly requests: Requests;
  readonly meters: Meters;
}

export class Sender {
  private readonly arrivalKind: number;
  private readonly requests: Requests;

  constructor(
    private readonly sim: Simulation,
    private readonly lb: SenderParts,
    /** Client c of group g opened a new connection (stickiness forgets its flow). */
    private readonly connected: (g: number, c: number) => void,
    /** A node takes request r. */
    private readonly receive: (node: LbNode, r: number) => void,
  ) {
    this.requests = lb.requests;
    this.arrivalKind = sim.on("arrival", (g) => this.arrive(g));
  }

  /** Schedules each client group's first request. */
  start(): void {
    for (const group of this.lb.clients) this.scheduleArrival(group);
  }

  private scheduleArrival(group: Clients): void {
    const at = group.nextArrival(this.sim.now);
    if (at <= this.lb.scenario.duration) this.sim.scheduleAt(at, this.arrivalKind, group.index);
  }

  private arrive(g: number): void {
    const group = this.lb.clients[g];
    this.scheduleArrival(group);
    const c = group.pickClient();
    // Drawn before connecting, so a request that fails to connect still uses its draw and the
    // streams stay aligned across variants.
    const work = group.drawWork();
    const own = this.lb.clientRequests[g];
    if (!own) this.send(g, c, work, -1);
    else {
      const l = own.begin(c, work, this.sim.now);
      if (l >= 0) own.go(l);
    }
  }

  /** Closed-loop user u of group g sends its next request (docs/design.md#closed-loop-users). */
  userSends(g: number, u: number): void {
    const own = this.lb.clientRequests[g]!;
    const l = own.begin(u, this.lb.clients[g].drawWork(), this.sim.now);
    if (l >= 0) own.go(l);
  }

  /** The next attempt of group g's logical request l (docs/design.md#client-retries). */
  attempt(g: number, l: number): void {
    const own = this.lb.clientRequests[g]!;
    this.send(g, own.clientOf(l), own.workOf(l), l);
  }

  /** Client c of group g sends a request (attempt of logical request l, or -1) through its connection. */
  private send(g: number, c: number, work: number, l: number): void {
    const group = this.lb.clients[g];
    const opened = group.newConnections;
    const n = group.connect(c, this.sim.now);
    if (n < 0) {
      this.lb.meters.connectionError();
      if (l >= 0) this.lb.clientRequests[g]!.unreachable(l);
      return;
    }
    const fresh = group.newConnections !== opened;
    if (fresh) {
      this.connected(g, c);
      this.lb.meters.connectionOpened(n);
    }
    const r = this.requests.alloc();
    this.requests.client[r] = c;
    this.requests.group[r] = g;
    this.requests.node[r] = n;
    this.requests.sentAt[r] = this.sim.now;
    this.requests.work[r] = work;
    if (l >= 0) {
      this.requests.origin[r] = l;
      this.lb.clientRequests[g]!.sent(l, r, fresh);
    }
    this.lb.meters.processed(g, "request", r);
    this.receive(this.lb.nodes[n], r);
  }
}
