// A load balancer node: one address in DNS, in one zone, with its own capacity, surge queue,
// routing state and view of every target's health (docs/design.md#load-balancer-nodes).
import { Fifo } from "./fifo";
import type { OutstandingTree } from "./outstanding-tree";
import { HealthView } from "./target-state";
import type { Targets } from "./target";

export type NodeState = "provisioning" | "in-service" | "retiring" | "retired" | "failed";

/** What became of a request offered to a node's capacity (`LbNode.admit`). */
export const Admit = {
  /** The node was idle: the request goes on to routing now. */
  passed: 0,
  /** The node is busy: the request waits in the surge queue for the node's capacity. */
  queued: 1,
  /** The surge queue is full: the request spills over (503). */
  spilled: 2,
} as const;
export type Admit = (typeof Admit)[keyof typeof Admit];

/** The statuses a node answers itself, in the order of `LbNode.errors`. */
export const ERROR_KINDS = [502, 503, 504] as const;

/**
 * One node's own state. A node's capacity is a throughput limit: an idle node passes a request at
 * once and is then busy for 1/capacity; requests that come while it is busy wait, FIFO, and leave
 * one every 1/capacity. (Modelling choice, docs/design.md#node-capacity-is-a-throughput-limit: AWS documents no per-node
 * latency, and this way an unsaturated node costs no event per request.) What waits for that
 * capacity or for a target with room is its surge queue (`SurgeQueueLength`), bounded by
 * `surgeQueue` (docs/aws-behaviour.md#surge-queue-and-spillover).
 */
export class LbNode {
  state: NodeState = "provisioning";
  /** Requests waiting for the node's capacity. */
  readonly capacityQueue = new Fifo();
  /** Requests routed by the node but waiting for a target with room. */
  readonly roomQueue = new Fifo();
  /** When the node's capacity is free for the next request. */
  freeAt = 0;
  /** Whether a release event is pending to let the next waiting request through. */
  releasePending = false;
  /** The node's own count of outstanding requests per target (nodes do not share counts). */
  readonly outstanding: Int32Array;
  /** Requests the node has sent to each target since the start (for the flow view). */
  readonly sent: Float64Array;
  /**
   * Errors the node answered itself, for the dashboard's flow (never recorded as a metric): per
   * kind (ERROR_KINDS: 502, 503, 504) and target, the last slot of each kind for none (a full surge
   * queue, no target to route to); and client connections that broke at the node.
   */
  readonly errors: Float64Array;
  /** The sum of `errors`, so a reader can skip a node that answered none since it last looked. */
  errorCount = 0;
  connectionErrors = 0;
  /** The node's own view of each target's health (`HealthView`; health checks are per node). */
  readonly healthy: Uint8Array;
  /** Targets this node may route to now, recomputed when `candidatesStale`. */
  candidates: Int32Array;
  /** 1 for each target that is among the candidates. */
  readonly isCandidate: Uint8Array;
  candidateCount = 0;
  candidatesStale = true;
  /** The candidates by `outstanding`, for least outstanding requests (refreshCandidates builds it). */
  byOutstanding: OutstandingTree | null = null;
  /** Round-robin position among the candidates. */
  cursor = 0;
  /**
   * How many times the configured capacity the node has: 1, except behind a network load
   * balancer's static address, where the controller grows capacity instead of adding nodes.
   */
  capacityUnits = 1;
  /** Seconds of capacity used, for utilisation. */
  busySeconds = 0;
  requests = 0;
  launchedAt: number;
  inDnsAt: number | null = null;
  retiredAt: number | null = null;

  constructor(
    readonly index: number,
    readonly id: string,
    readonly zone: number,
    targetCount: number,
    launchedAt: number,
  ) {
    this.outstanding = new Int32Array(targetCount);
    this.sent = new Float64Array(targetCount);
    this.errors = new Float64Array(ERROR_KINDS.length * (targetCount + 1));
    this.healthy = new Uint8Array(targetCount).fill(HealthView.healthy);
    this.candidates = new Int32Array(targetCount);
    this.isCandidate = new Uint8Array(targetCount);
    this.launchedAt = launchedAt;
  }

  /** Counts an error the node answered with `status` for target t (-1: none). */
  answeredError(status: number, t: number): void {
    const kind = ERROR_KINDS.indexOf(status as (typeof ERROR_KINDS)[number]);
    if (kind < 0) return;
    const slots = this.sent.length + 1;
    this.errors[kind * slots + (t < 0 ? slots - 1 : t)]++;
    this.errorCount++;
  }

  get surgeQueueLength(): number {
    return this.capacityQueue.length + this.roomQueue.length;
  }

  /**
   * Whether its address answers. A retiring node has left DNS but still exists, so clients that
   * cached its address keep reaching it until it is retired (the stale-DNS outage stories).
   */
  get reachable(): boolean {
    return this.state === "in-service" || this.state === "retiring";
  }

  /** Whether the surge queue has room for one more request. */
  surgeRoom(surgeQueue: number): boolean {
    return this.surgeQueueLength < surgeQueue;
  }

  /**
   * Offers request r to the node's capacity at `now`; it takes `seconds` of the node's time
   * (1/capacity, or in capacity units its largest dimension: capacity-units.ts). When it is
   * `queued` and no release is pending, the caller schedules one at `releaseAt(now)`.
   */
  admit(r: number, now: number, seconds: number, surgeQueue: number): Admit {
    if (seconds === 0) return Admit.passed;
    if (this.capacityQueue.length === 0 && now >= this.freeAt) {
      this.use(now, seconds);
      return Admit.passed;
    }
    if (!this.surgeRoom(surgeQueue)) return Admit.spilled;
    this.capacityQueue.push(r);
    return Admit.queued;
  }

  /** When the pending release should come: when the capacity is next free (not in the past). */
  releaseAt(now: number): number {
    return Math.max(this.freeAt, now);
  }

  /**
   * The node's capacity lets the next waiting request through: returns it, or -1 when the queue
   * was dropped meanwhile (the node failed). `seconds(r)` is the node time it takes.
   * `releasePending` says whether another release is due.
   */
  release(now: number, seconds: (r: number) => number): number {
    this.releasePending = false;
    const r = this.capacityQueue.shift();
    if (r < 0) return -1;
    this.use(now, seconds(r));
    this.releasePending = this.capacityQueue.length > 0;
    return r;
  }

  private use(now: number, seconds: number): void {
    this.freeAt = now + seconds;
    this.busySeconds += seconds;
  }

  /**
   * A new node starts from what its peers know of the targets (the zone's first reachable node,
   * else any reachable node), else every registered target healthy and the rest `initial`.
   */
  learnFrom(nodes: readonly LbNode[], targets: Targets): void {
    const peer = nodes.find((n) => n.zone === this.zone && n.reachable) ?? nodes.find((n) => n.reachable);
    if (peer) this.healthy.set(peer.healthy);
    else
      for (let t = 0; t < targets.count; t++)
        this.healthy[t] = targets.registered[t] ? HealthView.healthy : HealthView.initial;
  }
}
