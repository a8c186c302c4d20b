// What crosses from the worker to the page while a run goes on: plain data and typed arrays only.
import type { LogEntry, RunResult, TimeSeries } from "../../sim/metrics/result";
import type { WhatIfSetting } from "./what-if-settings";

/** What the page needs to lay out a run before its first bucket arrives. */
export interface RunMeta {
  scenario: string;
  title: string;
  variant: string | null;
  seed: number;
  zones: string[];
  /** Seconds per metric bucket, and how many buckets the whole run has. */
  interval: number;
  duration: number;
  totalBuckets: number;
  targets: { id: string; zone: number; concurrency: number }[];
  clients: { name: string; count: number }[];
  /** The clients' highest offered rate, requests per second (the sum of each group's peak). */
  offeredPeak: number;
  /** A node's capacity in requests per second (Infinity when unlimited). */
  nodeCapacity: number;
  /** The most requests a node's surge queue holds. */
  surgeQueue: number;
  /** Buckets per bin of the pooled latency percentiles (`Chunk.latency`). */
  latencyBin: number;
  loadBalancerType: string;
  /** The settings the what-if controls vary, with this run's values (what-if-settings.ts). */
  whatIf: WhatIfSetting[];
  /** What was observed, for a scenario made from real data (docs/design.md#simulated-against-observed). */
  observed: (TimeSeries & { trace: string }) | null;
  /** With Auto Scaling groups only: each group's target slots, and those running from the start. */
  autoScaling?: { targets: string[]; initialTargets: string[] }[];
}

/** A node as it was launched; its state per bucket comes in `BucketState.nodes`. */
export interface NodeInfo {
  id: string;
  zone: number;
  launchedAt: number;
}

/** Node states per bucket (`BucketState.nodes`): 0 means not launched yet. */
export const NODE_STATES = ["absent", "provisioning", "in-service", "retiring", "retired", "failed"] as const;
export type NodeStateName = (typeof NODE_STATES)[number];

/** The load balancer as it stood when a bucket closed. */
export interface BucketState {
  /** One code per node launched so far (index into NODE_STATES). */
  nodes: Uint8Array;
  /** Per node: its capacity in units of `nodeCapacity` (more than 1 behind a network load balancer's static address). */
  capacityUnits: Uint16Array;
  /** One code per target: an index into TARGET_STATES (sim/model/target-state.ts), its one vocabulary. */
  targets: Uint8Array;
  /** Per target: how many reachable nodes see it unhealthy, out of `reachable`. */
  unhealthyViews: Uint16Array;
  reachable: number;
  crossZone: boolean;
  /**
   * What each node sent to each zone's targets during the bucket, counted by the model as it
   * dispatched (`LbNode.sent`): triples (node index, target zone, requests), non-zero ones only.
   */
  sent: Uint32Array;
  /**
   * With Auto Scaling groups only: per target, its instance's state (index into INSTANCE_STATES;
   * 0 for a scenario's own targets and free slots).
   */
  instances?: Uint8Array;
  /**
   * Errors during the bucket, where they happened: quadruples (node index, target zone or
   * NO_ZONE, kind, count), kind an index into FLOW_ERRORS; non-zero ones only. Connection errors
   * of clients that reached no node have node NO_NODE.
   */
  errors: Uint32Array;
  /** Per target: busy workers, and requests waiting in its backlog. */
  busy: Uint16Array;
  backlog: Uint32Array;
  /** Per target: seconds left of its deregistration delay (NaN when not draining). */
  drainLeft: Float32Array;
}

/** What `BucketState.errors` counts: the node's own 502, 503, 504, and broken client connections. */
export const FLOW_ERRORS = ["502", "503", "504", "connection error"] as const;
export const NO_ZONE = 255;
export const NO_NODE = 65535;

/**
 * Client latency pooled over plotted bins of `RunMeta.latencyBin` buckets (not the largest of
 * each bucket's percentiles): bins [from, from + p50.length), the last one possibly still open.
 */
export interface PooledLatency {
  from: number;
  p50: Float64Array;
  p90: Float64Array;
  p99: Float64Array;
  /** Requests answered by targets in the bin, whose latencies these are. */
  answered: Float64Array;
}

/** An Auto Scaling group's instance in a target slot (`BucketState.instances`). */
export const INSTANCE_STATES = ["none", "launching", "in-service", "terminating"] as const;

/** Buckets [from, from + states.length): values of every series, log entries since the last chunk. */
export interface Chunk {
  from: number;
  series: { metric: string; dimension: string; from: number; values: Float64Array }[];
  nodes: NodeInfo[];
  states: BucketState[];
  log: LogEntry[];
  latency: PooledLatency;
  /** What the clients' DNS caches held, sampled now and then (RunRequest.dnsCaches). */
  dns: DnsSample[];
  /** Simulated seconds reached, events processed and wall seconds spent so far. */
  now: number;
  events: number;
  wallSeconds: number;
}

/** The callbacks a run streams into (a comlink proxy on the page). */
export interface RunSink {
  meta(meta: RunMeta): void | Promise<void>;
  chunk(chunk: Chunk): void | Promise<void>;
}

export interface RunRequest {
  /** The scenario file's text (YAML or JSON). */
  text: string;
  variant: string | null;
  seed?: number;
  /** --set-style overrides ("PATH=VALUE"), applied after the variant: a what-if run. */
  overrides?: string[];
  /** Ask for samples of what the clients' DNS caches hold (Chunk.dns). */
  dnsCaches?: boolean;
  /** Trace files the scenario may name, by name. */
  files: Record<string, string>;
}

export type RunOutcome = { ok: true; result: RunResult } | { ok: false; errors: { path: string; message: string }[] };

/** What each client group's DNS caches held as bucket `bucket` closed. */
export interface DnsSample {
  bucket: number;
  groups: {
    name: string;
    clients: number;
    /** Per node (launch order): clients whose cached answer lists it. */
    holders: Float64Array;
    /** Clients holding an answer; of them, those from an older record set than DNS publishes now. */
    answered: number;
    stale: number;
    /** Answers past their expiry, kept until the client next opens a connection and looks again. */
    expired: number;
    /** Mean seconds since those answers were looked up, and how long the group keeps one (Infinity: forever). */
    meanAge: number;
    keeps: number;
  }[];
}
