// The run's result (docs/design.md#results) from what the load balancer measured.
import { costOf, type Prices } from "./cost";
import type {
  AutoScalingResult,
  CapacityResult,
  ClientResult,
  CostResult,
  LogEntry,
  RunResult,
  ScalingAction,
} from "./result";

/** What a run measured, as the load balancer holds it (metrics/ knows no model types). */
export interface Measured {
  scenario: { name: string; seed: number; duration: number; pricing: Prices | null };
  zones: readonly string[];
  nodes: readonly {
    id: string;
    zone: number;
    requests: number;
    launchedAt: number;
    inDnsAt: number | null;
    retiredAt: number | null;
  }[];
  targets: { ids: readonly string[]; zone: ArrayLike<number> };
  meters: {
    ok: number;
    spillover: number;
    elb5xx: number;
    target5xx: number;
    total: number;
    byStatus: ReadonlyMap<string, number>;
    latency: { mean: number; quantile(q: number): number };
    zoneRequests: Float64Array;
    targetRequests: Float64Array;
    targetAnswered: Float64Array;
    targetLatencySum: Float64Array;
    processedBytes: number;
    crossZoneBytes: number;
    /** The LCU meter's totals, when sized in capacity units. */
    capacity: {
      type: string;
      totals: { lcuHours: number; billedLcuHours: number; byDimension: number[]; peak: number };
    } | null;
  };
  /** Per client group, what its clients saw of their own requests (null: the group has no such behaviour). */
  clientRequests: readonly (ClientSource | null)[];
  /** Auto Scaling groups' totals (none: no `autoScaling` section). */
  autoScalingGroups?: readonly { totals: AutoScalingResult }[];
}

/** A client group's own counts (sim/model/client-requests.ts). */
export interface ClientSource {
  group: { name: string };
  requests: number;
  succeeded: number;
  succeededAfterRetry: number;
  failed: number;
  attemptCount: number;
  timeouts: number;
  connectTimeouts: number | null;
  rateLimited: number | null;
  circuitOpen: number;
  retries: ReadonlyMap<string, number>;
  latency: { count: number; mean: number; quantile(q: number): number };
}

export interface SummaryInput {
  lb: Measured;
  variant: string | null;
  events: number;
  log: LogEntry[];
  scaling: ScalingAction[];
}

/** The result without its digest and wall time (run.ts adds those). */
export function summarize({ lb, variant, events, log, scaling }: SummaryInput): RunResult {
  const m = lb.meters;
  const share = (x: number, total: number) => (total > 0 ? x / total : 0);
  const byStatus: Record<string, number> = {};
  for (const key of [...m.byStatus.keys()].sort()) byStatus[key] = m.byStatus.get(key)!;
  const zoneTotal = sum(m.zoneRequests);
  const nodeTotal = lb.nodes.reduce((a, n) => a + n.requests, 0);
  const targetTotal = sum(m.targetRequests);
  return {
    scenario: lb.scenario.name,
    variant,
    seed: lb.scenario.seed,
    digest: "",
    simulatedSeconds: lb.scenario.duration,
    events,
    wallSeconds: 0,
    requests: {
      total: m.total,
      ok: m.ok,
      spillover: m.spillover,
      elb5xx: m.elb5xx,
      target5xx: m.target5xx,
      byStatus,
    },
    latency: {
      mean: m.latency.mean,
      p50: m.latency.quantile(0.5),
      p90: m.latency.quantile(0.9),
      p99: m.latency.quantile(0.99),
    },
    zones: lb.zones.map((zone, z) => ({
      zone,
      requests: m.zoneRequests[z],
      share: share(m.zoneRequests[z], zoneTotal),
    })),
    nodes: lb.nodes.map((n) => ({
      id: n.id,
      zone: lb.zones[n.zone],
      requests: n.requests,
      share: share(n.requests, nodeTotal),
      launchedAt: n.launchedAt,
      inDnsAt: n.inDnsAt,
      retiredAt: n.retiredAt,
    })),
    targets: lb.targets.ids.map((id, t) => ({
      id,
      zone: lb.zones[lb.targets.zone[t]],
      requests: m.targetRequests[t],
      share: share(m.targetRequests[t], targetTotal),
      latencyMean: m.targetAnswered[t] > 0 ? m.targetLatencySum[t] / m.targetAnswered[t] : 0,
    })),
    scaling,
    ...clientResults(lb.clientRequests),
    ...capacityAndCost(lb),
    ...(lb.autoScalingGroups?.length
      ? {
          autoScaling: lb.autoScalingGroups.map((g) => ({
            ...g.totals,
            targets: [...g.totals.targets],
            initialTargets: [...g.totals.initialTargets],
          })),
        }
      : {}),
    log,
  };
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** The `clients` section, present only when some group's clients handle their own requests. */
function clientResults(sources: readonly (ClientSource | null)[]): { clients?: ClientResult[] } {
  const present = sources.filter((s): s is ClientSource => s !== null);
  if (present.length === 0) return {};
  return {
    clients: present.map((s) => {
      const retries: Record<string, number> = {};
      for (const key of [...s.retries.keys()].sort()) retries[key] = s.retries.get(key)!;
      const q = (p: number) => (s.latency.count > 0 ? s.latency.quantile(p) : 0);
      return {
        name: s.group.name,
        requests: s.requests,
        succeeded: s.succeeded,
        succeededAfterRetry: s.succeededAfterRetry,
        failed: s.failed,
        attempts: s.attemptCount,
        amplification: s.requests > 0 ? s.attemptCount / s.requests : 0,
        retries,
        timeouts: s.timeouts,
        ...(s.connectTimeouts !== null && { connectTimeouts: s.connectTimeouts }),
        ...(s.rateLimited !== null && { rateLimited: s.rateLimited }),
        circuitOpen: s.circuitOpen,
        latency: { mean: s.latency.count > 0 ? s.latency.mean : 0, p50: q(0.5), p90: q(0.9), p99: q(0.99) },
      };
    }),
  };
}

/** Dimension names in the LCU meter's order (sim/model/capacity-units.ts DIMENSIONS). */
const DIMENSION_NAMES = ["new-connections", "active-connections", "processed-bytes", "rule-evaluations"];

/** The `capacity` and `cost` sections, each present only when the scenario uses it. */
function capacityAndCost(lb: Measured): { capacity?: CapacityResult; cost?: CostResult } {
  const units = lb.meters.capacity;
  const out: { capacity?: CapacityResult; cost?: CostResult } = {};
  if (units) {
    const { totals } = units;
    const byDimension: Record<string, number> = {};
    const count = units.type === "application" ? 4 : 3;
    for (let k = 0; k < count; k++) byDimension[DIMENSION_NAMES[k]] = totals.byDimension[k];
    out.capacity = {
      peakLcus: totals.peak,
      lcuHours: totals.lcuHours,
      billedLcuHours: totals.billedLcuHours,
      byDimension,
    };
  }
  const prices = lb.scenario.pricing;
  if (prices)
    out.cost = costOf({
      prices,
      seconds: lb.scenario.duration,
      billedLcuHours: units ? units.totals.billedLcuHours : null,
      processedBytes: lb.meters.processedBytes,
      crossZoneBytes: lb.meters.crossZoneBytes,
    });
  return out;
}
