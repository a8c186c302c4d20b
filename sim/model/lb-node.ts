// A load balancer node: one address in DNS, in one zone (DESIGN.md §1, LB nodes).
import { Fifo } from "./fifo";

export type NodeState = "provisioning" | "in-service" | "retiring" | "retired" | "failed";

/**
 * One node's own state. A node serves `capacity` requests per second in FIFO order (a
 * deterministic server with service time 1/capacity); what waits for that capacity or for a
 * target with room is its surge queue (`SurgeQueueLength`), bounded by `surgeQueue`.
 */
export class LbNode {
  state: NodeState = "provisioning";
  /** Requests waiting for the node's capacity. */
  readonly capacityQueue = new Fifo();
  /** Requests routed by the node but waiting for a target with room. */
  readonly roomQueue = new Fifo();
  /** When the node's capacity is free for the next request. */
  freeAt = 0;
  /** Whether a node-done event is pending to let the next waiting request through. */
  draining = false;
  /** The node's own count of outstanding requests per target (nodes do not share counts). */
  readonly outstanding: Int32Array;
  /** Requests the node has sent to each target since the start (for the flow view). */
  readonly sent: Float64Array;
  /** The node's own view of each target's health (health checks are per node). */
  readonly healthy: Uint8Array;
  /** Targets this node may route to now, recomputed when `candidatesStale`. */
  candidates: Int32Array;
  /** 1 for each target that is among the candidates. */
  readonly isCandidate: Uint8Array;
  candidateCount = 0;
  candidatesStale = true;
  /** Round-robin position among the candidates. */
  cursor = 0;
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
    this.healthy = new Uint8Array(targetCount).fill(1);
    this.candidates = new Int32Array(targetCount);
    this.isCandidate = new Uint8Array(targetCount);
    this.launchedAt = launchedAt;
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
}
