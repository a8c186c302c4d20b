// A client group (docs/design.md#clients): `count` clients sending `rate` requests per second in
// all, each request from one client chosen at random. A client keeps a DNS answer as long as its
// cache policy allows and reuses a keep-alive connection to one node; only a new connection
// looks at DNS again, which is why traffic moves slowly after the record set changes.
import { log } from "../engine/math";
import type { RandomStreams, Rng } from "../engine/random";
import type { ClientGroup, LoadBalancerSettings } from "../scenario/defaults";
import type { Dns } from "./dns";
import type { LbNode } from "./lb-node";
import { OpenConnections } from "./open-connections";
import { RateCurve } from "./rate-curve";
import { Replay } from "./replay";
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
  /** Recorded arrivals replayed instead of drawn from the rate (docs/design.md#request-level-replay). */
  private readonly replay: Replay | null;
  private readonly width: number;
  /** Per client: the cached DNS answer, its length and when it expires. */
  private readonly answers: Int32Array;
  private readonly answerLength: Uint8Array;
  private readonly answerExpires: Float64Array;
  /** Per client: the open connection's node (-1: none), requests sent on it, last use. */
  readonly connectionNode: Int32Array;
  private readonly connectionRequests: Int32Array;
  private readonly connectionLastUsed: Float64Array;
  /** ActiveConnectionCount's count, kept as connections are used (null without keep-alive: none stays open). */
  private readonly open: OpenConnections | null;
  private readonly reachable = (node: number) => this.nodes[node].reachable;
  newConnections = 0;
  dnsLookups = 0;
  /**
   * Per client, when it last looked its answer up and which record set it got (`Dns.version`):
   * kept only once the dashboard asks (`watchCaches`), to show what caches hold; never in a result.
   */
  private lookedUpAt: Float64Array | null = null;
  private lookedUpVersion: Uint32Array | null = null;

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
    this.replay = group.arrivals ? new Replay(group.arrivals, group.count) : null;
    this.width = dns.maxRecords;
    const n = group.count;
    this.answers = new Int32Array(n * this.width);
    this.answerLength = new Uint8Array(n);
    this.answerExpires = new Float64Array(n).fill(-Infinity);
    this.connectionNode = new Int32Array(n).fill(-1);
    this.connectionRequests = new Int32Array(n);
    this.connectionLastUsed = new Float64Array(n).fill(-Infinity);
    this.open = group.connection.keepAlive
      ? new OpenConnections({ connectionNode: this.connectionNode, connectionLastUsed: this.connectionLastUsed })
      : null;
  }

  /** The time of the group's next request after `now` (Infinity when the rate stays 0). */
  nextArrival(now: number): number {
    if (this.replay) return this.replay.next();
    const amount = this.poisson ? -log(1 - this.arrivalDraw()) : 1;
    return this.curve.advance(now, amount);
  }

  /** The next request's size, a uniform quantile (see Requests.work). */
  drawWork(): number {
    const u = this.workDraw();
    return this.replay ? this.replay.size(u) : u;
  }

  /** The client that sends the next request, uniformly at random. */
  pickClient(): number {
    const draw = () => Math.floor(this.clientDraw() * this.count);
    return this.replay ? this.replay.client(draw) : draw();
  }

  /**
   * The node client c sends its request to: its open connection if that can carry one more
   * request, otherwise a new connection. Returns -1 when no address in its answer is reachable
   * (a connection error).
   */
  connect(c: number, now: number): number {
    if (this.replay?.newConnection(c)) this.connectionNode[c] = -1;
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
        const last = this.connectionLastUsed[c];
        this.connectionLastUsed[c] = now;
        this.open?.used(c, open, last, false, this.settings.idleTimeout);
        return open;
      }
      this.open?.closed(c, open);
      this.connectionNode[c] = -1;
    }
    const node = this.openConnection(c, now);
    if (node < 0) return -1;
    this.connectionNode[c] = node;
    this.connectionRequests[c] = 1;
    const last = this.connectionLastUsed[c];
    this.connectionLastUsed[c] = now;
    this.open?.used(c, node, last, true, this.settings.idleTimeout);
    this.newConnections++;
    return node;
  }

  /** Client c gives its connection up (it stopped waiting for an answer on it). */
  disconnect(c: number): void {
    this.connectionNode[c] = -1;
  }

  /** Connections open now: used within the idle timeout, to a node that still serves them. */
  openConnections(now: number): number {
    return this.open === null ? 0 : this.open.count(now - this.settings.idleTimeout, this.reachable);
  }

  /**
   * Adds each node's connections open now to `into` (by node index): a scan over the clients, for
   * the controller's active-connections dimension (capacity-units.ts), once an evaluation.
   */
  countOpenByNode(now: number, into: number[]): void {
    if (this.open === null) return;
    for (let c = 0; c < this.count; c++) {
      const n = this.connectionNode[c];
      if (n >= 0 && now - this.connectionLastUsed[c] <= this.settings.idleTimeout && this.nodes[n].reachable)
        into[n] = (into[n] ?? 0) + 1;
    }
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

  /** Starts keeping when and from which record set each client's answer came (before the run). */
  watchCaches(): void {
    this.lookedUpAt ??= new Float64Array(this.count).fill(Number.NaN);
    this.lookedUpVersion ??= new Uint32Array(this.count);
  }

  /**
   * What the clients' caches hold at `now` (after `watchCaches`): per node, how many clients'
   * answers list it; how many clients hold an answer, how many of those came from an older record
   * set than DNS publishes now (a `forever` cache after a scale-out), how many are past their
   * expiry (kept until the client next opens a connection), their summed age, and how long the
   * group's policy keeps an answer (Infinity: forever).
   */
  caches(now: number, nodeCount: number): DnsCaches {
    const holders = new Float64Array(nodeCount);
    let answered = 0;
    let stale = 0;
    let ageSum = 0;
    let expired = 0;
    const policy = this.group.dnsCache;
    const keeps = policy === "ttl" ? this.dns.ttl : policy === "forever" ? Infinity : policy;
    const at = this.lookedUpAt;
    const version = this.lookedUpVersion;
    for (let c = 0; c < this.count; c++) {
      const length = this.answerLength[c];
      if (length === 0 || !at || Number.isNaN(at[c])) continue;
      answered++;
      ageSum += now - at[c];
      if (now >= this.answerExpires[c]) expired++;
      if (version![c] < this.dns.version) stale++;
      const base = c * this.width;
      for (let i = 0; i < length; i++) holders[this.answers[base + i]]++;
    }
    return { holders, answered, stale, expired, ageSum, keeps };
  }

  private lookUp(c: number, now: number): void {
    this.dnsLookups++;
    if (this.lookedUpAt) {
      this.lookedUpAt[c] = now;
      this.lookedUpVersion![c] = this.dns.version;
    }
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

/** What a client group's DNS caches hold at a moment (`Clients.caches`). */
export interface DnsCaches {
  holders: Float64Array;
  answered: number;
  stale: number;
  expired: number;
  ageSum: number;
  keeps: number;
}
