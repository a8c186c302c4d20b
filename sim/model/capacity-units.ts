// Capacity units (docs/design.md#capacity-units): application and network load balancers are sized
// and billed in load balancer capacity units, one LCU being so much of each dimension
// (docs/aws-behaviour.md#lcu-dimensions). A node's load is its largest dimension: the node's time
// per request is the largest of the request's shares of its dimensions, the controller scales on
// the largest, and ConsumedLCUs is the largest per bucket.
import type { Recorder } from "../metrics/recorder";
import type { CapacityUnitSettings } from "../scenario/defaults";

/** How much of each dimension one LCU (network: NLCU) is (docs/aws-behaviour.md#lcu-dimensions). */
export interface LcuUnits {
  /** New connections (flows) per second. */
  newConnections: number;
  /** Active connections (flows). */
  activeConnections: number;
  /** Processed bytes per hour. */
  bytesPerHour: number;
  /** Rule evaluations per second (application only; Infinity: not a dimension). */
  ruleEvaluations: number;
}

const GB = 1e9;
/** Application: 25 new connections/s, 3,000 active connections, 1 GB an hour, 1,000 rule evaluations/s. */
export const APPLICATION_LCU: LcuUnits = {
  newConnections: 25,
  activeConnections: 3000,
  bytesPerHour: GB,
  ruleEvaluations: 1000,
};
/** Network, TCP: 800 new flows/s, 100,000 active flows, 1 GB an hour. */
export const NETWORK_TCP_LCU: LcuUnits = {
  newConnections: 800,
  activeConnections: 100_000,
  bytesPerHour: GB,
  ruleEvaluations: Infinity,
};
/** Network, TLS listener: 50 new connections/s, 3,000 active connections, 1 GB an hour. */
export const NETWORK_TLS_LCU: LcuUnits = {
  newConnections: 50,
  activeConnections: 3000,
  bytesPerHour: GB,
  ruleEvaluations: Infinity,
};
/** "Rule evaluations = request rate × (rules processed − 10 free rules)" (docs/aws-behaviour.md#lcu-dimensions). */
export const FREE_RULES = 10;

export const DIMENSIONS = ["new-connections", "active-connections", "processed-bytes", "rule-evaluations"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export function lcuUnits(type: string, tls: boolean): LcuUnits {
  if (type === "network") return tls ? NETWORK_TLS_LCU : NETWORK_TCP_LCU;
  return APPLICATION_LCU;
}

/** LCUs of each dimension for counts over `seconds` and the active connections at its end. */
export function lcusOf(
  units: LcuUnits,
  counts: { newConnections: number; bytes: number; ruleEvaluations: number },
  active: number,
  seconds: number,
): number[] {
  return [
    counts.newConnections / seconds / units.newConnections,
    active / units.activeConnections,
    ((counts.bytes / seconds) * 3600) / units.bytesPerHour,
    counts.ruleEvaluations / seconds / units.ruleEvaluations,
  ];
}

interface Counts {
  newConnections: number;
  bytes: number;
  ruleEvaluations: number;
}
const zero = (): Counts => ({ newConnections: 0, bytes: 0, ruleEvaluations: 0 });

/** The run's LCU totals, for the result and the cost (LCU-hours). */
export interface CapacityTotals {
  /** LCU-hours at the largest dimension per bucket: what AWS bills. */
  lcuHours: number;
  /** LCU-hours billed: per bucket the larger of the consumed and the reserved. */
  billedLcuHours: number;
  /** LCU-hours of each dimension (DIMENSIONS order). */
  byDimension: number[];
  peak: number;
}

/**
 * The LCU meter and cost model of one load balancer. Per node it counts new connections, bytes
 * and rule evaluations (the controller reads them per zone); per bucket it records ConsumedLCUs
 * (lb and by dimension, `lcu=<dimension>`), PeakLCUs (the largest 1-second window) and, with a
 * reservation, ReservedLCUs.
 */
export class CapacityUnits {
  readonly units: LcuUnits;
  /** Seconds of node time a new connection costs per LCU of node capacity (0: none). */
  private readonly connectionSeconds: number;
  /** Rule evaluations per request beyond the free ones. */
  private readonly evaluations: number;
  readonly nodeCounts: Counts[] = [];
  private bucket = zero();
  private window = zero();
  private windowStart = 0;
  private bucketPeak = 0;
  /** The bucket's LCUs by dimension, the largest, the peak, set as it closes. */
  private closed = [0, 0, 0, 0];
  private consumed = 0;
  private peak = 0;
  /** A new connection was opened for the request about to reach its node. */
  private pendingOpen = false;
  /** The reservation in effect (LCUs for the whole load balancer), set by the controller. */
  reserved = 0;
  readonly totals: CapacityTotals = { lcuHours: 0, billedLcuHours: 0, byDimension: [0, 0, 0, 0], peak: 0 };

  constructor(
    readonly settings: CapacityUnitSettings,
    readonly type: string,
    private readonly interval: number,
    recorder: Recorder,
  ) {
    this.units = lcuUnits(type, settings.tls);
    // A TLS handshake is what a new connection costs an application node; a network node
    // handles every new flow (docs/design.md#capacity-units).
    this.connectionSeconds = type === "network" || settings.tls ? 1 / this.units.newConnections : 0;
    this.evaluations = type === "application" ? Math.max(0, settings.rules - FREE_RULES) : 0;
    const d = "lb";
    recorder.gauge("ConsumedLCUs", d, () => this.consumed);
    recorder.gauge("PeakLCUs", d, () => this.peak);
    const dimensions = type === "application" ? DIMENSIONS : DIMENSIONS.slice(0, 3);
    dimensions.forEach((name, k) => {
      recorder.gauge("ConsumedLCUs", `lcu=${name}`, () => this.closed[k]);
    });
    if (settings.reservation) recorder.gauge("ReservedLCUs", d, () => this.reserved);
  }

  /** The node a new connection was opened to (called just before its request reaches it). */
  opened(node: number, now: number): void {
    this.roll(now);
    this.pendingOpen = true;
    this.countsOf(node).newConnections++;
    this.bucket.newConnections++;
    this.window.newConnections++;
  }

  /**
   * A request of `bytes` (with its response) reaches node `node` with `units` capacity units: counts its bytes and rule
   * evaluations, and returns the node time it takes, the largest of its shares of the node's
   * dimensions and of `1 / requestCapacity` (the node's request rate, Infinity: none).
   */
  request(node: number, bytes: number, now: number, nodeUnits: number, requestCapacity: number): number {
    this.roll(now);
    const counts = this.countsOf(node);
    counts.bytes += bytes;
    counts.ruleEvaluations += this.evaluations;
    this.bucket.bytes += bytes;
    this.bucket.ruleEvaluations += this.evaluations;
    this.window.bytes += bytes;
    this.window.ruleEvaluations += this.evaluations;
    const lcus = this.settings.perNode * nodeUnits;
    let seconds = 1 / requestCapacity;
    if (this.pendingOpen) seconds = Math.max(seconds, this.connectionSeconds / lcus);
    this.pendingOpen = false;
    seconds = Math.max(seconds, (bytes * 3600) / this.units.bytesPerHour / lcus);
    return Math.max(seconds, this.evaluations / this.units.ruleEvaluations / lcus);
  }

  /** The bucket ends, with `active` connections open. */
  closeBucket(now: number, active: number): void {
    this.roll(now, true);
    this.closed = lcusOf(this.units, this.bucket, active, this.interval);
    this.consumed = Math.max(...this.closed);
    this.peak = Math.max(this.bucketPeak, this.closed[1]);
    const hours = this.interval / 3600;
    this.totals.lcuHours += this.consumed * hours;
    this.totals.billedLcuHours += Math.max(this.consumed, this.reserved) * hours;
    this.closed.forEach((v, k) => {
      this.totals.byDimension[k] += v * hours;
    });
    this.totals.peak = Math.max(this.totals.peak, this.peak);
    this.bucket = zero();
    this.bucketPeak = 0;
  }

  /**
   * LCUs the nodes `nodes` consumed since `since` (counts then), with `active` connections open:
   * the largest dimension, for the controller.
   */
  load(nodes: readonly number[], since: readonly Counts[], active: number, seconds: number): number {
    const counts = zero();
    for (const n of nodes) {
      const now = this.countsOf(n);
      const then = since[n] ?? zero();
      counts.newConnections += now.newConnections - then.newConnections;
      counts.bytes += now.bytes - then.bytes;
      counts.ruleEvaluations += now.ruleEvaluations - then.ruleEvaluations;
    }
    return Math.max(...lcusOf(this.units, counts, active, seconds));
  }

  /** A copy of every node's counts, for the next `load`. */
  snapshot(): Counts[] {
    return this.nodeCounts.map((c) => ({ ...c }));
  }

  private countsOf(node: number): Counts {
    while (this.nodeCounts.length <= node) this.nodeCounts.push(zero());
    return this.nodeCounts[node];
  }

  /** Closes the 1-second window when `now` is past it (or `force`), for PeakLCUs. */
  private roll(now: number, force = false): void {
    if (!force && now < this.windowStart + 1) return;
    const lcus = Math.max(...lcusOf(this.units, this.window, 0, 1));
    this.bucketPeak = Math.max(this.bucketPeak, lcus);
    this.window = zero();
    this.windowStart = Math.floor(now);
  }
}
