// What the load balancer measures: CloudWatch's metrics where one exists
// (docs/aws-behaviour.md#cloudwatch-metrics) and the run's totals. Slots are looked up once; the
// request path only adds to flat arrays.
import { Histogram } from "../metrics/histogram";
import type { Recorder } from "../metrics/recorder";
import type { CapacityUnitSettings } from "../scenario/defaults";
import { CapacityUnits } from "./capacity-units";
import type { Clients } from "./client";
import type { Dns } from "./dns";
import type { LbNode } from "./lb-node";
import type { Requests } from "./requests";
import type { RequestSizes } from "./request-sizes";
import type { Targets } from "./target";
import { HealthView } from "./target-state";

/** What the meters read from the load balancer. */
export interface MeteredFleet {
  readonly settings: {
    readonly type: string;
    readonly capacityUnits: CapacityUnitSettings | null;
    readonly interZoneLatency: number;
  };
  readonly scenario: { readonly metricsInterval: number };
  readonly now: number;
  readonly zones: readonly string[];
  readonly nodes: readonly LbNode[];
  readonly targets: Targets;
  readonly requests: Requests;
  readonly dns: Dns;
  /** The client groups (created after the meters, read only when a bucket closes). */
  readonly clients: readonly Clients[];
  /** Each client group's request and response sizes, or null. */
  readonly groupBytes: readonly ({ request: number; response: number } | null)[];
  /** Each request's size and its response's. */
  readonly sizes: RequestSizes;
  /** Each client group's zone index, or -1 (outside every zone). */
  readonly groupZones: readonly number[];
}

/** Status key for a request that could not connect to any address (no HTTP status). */
export const CONNECTION_ERROR = "connection_error";

interface NodeSlots {
  requests: number;
  surge: number;
  spillover: number;
}

export class Meters {
  // Totals over the run.
  ok = 0;
  spillover = 0;
  elb5xx = 0;
  target5xx = 0;
  connectionErrors = 0;
  readonly byStatus = new Map<string, number>();
  /** Client latency of every request a target answered (2xx and target 5xx). */
  readonly latency = new Histogram();
  readonly targetRequests: Float64Array;
  /** Per target: client latency summed over the requests it answered, and how many it answered. */
  readonly targetLatencySum: Float64Array;
  readonly targetAnswered: Float64Array;
  /** Per target: target response time summed over the requests it answered (an Auto Scaling metric reads it). */
  readonly targetResponseTimeSum: Float64Array;
  /** Per target: requests routed to it, answered or refused (ALBRequestCountPerTarget counts both). */
  readonly targetRouted: Float64Array;
  readonly zoneRequests: Float64Array;
  /** Bytes the load balancer carried (as ProcessedBytes: requests sent, responses answered), for the cost. */
  processedBytes = 0;
  /**
   * Bytes of answered requests and their responses that crossed zones: between a client group with
   * a zone and the node it reached, and between node and target (docs/aws-behaviour.md#pricing).
   */
  crossZoneBytes = 0;
  /** The LCU meter and node-time model, when the load balancer is sized in capacity units. */
  readonly capacity: CapacityUnits | null;

  private readonly bucketLatency = new Histogram();
  private readonly nodeSlots: NodeSlots[] = [];
  private totalSurge = 0;
  private readonly lb: {
    requests: number;
    elb5xx: number;
    elb502: number;
    elb503: number;
    elb504: number;
    target2xx: number;
    target5xx: number;
    spillover: number;
    surge: number;
    targetResponseTime: number;
    clientLatency: number;
    newConnections: number;
    connectionErrors: number;
  };
  private readonly targetSlots: { requests: number; responseTime: number }[];
  private readonly zoneSlots: number[];
  private newConnectionsSeen = 0;
  /** Whether errors are layer-4 resets (network) rather than HTTP statuses. */
  private readonly layer4: boolean;
  private readonly clientResetSlot: number;
  /** ProcessedBytes, when some client group gives its request and response sizes (-1: none does). */
  private readonly bytesSlot: number;
  private readonly groupBytes: readonly ({ request: number; response: number } | null)[];
  /** For hostCount: reachable nodes, then healthy and unhealthy targets per zone, summed over their views, for bucket `hostCountsBucket`. */
  private hostCounts = new Float64Array(0);
  private hostCountsBucket = -1;

  constructor(
    private readonly recorder: Recorder,
    private readonly lbRef: MeteredFleet,
  ) {
    const r = recorder;
    const d = "lb";
    // A network load balancer works at layer 4: it returns no HTTP status, and counts its errors as
    // resets it sends (ELB) or gets from a target, and flows rather than connections
    // (docs/aws-behaviour.md#metric-names).
    this.layer4 = lbRef.settings.type === "network";
    const elbReset = this.layer4 ? r.sum("TCP_ELB_Reset_Count", d) : -1;
    const targetReset = this.layer4 ? r.sum("TCP_Target_Reset_Count", d) : -1;
    this.clientResetSlot = this.layer4 ? r.sum("TCP_Client_Reset_Count", d) : -1;
    this.groupBytes = lbRef.groupBytes;
    this.bytesSlot = this.groupBytes.some((b) => b !== null) ? r.sum("ProcessedBytes", d) : -1;
    this.lb = {
      requests: r.sum("RequestCount", d),
      elb5xx: this.layer4 ? -1 : r.sum("HTTPCode_ELB_5XX_Count", d),
      elb502: this.layer4 ? targetReset : r.sum("HTTPCode_ELB_502_Count", d),
      elb503: this.layer4 ? elbReset : r.sum("HTTPCode_ELB_503_Count", d),
      elb504: this.layer4 ? elbReset : r.sum("HTTPCode_ELB_504_Count", d),
      target2xx: r.sum("HTTPCode_Target_2XX_Count", d),
      target5xx: r.sum("HTTPCode_Target_5XX_Count", d),
      spillover: r.sum("SpilloverCount", d),
      surge: r.max("SurgeQueueLength", d),
      targetResponseTime: r.mean("TargetResponseTime", d),
      clientLatency: r.mean("ClientLatency", d),
      newConnections: r.sum(this.layer4 ? "NewFlowCount" : "NewConnectionCount", d),
      connectionErrors: r.sum("ConnectionErrorCount", d),
    };
    // Latencies go into the bucket's histogram only, merged into the run's as the bucket closes:
    // one record per response on the hot path. Gauges close in the order they were made, so
    // p50 and p90 read the bucket before p99's gauge merges and resets it.
    const bucketQuantile = (q: number) => (this.bucketLatency.count > 0 ? this.bucketLatency.quantile(q) : NaN);
    r.gauge("ClientLatencyP50", d, () => bucketQuantile(0.5));
    r.gauge("ClientLatencyP90", d, () => bucketQuantile(0.9));
    r.gauge("ClientLatencyP99", d, () => {
      const p99 = bucketQuantile(0.99);
      this.latency.merge(this.bucketLatency);
      this.bucketLatency.reset();
      return p99;
    });
    r.gauge("NodeCount", d, () => lbRef.nodes.filter((n) => n.reachable).length);
    // Client connections open as the bucket ends (CloudWatch sums them over the period,
    // docs/aws-behaviour.md#cloudwatch-metrics).
    r.gauge(this.layer4 ? "ActiveFlowCount" : "ActiveConnectionCount", d, () => this.activeConnections());
    const targets = lbRef.targets;
    this.targetRequests = new Float64Array(targets.count);
    this.targetLatencySum = new Float64Array(targets.count);
    this.targetAnswered = new Float64Array(targets.count);
    this.targetResponseTimeSum = new Float64Array(targets.count);
    this.targetRouted = new Float64Array(targets.count);
    this.zoneRequests = new Float64Array(lbRef.zones.length);
    // Zone-dimension request counts are counted where the requests are served: at the targets.
    this.zoneSlots = lbRef.zones.map((z) => r.sum("RequestCount", `zone=${z}`));
    lbRef.zones.forEach((z, zi) => {
      r.gauge("NodeCount", `zone=${z}`, () => lbRef.nodes.filter((n) => n.zone === zi && n.reachable).length);
      r.gauge("HealthyHostCount", `zone=${z}`, () => this.hostCount(zi, true));
      r.gauge("UnHealthyHostCount", `zone=${z}`, () => this.hostCount(zi, false));
    });
    this.targetSlots = targets.ids.map((id) => ({
      requests: r.sum("RequestCount", `target=${id}`),
      responseTime: r.mean("TargetResponseTime", `target=${id}`),
    }));
    const units = lbRef.settings.capacityUnits;
    this.capacity = units ? new CapacityUnits(units, lbRef.settings.type, lbRef.scenario.metricsInterval, r) : null;
  }

  /** Client connections open now, over every group. */
  private activeConnections(): number {
    return this.lbRef.clients.reduce((a, g) => a + g.openConnections(this.lbRef.now), 0);
  }

  /** A client opened a new connection to node n (its request reaches the node next). */
  connectionOpened(n: number): void {
    this.capacity?.opened(n, this.lbRef.now);
  }

  addNode(node: LbNode): void {
    const r = this.recorder;
    const d = `node=${node.id}`;
    this.nodeSlots[node.index] = {
      requests: r.sum("RequestCount", d),
      surge: r.max("SurgeQueueLength", d),
      spillover: r.sum("SpilloverCount", d),
    };
    const dns = this.lbRef.dns;
    let queries = 0;
    let firsts = 0;
    // DnsShare: the fraction of the bucket's DNS answers that listed this node first.
    r.gauge("DnsShare", d, () => {
      const q = dns.queries - queries;
      const f = (dns.firstCounts[node.index] ?? 0) - firsts;
      queries = dns.queries;
      firsts = dns.firstCounts[node.index] ?? 0;
      return q > 0 ? f / q : 0;
    });
  }

  /**
   * Bytes the load balancer carried for request r of group g: the request (its sizes are drawn
   * as it is sent) or its response.
   */
  processed(g: number, part: "request" | "response", r: number): void {
    const sizes = this.lbRef.sizes;
    if (this.bytesSlot < 0 || !sizes.has(g)) return;
    if (part === "request") sizes.sent(g, r);
    const bytes = sizes.of(g, r, part);
    this.recorder.add(this.bytesSlot, bytes);
    this.processedBytes += bytes;
  }

  /** Request r's bytes and its response's. */
  bytesOf(r: number): number {
    const g = this.lbRef.requests.group[r];
    const sizes = this.lbRef.sizes;
    return sizes.of(g, r, "request") + sizes.of(g, r, "response");
  }

  received(node: LbNode): void {
    this.recorder.add(this.lb.requests, 1);
    this.recorder.add(this.nodeSlots[node.index].requests, 1);
  }

  /** A request joined a node's surge queue. */
  surge(node: LbNode): void {
    this.totalSurge++;
    this.recorder.observe(this.nodeSlots[node.index].surge, node.surgeQueueLength);
    this.recorder.observe(this.lb.surge, this.totalSurge);
  }

  /** A request left a node's surge queue. */
  unsurge(): void {
    this.totalSurge--;
  }

  /** A client gave up on its request and closed its connection: a network load balancer sees a reset. */
  clientGaveUp(): void {
    if (this.clientResetSlot >= 0) this.recorder.add(this.clientResetSlot, 1);
  }

  /** Latencies of the bucket not yet closed (read only: the dashboard pools them per plotted bin). */
  get openBucketLatency(): Histogram {
    return this.bucketLatency;
  }

  connectionError(): void {
    this.connectionErrors++;
    this.count(CONNECTION_ERROR);
    this.recorder.add(this.lb.connectionErrors, 1);
  }

  dispatched(t: number): void {
    const zone = this.lbRef.targets.zone[t];
    this.targetRequests[t]++;
    this.targetRouted[t]++;
    this.zoneRequests[zone]++;
    this.recorder.add(this.targetSlots[t].requests, 1);
    this.recorder.add(this.zoneSlots[zone], 1);
  }

  /** Target t refused a request routed to it (crashed, or its backlog full). */
  refused(t: number): void {
    this.targetRouted[t]++;
  }

  responded(r: number, t: number, status: number): void {
    const { requests, now } = this.lbRef;
    let latency = now - requests.sentAt[r];
    let responseTime = now - requests.dispatchedAt[r];
    const g = requests.group[r];
    const nodeZone = this.lbRef.nodes[requests.node[r]].zone;
    const targetZone = this.lbRef.targets.zone[t];
    if (this.bytesSlot >= 0) {
      // Each boundary the bytes cross is charged: "whether from clients to NLBs or from NLBs to targets".
      const crossings =
        (nodeZone !== targetZone ? 1 : 0) + (crossingDelay(1, this.lbRef.groupZones[g], nodeZone) > 0 ? 1 : 0);
      if (crossings > 0) this.crossZoneBytes += crossings * this.bytesOf(r);
    }
    const hop = this.lbRef.settings.interZoneLatency;
    if (hop > 0) {
      // Each zone boundary a request crosses adds a hop there and one back
      // (docs/aws-behaviour.md#inter-zone-latency); TargetResponseTime starts as the request
      // leaves the node, so it has the node-to-target hops only.
      const extra = crossingDelay(hop, nodeZone, targetZone);
      responseTime += extra;
      latency += extra + crossingDelay(hop, this.lbRef.groupZones[g], nodeZone);
    }
    this.bucketLatency.record(latency);
    this.targetLatencySum[t] += latency;
    this.targetAnswered[t]++;
    this.targetResponseTimeSum[t] += responseTime;
    this.recorder.sample(this.lb.clientLatency, latency);
    this.recorder.sample(this.lb.targetResponseTime, responseTime);
    this.recorder.sample(this.targetSlots[t].responseTime, responseTime);
    if (status < 500) {
      this.ok++;
      this.recorder.add(this.lb.target2xx, 1);
    } else {
      this.target5xx++;
      this.count(String(status));
      this.recorder.add(this.lb.target5xx, 1);
    }
  }

  /** The load balancer answered with an error itself (502, 503, 504). */
  rejected(node: LbNode, status: number, spillover: boolean): void {
    this.elb5xx++;
    this.count(this.layer4 ? layer4Status(status) : String(status));
    if (this.lb.elb5xx >= 0) this.recorder.add(this.lb.elb5xx, 1);
    const slot =
      status === 502 ? this.lb.elb502 : status === 503 ? this.lb.elb503 : status === 504 ? this.lb.elb504 : -1;
    if (slot >= 0) this.recorder.add(slot, 1);
    if (spillover) {
      this.spillover++;
      this.recorder.add(this.lb.spillover, 1);
      this.recorder.add(this.nodeSlots[node.index].spillover, 1);
    }
  }

  /** Called before each bucket closes, for counters kept elsewhere. */
  beforeClose(): void {
    this.capacity?.closeBucket(this.lbRef.now, this.capacity ? this.activeConnections() : 0);
    let connections = 0;
    for (const group of this.lbRef.clients) connections += group.newConnections;
    this.recorder.add(this.lb.newConnections, connections - this.newConnectionsSeen);
    this.newConnectionsSeen = connections;
  }

  /**
   * Registered targets in zone z that are healthy (or not), as the mean over the nodes' own views,
   * the way CloudWatch averages the nodes' reports (docs/aws-behaviour.md#cloudwatch-metrics).
   * One pass over nodes × targets counts every zone both ways when a bucket's first such gauge is
   * read; the other gauges of that bucket read the counts.
   */
  private hostCount(z: number, healthy: boolean): number {
    if (this.hostCountsBucket !== this.recorder.buckets) this.countHosts();
    const views = this.hostCounts[0];
    return views > 0 ? this.hostCounts[1 + 2 * z + (healthy ? 0 : 1)] / views : 0;
  }

  private countHosts(): void {
    const { nodes, targets, zones } = this.lbRef;
    if (this.hostCounts.length !== 1 + 2 * zones.length) this.hostCounts = new Float64Array(1 + 2 * zones.length);
    const counts = this.hostCounts;
    counts.fill(0);
    for (const node of nodes) {
      if (!node.reachable) continue;
      counts[0]++;
      for (let t = 0; t < targets.count; t++) {
        if (!targets.inService(t)) continue;
        counts[1 + 2 * targets.zone[t] + (node.healthy[t] === HealthView.healthy ? 0 : 1)]++;
      }
    }
    this.hostCountsBucket = this.recorder.buckets;
  }

  get total(): number {
    return this.ok + this.elb5xx + this.target5xx + this.connectionErrors;
  }

  private count(status: string): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }
}

/** The round-trip delay between zones `from` and `to` (-1: outside every zone, no crossing). */
export function crossingDelay(hop: number, from: number, to: number): number {
  return from >= 0 && from !== to ? 2 * hop : 0;
}

/**
 * What a network load balancer's client sees instead of the status the model uses inside: a target
 * that refuses or breaks the connection resets it (502 elsewhere); the load balancer resets it
 * itself when it cannot take or route the flow, or the flow outlives the idle timeout (503, 504).
 */
export function layer4Status(status: number): string {
  return status === 502 ? "tcp_target_reset" : "tcp_elb_reset";
}
