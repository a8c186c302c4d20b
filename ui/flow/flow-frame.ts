// What the flow diagram shows for one bucket: requests per second from clients through DNS to each
// node, from each node to each zone's targets (as the model counted them, BucketState.sent), and at
// each target; node utilisation and states.
import { TARGET_STATES, type TargetState } from "../../sim/model/target-state";
import { FLOW_ERRORS, INSTANCE_STATES, NODE_STATES, NO_NODE, NO_ZONE, type NodeStateName } from "../stream/protocol";
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
  /** The surge queue's largest length in the bucket, and what it holds at most. */
  surgeQueue: number;
  surgeLimit: number;
}

export interface FlowTarget {
  id: string;
  zone: number;
  state: TargetState;
  rps: number;
  /** Reachable nodes that see the target unhealthy, out of `reachable`. */
  unhealthyViews: number;
  /** An Auto Scaling group's instance launching or terminating in this slot (absent otherwise). */
  instance?: "launching" | "terminating";
  /** Busy workers over its concurrency as the bucket closed, and requests waiting in its backlog. */
  utilization: number;
  backlog: number;
  /** Draining: seconds left of its deregistration delay, and requests still in flight (NaN and 0 otherwise). */
  drainLeft: number;
  inFlight: number;
}

/** Errors per second in the bucket where they happened: at a node (or before any), for a zone's targets or none. */
export interface FlowError {
  node: string | null;
  fromZone: number | null;
  toZone: number | null;
  kind: (typeof FLOW_ERRORS)[number];
  rps: number;
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
  errors: FlowError[];
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
      utilization: Number.isFinite(meta.nodeCapacity)
        ? Math.min(1, rps / (meta.nodeCapacity * (state?.capacityUnits[i] ?? 1)))
        : NaN,
      surgeQueue: data.at("SurgeQueueLength", `node=${n.id}`, bucket),
      surgeLimit: meta.surgeQueue,
    };
  });
  const targets: FlowTarget[] = meta.targets.map((t, i) => {
    const instance = INSTANCE_STATES[state?.instances?.[i] ?? 0];
    return {
      id: t.id,
      zone: t.zone,
      state: TARGET_STATES[state?.targets[i] ?? 0],
      rps: data.at("RequestCount", `target=${t.id}`, bucket) * per,
      unhealthyViews: state?.unhealthyViews[i] ?? 0,
      utilization: t.concurrency > 0 ? (state?.busy[i] ?? 0) / t.concurrency : 0,
      backlog: state?.backlog[i] ?? 0,
      drainLeft: state?.drainLeft[i] ?? Number.NaN,
      inFlight: (state?.busy[i] ?? 0) + (state?.backlog[i] ?? 0),
      ...(instance === "launching" || instance === "terminating" ? { instance } : {}),
    };
  });
  const zoneRps = meta.zones.map((_, z) => targets.reduce((sum, t) => (t.zone === z ? sum + t.rps : sum), 0));
  const links: FlowLink[] = [];
  const sent = state?.sent ?? new Uint32Array(0);
  for (let k = 0; k + 2 < sent.length; k += 3) {
    const node = nodes[sent[k]];
    links.push({ node: node.id, fromZone: node.zone, toZone: sent[k + 1], rps: sent[k + 2] * per });
  }
  const errors: FlowError[] = [];
  const failed = state?.errors ?? new Uint32Array(0);
  for (let k = 0; k + 3 < failed.length; k += 4) {
    const node = failed[k] === NO_NODE ? null : nodes[failed[k]];
    errors.push({
      node: node?.id ?? null,
      fromZone: node?.zone ?? null,
      toZone: failed[k + 1] === NO_ZONE ? null : failed[k + 1],
      kind: FLOW_ERRORS[failed[k + 2]],
      rps: failed[k + 3] * per,
    });
  }
  return {
    bucket,
    time: data.time(bucket),
    totalRps: data.at("RequestCount", "lb", bucket) * per,
    nodes,
    links,
    errors,
    targets,
    zoneRps,
    reachable: state?.reachable ?? 0,
    crossZone: state?.crossZone ?? false,
  };
}
