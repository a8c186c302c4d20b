// A client group (docs/design.md#clients): `count` clients sending `rate` requests per second in
// all, each request from one client chosen at random. A client keeps a DNS answer as long as its
// cache policy allows and reuses a keep-alive connection to one node; only a new connection
// looks at DNS again, which is why traffic moves slowly after the record set changes.
import type { RandomStreams, Rng } from "../engine/random";
import type { ClientGroup, LoadBalancerSettings } from "../scenario/defaults";
import type { Dns } from "./dns";
import type { LbNode } from "./lb-node";
import { RateCurve } from "./rate-curve";
import { Resolvers } from "./resolver";

export class Clients {
  readonly name: string;
  readonly count: number;
  private readonly curve: RateCurve;
  private readonly arrivalDraw: Rng;
  private readonly clientDraw: Rng;
  private readonly addressDraw: Rng;
  private readonly workDraw: Rng;
  private readonly poisson: boolean;
  private readonly resolvers: Resolvers | null;
  private readonly width: number;
  /** Per client: the cached DNS answer, its length and when it expires. */
  private readonly answers: Int32Array;
  private readonly answerLength: Uint8Array;
  private readonly answerExpires: Float64Array;
  /** Per client: the open connection's node (-1: none), requests sent on it, last use. */
  readonly connectionNode: Int32Array;
  private readonly connectionRequests: Int32Array;
  private readonly connectionLastUsed: Float64Array;
  /**
   * The clients with a connection, least recently used first (a list through `usedBefore` and
   * `usedAfter`, -1 at the ends): a use moves its client to the end, so the connections still
   * within the idle timeout are the list's tail, from `firstOpen` on. `openAt` counts that tail's
   * connections per node as it was when `since` was the cut-off, so `openConnections` costs the
   * connections that crossed the cut-off since it last ran and the nodes, not every client.
   */
  private readonly usedBefore: Int32Array;
  private readonly usedAfter: Int32Array;
  private mostRecent = -1;
  private firstOpen = -1;
  private since = -Infinity;
  private openAt = new Int32Array(0);
  newConnections = 0;
  dnsLookups = 0;

  constructor(
    readonly index: number,
    private readonly group: ClientGroup,
    streams: RandomStreams,
    private readonly dns: Dns,
    private readonly nodes: readonly LbNode[],
    private readonly settings: LoadBalancerSettings,
  ) {
    this.name = group.name;
    this.count = group.count;
    this.curve = new RateCurve(group.rate);
    this.poisson = group.arrival === "poisson";
    this.arrivalDraw = streams.stream(`clients/${group.name}/arrivals`);
    this.clientDraw = streams.stream(`clients/${group.name}/which`);
    this.addressDraw = streams.stream(`clients/${group.name}/address`);
    this.workDraw = streams.stream(`clients/${group.name}/work`);
    this.resolvers = group.resolvers === null ? null : new Resolvers(group.resolvers, dns);
    this.width = dns.maxRecords;
    const n = group.count;
    this.answers = new Int32Array(n * this.width);
    this.answerLength = new Uint8Array(n);
    this.answerExpires = new Float64Array(n).fill(-Infinity);
    this.connectionNode = new Int32Array(n).fill(-1);
    this.connectionRequests = new Int32Array(n);
    this.connectionLastUsed = new Float64Array(n);
    this.usedBefore = new Int32Array(n).fill(-1);
    this.usedAfter = new Int32Array(n).fill(-1);
  }

  /** The time of the group's next request after `now` (Infinity when the rate stays 0). */
  nextArrival(now: number): number {
    const amount = this.poisson ? -Math.log(1 - this.arrivalDraw()) : 1;
    return this.curve.advance(now, amount);
  }

  /** The next request's size, a uniform quantile (see Requests.work). */
  drawWork(): number {
    return this.workDraw();
  }

  /** The client that sends the next request, uniformly at random. */
  pickClient(): number {
    return Math.floor(this.clientDraw() * this.count);
  }

  /**
   * The node client c sends its request to: its open connection if that can carry one more
   * request, otherwise a new connection. Returns -1 when no address in its answer is reachable
   * (a connection error).
   */
  connect(c: number, now: number): number {
    const open = this.connectionNode[c];
    if (open >= 0) {
      if (
        this.group.connection.keepAlive &&
        this.nodes[open].reachable &&
        this.connectionRequests[c] < this.group.connection.maxRequests &&
        // The node closes connections idle longer than its idle timeout (docs/aws-behaviour.md#idle-timeout-settings).
        now - this.connectionLastUsed[c] <= this.settings.idleTimeout
      ) {
        this.connectionRequests[c]++;
        this.unlink(c);
        this.connectionLastUsed[c] = now;
        this.append(c);
        return open;
      }
      this.unlink(c);
      this.connectionNode[c] = -1;
    }
    const node = this.openConnection(c, now);
    if (node < 0) return -1;
    this.connectionNode[c] = node;
    this.connectionRequests[c] = 1;
    this.connectionLastUsed[c] = now;
    this.append(c);
    this.newConnections++;
    return node;
  }

  /** Connections open now: used within the idle timeout, to a node that still serves them. */
  openConnections(now: number): number {
    if (!this.group.connection.keepAlive) return 0;
    const since = now - this.settings.idleTimeout;
    const { connectionNode, connectionLastUsed, usedBefore, usedAfter } = this;
    // Move the cut-off: forward past connections idle too long, back (a longer idle timeout) over
    // those within it again.
    while (this.firstOpen >= 0 && connectionLastUsed[this.firstOpen] < since) {
      this.openAt[connectionNode[this.firstOpen]]--;
      this.firstOpen = usedAfter[this.firstOpen];
    }
    for (;;) {
      const before = this.firstOpen >= 0 ? usedBefore[this.firstOpen] : this.mostRecent;
      if (before < 0 || connectionLastUsed[before] < since) break;
      this.openAt[connectionNode[before]]++;
      this.firstOpen = before;
    }
    this.since = since;
    let open = 0;
    for (let n = 0; n < this.openAt.length; n++)
      if (this.openAt[n] > 0 && this.nodes[n].reachable) open += this.openAt[n];
    return open;
  }

  /** Puts client c, just used at the latest time, at the end of the list: it counts as open. */
  private append(c: number): void {
    const n = this.connectionNode[c];
    if (n >= this.openAt.length) {
      const grown = new Int32Array(Math.max(n + 1, this.nodes.length, 2 * this.openAt.length));
      grown.set(this.openAt);
      this.openAt = grown;
    }
    this.openAt[n]++;
    this.usedBefore[c] = this.mostRecent;
    this.usedAfter[c] = -1;
    if (this.mostRecent >= 0) this.usedAfter[this.mostRecent] = c;
    this.mostRecent = c;
    if (this.firstOpen < 0) this.firstOpen = c;
  }

  /** Takes client c's connection out of the list (it closes, or is used again). */
  private unlink(c: number): void {
    const { usedBefore, usedAfter } = this;
    if (this.connectionLastUsed[c] >= this.since) this.openAt[this.connectionNode[c]]--;
    if (this.firstOpen === c) this.firstOpen = usedAfter[c];
    const before = usedBefore[c];
    const after = usedAfter[c];
    if (before >= 0) usedAfter[before] = after;
    if (after >= 0) usedBefore[after] = before;
    else this.mostRecent = before;
  }

  /** A node for a new connection: the first reachable address (`first`) or a random one. */
  private openConnection(c: number, now: number): number {
    if (now >= this.answerExpires[c]) this.lookUp(c, now);
    const length = this.answerLength[c];
    if (length === 0) return -1;
    const base = c * this.width;
    const start = this.group.pick === "first" ? 0 : Math.floor(this.addressDraw() * length);
    // A client that cannot connect to one address tries the next one in its answer (docs/aws-behaviour.md#clients-honour-the-ttl-and-retry-another-address).
    for (let i = 0; i < length; i++) {
      const node = this.answers[base + ((start + i) % length)];
      if (this.nodes[node].reachable) return node;
    }
    return -1;
  }

  private lookUp(c: number, now: number): void {
    this.dnsLookups++;
    const base = c * this.width;
    let expires: number;
    if (this.resolvers) {
      this.answerLength[c] = this.resolvers.resolve(c % this.resolvers.count, now, this.answers, base);
      expires = this.resolvers.expiresAt;
    } else {
      this.answerLength[c] = this.dns.answer(this.answers, base);
      expires = now + this.dns.ttl;
    }
    const policy = this.group.dnsCache;
    // `ttl` honours the record's TTL (as handed out); a fixed duration ignores it (the JVM's 30 s
    // default); `forever` never asks again (a JVM with a security manager). See docs/design.md#client-dns-cache-policies.
    this.answerExpires[c] = policy === "ttl" ? expires : policy === "forever" ? Infinity : now + policy;
  }
}
