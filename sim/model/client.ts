// A client group (docs/design.md#clients): `count` clients sending `rate` requests per second in
// all, each request from one client chosen at random. A client keeps a DNS answer as long as its
// cache policy allows and reuses a keep-alive connection to one node; only a new connection
// looks at DNS again, which is why traffic moves slowly after the record set changes.
import { log } from "../engine/math";
import type { RandomStreams, Rng } from "../engine/random";
import type { ClientGroup, LoadBalancerSettings } from "../scenario/defaults";
import type { Dns } from "./dns";
import type { LbNode } from "./lb-node";
import { MARKING_CLIENTS, OpenConnections } from "./open-connections";
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
  /**
   * One record per client, so that a request from a client not heard from for a while touches one
   * stretch of memory rather than one in each of six arrays (docs/design.md#performance). The
   * connection's part, in 8-byte words from `c · stride`: its last use, then as 4-byte words its
   * node (-1: none) and the requests sent on it. The DNS part, from `c · dnsStride + dnsOffset` in
   * `dnsWords`: when the cached answer expires, then as 4-byte words its length, where
   * OpenConnections listed the client's last use, and the answer's addresses (`width` of them).
   * For groups that OpenConnections marks (many clients, each rarely back) both parts share one
   * 64-byte record, as nearly every request opens a connection; for the others the DNS part is a
   * table of its own, so that the connection parts reused on most requests stay 16 bytes apart.
   */
  private readonly stride: number;
  private readonly words: Float64Array;
  private readonly ints: Int32Array;
  private readonly dnsStride: number;
  private readonly dnsOffset: number;
  private readonly dnsWords: Float64Array;
  private readonly dnsInts: Int32Array;
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
    const dnsPart = 2 + Math.ceil(this.width / 2);
    const together = n >= MARKING_CLIENTS;
    this.stride = together ? 2 + dnsPart : 2;
    this.words = new Float64Array(n * this.stride);
    this.ints = new Int32Array(this.words.buffer);
    this.dnsStride = together ? this.stride : dnsPart;
    this.dnsOffset = together ? 2 : 0;
    this.dnsWords = together ? this.words : new Float64Array(n * dnsPart);
    this.dnsInts = together ? this.ints : new Int32Array(this.dnsWords.buffer);
    for (let c = 0; c < n; c++) {
      const at = c * this.stride;
      this.words[at + LAST_USED] = -Infinity;
      this.ints[2 * at + NODE] = -1;
      this.dnsWords[c * this.dnsStride + this.dnsOffset + EXPIRES] = -Infinity;
    }
    this.open = group.connection.keepAlive ? new OpenConnections(this) : null;
  }

  /** Each client's open connection's node (-1: none), as a new array (for inspection). */
  get connectionNode(): Int32Array {
    return Int32Array.from({ length: this.count }, (_, c) => this.nodeOf(c));
  }

  /** Client c's open connection's node (-1: none). */
  nodeOf(c: number): number {
    return this.ints[2 * c * this.stride + NODE];
  }

  /** When client c last used its connection (-Infinity: never). */
  lastUsedOf(c: number): number {
    return this.words[c * this.stride + LAST_USED];
  }

  /** OpenConnections' note of where it listed client c's last use. */
  entryOf(c: number): number {
    return this.dnsInts[2 * (c * this.dnsStride + this.dnsOffset) + ENTRY];
  }

  setEntryOf(c: number, entry: number): void {
    this.dnsInts[2 * (c * this.dnsStride + this.dnsOffset) + ENTRY] = entry;
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
    // No closure unless a replay needs one: this runs for every request.
    if (this.replay) return this.replay.client(() => Math.floor(this.clientDraw() * this.count));
    return Math.floor(this.clientDraw() * this.count);
  }

  /**
   * The node client c sends its request to: its open connection if that can carry one more
   * request, otherwise a new connection. Returns -1 when no address in its answer is reachable
   * (a connection error).
   */
  connect(c: number, now: number): number {
    const { words, ints } = this;
    const at = c * this.stride;
    if (this.replay?.newConnection(c)) {
      ints[2 * at + NODE] = -1;
      this.open?.dropped(c);
    }
    const open = ints[2 * at + NODE];
    if (open >= 0) {
      if (
        this.group.connection.keepAlive &&
        this.nodes[open].reachable &&
        ints[2 * at + REQUESTS] < this.group.connection.maxRequests &&
        // The node closes connections idle longer than its idle timeout (docs/aws-behaviour.md#idle-timeout-settings).
        now - words[at + LAST_USED] <= this.settings.idleTimeout
      ) {
        ints[2 * at + REQUESTS]++;
        const last = words[at + LAST_USED];
        words[at + LAST_USED] = now;
        this.open?.used(c, open, last, false, this.settings.idleTimeout);
        return open;
      }
      this.open?.closed(c, open);
      ints[2 * at + NODE] = -1;
    }
    const node = this.openConnection(c, now);
    if (node < 0) return -1;
    ints[2 * at + NODE] = node;
    ints[2 * at + REQUESTS] = 1;
    const last = words[at + LAST_USED];
    words[at + LAST_USED] = now;
    this.open?.used(c, node, last, true, this.settings.idleTimeout);
    this.newConnections++;
    return node;
  }

  /** Client c gives its connection up (it stopped waiting for an answer on it). */
  disconnect(c: number): void {
    this.ints[2 * c * this.stride + NODE] = -1;
    this.open?.dropped(c);
  }

  /** Connections open now: used within the idle timeout, to a node that still serves them. */
  openConnections(now: number): number {
    return this.open === null ? 0 : this.open.count(now - this.settings.idleTimeout, this.reachable);
  }

  /** A node for a new connection: the first reachable address (`first`) or a random one. */
  private openConnection(c: number, now: number): number {
    const at = c * this.dnsStride + this.dnsOffset;
    if (now >= this.dnsWords[at + EXPIRES]) this.lookUp(c, now);
    const length = this.dnsInts[2 * at + LENGTH];
    if (length === 0) return -1;
    const base = 2 * at + ANSWER;
    const start = this.group.pick === "first" ? 0 : Math.floor(this.addressDraw() * length);
    // A client that cannot connect to one address tries the next one in its answer (docs/aws-behaviour.md#clients-honour-the-ttl-and-retry-another-address).
    for (let i = 0; i < length; i++) {
      const node = this.dnsInts[base + ((start + i) % length)];
      if (this.nodes[node].reachable) return node;
    }
    return -1;
  }

  /**
   * Adds each node's connections open now to `into` (by node index), as ActiveConnectionCount
   * counts them, for the controller's active-connections dimension (capacity-units.ts).
   */
  countOpenByNode(now: number, into: number[]): void {
    this.open?.addByNode(now - this.settings.idleTimeout, this.reachable, into);
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
    const lookedUp = this.lookedUpAt;
    const version = this.lookedUpVersion;
    for (let c = 0; c < this.count; c++) {
      const at = c * this.dnsStride + this.dnsOffset;
      const length = this.dnsInts[2 * at + LENGTH];
      if (length === 0 || !lookedUp || Number.isNaN(lookedUp[c])) continue;
      answered++;
      ageSum += now - lookedUp[c];
      if (now >= this.dnsWords[at + EXPIRES]) expired++;
      if (version![c] < this.dns.version) stale++;
      const base = 2 * at + ANSWER;
      for (let i = 0; i < length; i++) holders[this.dnsInts[base + i]]++;
    }
    return { holders, answered, stale, expired, ageSum, keeps };
  }

  private lookUp(c: number, now: number): void {
    this.dnsLookups++;
    if (this.lookedUpAt) {
      this.lookedUpAt[c] = now;
      this.lookedUpVersion![c] = this.dns.version;
    }
    const at = c * this.dnsStride + this.dnsOffset;
    const base = 2 * at + ANSWER;
    let expires: number;
    if (this.resolvers) {
      this.dnsInts[2 * at + LENGTH] = this.resolvers.resolve(c % this.resolvers.count, now, this.dnsInts, base);
      expires = this.resolvers.expiresAt;
    } else {
      this.dnsInts[2 * at + LENGTH] = this.dns.answer(this.dnsInts, base);
      expires = now + this.dns.ttl;
    }
    const policy = this.group.dnsCache;
    // `ttl` honours the record's TTL (as handed out); a fixed duration ignores it (the JVM's 30 s
    // default); `forever` never asks again (a JVM with a security manager). See docs/design.md#client-dns-cache-policies.
    this.dnsWords[at + EXPIRES] = policy === "ttl" ? expires : policy === "forever" ? Infinity : now + policy;
  }
}

// A client's record (Clients.words, Clients.ints): the connection's part in 8-byte words from
// c · stride and 4-byte words from 2 · c · stride; the DNS part likewise from d = c · dnsStride +
// dnsOffset in dnsWords and dnsInts.
const LAST_USED = 0;
const NODE = 2;
const REQUESTS = 3;
const EXPIRES = 0;
const LENGTH = 2;
const ENTRY = 3;
const ANSWER = 4;

/** What a client group's DNS caches hold at a moment (`Clients.caches`). */
export interface DnsCaches {
  holders: Float64Array;
  answered: number;
  stale: number;
  expired: number;
  ageSum: number;
  keeps: number;
}
