// What the flow diagram shows for one bucket: requests per second from clients through DNS to each
// node, from each node to each zone's targets, and at each target; node utilisation and states.
//
// The series count requests per node and per target, not per (node, target) pair, so the
// node → zone links are estimated: each zone's targets received what the nodes that can reach
// them passed on (its own zone's nodes when cross-zone load balancing is off, every node when it
// is on), shared among those nodes as they took requests in and did not spill them. The legend
// says so.
import { NODE_STATES, TARGET_STATES, type NodeStateName, type TargetStateName } from "../stream/protocol";
import type { RunData } from "../stream/run-data";

export interface FlowNode {
  id: string;
  zone: number;
  state: NodeStateName;
  /** Requests per second the node received, and the 503s it answered because its surge queue was full. */
  rps: number;
  spillRps: number;
  /** Received rate over capacity, at most 1; NaN for unlimited capacity. */
  utilization: number;
  surgeQueue: number;
}

export interface FlowTarget {
  id: string;
  zone: number;
  state: TargetStateName;
  rps: number;
  /** Reachable nodes that see the target unhealthy, out of `reachable`. */
  unhealthyViews: number;
}

export interface FlowLink {
  node: string;
  fromZone: number;
  toZone: number;
  rps: number;
}

export interface FlowFrame {
  bucket: number;
  time: number;
  totalRps: number;
  nodes: FlowNode[];
  links: FlowLink[];
  targets: FlowTarget[];
  /** Requests per second that reached each zone's targets. */
  zoneRps: number[];
  reachable: number;
  crossZone: boolean;
}

export function flowFrame(data: RunData, bucket: number): FlowFrame {
  const { meta } = data;
  const per = 1 / meta.interval;
  const state = data.states[bucket];
  const nodes: FlowNode[] = data.nodes.map((n, i) => {
    const rps = data.at("RequestCount", `node=${n.id}`, bucket) * per;
    return {
      id: n.id,
      zone: n.zone,
      state: NODE_STATES[state?.nodes[i] ?? 0],
      rps,
      spillRps: data.at("SpilloverCount", `node=${n.id}`, bucket) * per,
      utilization: Number.isFinite(meta.nodeCapacity) ? Math.min(1, rps / meta.nodeCapacity) : NaN,
      surgeQueue: data.at("SurgeQueueLength", `node=${n.id}`, bucket),
    };
  });
  const targets: FlowTarget[] = meta.targets.map((t, i) => ({
    id: t.id,
    zone: t.zone,
    state: TARGET_STATES[state?.targets[i] ?? 0],
    rps: data.at("RequestCount", `target=${t.id}`, bucket) * per,
    unhealthyViews: state?.unhealthyViews[i] ?? 0,
  }));
  const zoneRps = meta.zones.map((_, z) => targets.reduce((sum, t) => (t.zone === z ? sum + t.rps : sum), 0));
  const crossZone = state?.crossZone ?? false;
  const links = estimateLinks(nodes, zoneRps, crossZone);
  return {
    bucket,
    time: data.time(bucket),
    totalRps: data.at("RequestCount", "lb", bucket) * per,
    nodes,
    links,
    targets,
    zoneRps,
    reachable: state?.reachable ?? 0,
    crossZone,
  };
}

/**
 * Node → zone rates (see the file's comment): what each zone's targets received, split among the
 * nodes that can reach that zone in proportion to what each node took in and did not spill.
 */
export function estimateLinks(nodes: readonly FlowNode[], zoneRps: readonly number[], crossZone: boolean): FlowLink[] {
  const passed = (n: FlowNode) => Math.max(0, n.rps - n.spillRps);
  const links: FlowLink[] = [];
  zoneRps.forEach((received, z) => {
    if (received <= 0) return;
    const senders = nodes.filter((n) => passed(n) > 0 && (crossZone || n.zone === z));
    const sent = senders.reduce((a, n) => a + passed(n), 0);
    for (const n of senders) links.push({ node: n.id, fromZone: n.zone, toZone: z, rps: (received * passed(n)) / sent });
  });
  return links;
}
