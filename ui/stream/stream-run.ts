// Runs a scenario bucket by bucket and streams what each bucket measured, so the page can draw a
// run while it goes on. DOM-free: the worker calls it, and so can a test in Node.
import { Run } from "../../sim/run";
import type { RunResult } from "../../sim/metrics/result";
import type { Scenario } from "../../sim/scenario/defaults";
import { ERROR_KINDS, type LbNode } from "../../sim/model/lb-node";
import { Histogram } from "../../sim/metrics/histogram";
import type { WhatIfSetting } from "./what-if-settings";
import { HealthView, TARGET_STATES, type TargetState, classifyTarget } from "../../sim/model/target-state";
import {
  NODE_STATES,
  NO_NODE,
  NO_ZONE,
  type BucketState,
  type Chunk,
  type DnsSample,
  type PooledLatency,
  type RunMeta,
  type RunSink,
} from "./protocol";

export interface StreamOptions {
  variant: string | null;
  /** Wall clock in milliseconds (performance.now in a worker). */
  clock: () => number;
  /** Wall time to simulate before sending a chunk: long enough to amortise the message. */
  chunkMilliseconds?: number;
  /** Sample what the clients' DNS caches hold (a scan of every client, so now and then). */
  dnsCaches?: boolean;
  /** The what-if controls' settings (the worker reads them from the file as written). */
  whatIf?: WhatIfSetting[];
}

export async function streamRun(scenario: Scenario, sink: RunSink, options: StreamOptions): Promise<RunResult> {
  const { clock, chunkMilliseconds = 80 } = options;
  const started = clock();
  const run = new Run(scenario, { variant: options.variant, clock: () => clock() / 1000 });
  const meta = describe(run, options.variant, options.whatIf ?? []);
  await sink.meta(meta);

  const { metricsInterval: interval, duration } = scenario;
  const states: BucketState[] = [];
  let sentBuckets = 0;
  let sentSeries = 0;
  let sentLog = 0;
  let sentNodes = 0;

  const flush = async () => {
    const all = run.recorder.timeseries().series;
    const buckets = run.recorder.buckets;
    // A series that appeared since the last chunk (a new node) is sent whole, zeros included.
    const series = all.map((s, k) => {
      const from = k < sentSeries ? sentBuckets : 0;
      return {
        metric: s.metric,
        dimension: s.dimension,
        from,
        values: Float64Array.from(s.values.slice(from, buckets)),
      };
    });
    const chunk: Chunk = {
      from: sentBuckets,
      series,
      nodes: run.lb.nodes.slice(sentNodes).map((n) => ({ id: n.id, zone: n.zone, launchedAt: n.launchedAt })),
      // Only closed buckets: a snapshot past the recorder's last bucket is never sent.
      states: states.splice(0, buckets - sentBuckets),
      log: run.log.slice(sentLog),
      latency: pooled.take(),
      dns: dnsSamples.splice(0),
      now: run.now,
      events: run.sim.processed,
      wallSeconds: (clock() - started) / 1000,
    };
    sentBuckets = buckets;
    sentSeries = all.length;
    sentLog = run.log.length;
    sentNodes = run.lb.nodes.length;
    // The page acknowledges each chunk; one may be in flight while the next is simulated, so a
    // busy page slows the run only when it falls a whole chunk behind.
    const ack = Promise.resolve(sink.chunk(chunk));
    await inFlight;
    inFlight = ack;
  };
  let inFlight: Promise<void> = Promise.resolve();

  let chunkStart = clock();
  const sent = sentPerZone(run);
  const errors = errorsPerZone(run);
  const drains = drainClock(run);
  const pooled = new LatencyBins(meta.latencyBin);
  const dns = options.dnsCaches ? cacheSampler(run, meta.totalBuckets) : null;
  const dnsSamples: DnsSample[] = [];
  const close = () => {
    pooled.add(run.recorder.buckets, run.lb.meters.openBucketLatency);
    states.push(snapshot(run, sent(), errors(), drains()));
    const sample = dns?.(run.recorder.buckets);
    if (sample) dnsSamples.push(sample);
  };
  while (!run.done) {
    // One bucket at a time: every event before the bucket's end, the snapshot, then the tick that
    // closes the bucket (with any event at exactly its end, which belongs to the next bucket), so
    // what the snapshot counts is what the recorder's bucket counts.
    const end = Math.min((run.recorder.buckets + 1) * interval, duration);
    run.advance(justBefore(end));
    close();
    run.advance(end);
    if (clock() - chunkStart >= chunkMilliseconds) {
      await flush();
      chunkStart = clock();
    }
  }
  const { result } = run.finish();
  while (sentBuckets + states.length < run.recorder.buckets) states.push(snapshot(run, sent(), errors(), drains()));
  await flush();
  await inFlight;
  return result;
}

/** The largest number below x > 0: a horizon that runs every event before x and none at x. */
function justBefore(x: number): number {
  const bits = new BigInt64Array(Float64Array.of(x).buffer);
  bits[0]--;
  return new Float64Array(bits.buffer)[0];
}

/**
 * A counter of what each node sent to each zone's targets since it was last called: triples
 * (node, zone, requests), non-zero ones only (BucketState.sent).
 */
function sentPerZone(run: Run): () => Uint32Array {
  const zoneOf = run.lb.targets.zone;
  const perZone = new Float64Array(run.lb.zones.length);
  const before: Float64Array[] = [];
  return () => {
    const out: number[] = [];
    run.lb.nodes.forEach((node, i) => {
      before[i] ??= new Float64Array(node.sent.length);
      const last = before[i];
      perZone.fill(0);
      for (let t = 0; t < node.sent.length; t++) perZone[zoneOf[t]] += node.sent[t] - last[t];
      last.set(node.sent);
      perZone.forEach((count, z) => {
        if (count > 0) out.push(i, z, count);
      });
    });
    return Uint32Array.from(out);
  };
}

/**
 * A counter of the errors each node answered since it was last called, by the zone of the target
 * they were for, and of connection errors at nodes and before any (BucketState.errors).
 */
function errorsPerZone(run: Run): () => Uint32Array {
  const zoneOf = run.lb.targets.zone;
  const slots = run.lb.targets.count + 1;
  const zones = run.lb.zones.length;
  const count = new Float64Array((zones + 1) * ERROR_KINDS.length);
  const before: Float64Array[] = [];
  const countBefore: number[] = [];
  const brokenBefore: number[] = [];
  let allBefore = 0;
  return () => {
    const out: number[] = [];
    let atNodes = 0;
    run.lb.nodes.forEach((node, i) => {
      before[i] ??= new Float64Array(node.errors.length);
      const last = before[i];
      atNodes += node.connectionErrors;
      const broken = node.connectionErrors - (brokenBefore[i] ?? 0);
      brokenBefore[i] = node.connectionErrors;
      // A node that answered no error since the last bucket costs one comparison, not a scan of its targets.
      if (node.errorCount === (countBefore[i] ?? 0)) {
        if (broken > 0) out.push(i, NO_ZONE, ERROR_KINDS.length, broken);
        return;
      }
      countBefore[i] = node.errorCount;
      count.fill(0);
      for (let k = 0; k < ERROR_KINDS.length; k++)
        for (let t = 0; t < slots; t++) {
          const d = node.errors[k * slots + t] - last[k * slots + t];
          if (d > 0) count[(t === slots - 1 ? zones : zoneOf[t]) * ERROR_KINDS.length + k] += d;
        }
      last.set(node.errors);
      count.forEach((n, j) => {
        if (n > 0) {
          const zone = Math.floor(j / ERROR_KINDS.length);
          out.push(i, zone === zones ? NO_ZONE : zone, j % ERROR_KINDS.length, n);
        }
      });
      if (broken > 0) out.push(i, NO_ZONE, ERROR_KINDS.length, broken);
    });
    // The rest of the connection errors: clients that found no node to connect to.
    const all = run.lb.meters.connectionErrors - atNodes;
    if (all > allBefore) out.push(NO_NODE, NO_ZONE, ERROR_KINDS.length, all - allBefore);
    allBefore = all;
    return Uint32Array.from(out);
  };
}

/** Scenarios with more clients than this get no cache samples: each is a scan of every client. */
const MAX_SAMPLED_CLIENTS = 300_000;
/** Samples of the DNS caches over a run, at most. */
const DNS_SAMPLES = 120;

/** Samples what each client group's caches hold every few buckets (null: too many clients). */
function cacheSampler(run: Run, totalBuckets: number): ((bucket: number) => DnsSample | null) | null {
  const { clients } = run.lb;
  if (clients.reduce((n, g) => n + g.count, 0) > MAX_SAMPLED_CLIENTS) return null;
  for (const g of clients) g.watchCaches();
  const every = Math.max(1, Math.ceil(totalBuckets / DNS_SAMPLES));
  return (bucket) => {
    if (bucket % every !== 0 && bucket !== totalBuckets - 1) return null;
    return {
      bucket,
      groups: clients.map((g) => {
        const c = g.caches(run.now, run.lb.nodes.length);
        return {
          name: g.name,
          clients: g.count,
          holders: c.holders,
          answered: c.answered,
          stale: c.stale,
          expired: c.expired,
          meanAge: c.answered > 0 ? c.ageSum / c.answered : Number.NaN,
          keeps: c.keeps,
        };
      }),
    };
  };
}

/** Per target, seconds left of its deregistration delay (from its deregister entry in the log). */
function drainClock(run: Run): () => Float32Array {
  const { targets } = run.lb;
  const deadline = new Float64Array(targets.count).fill(Number.NaN);
  return () => {
    const left = new Float32Array(targets.count).fill(Number.NaN);
    for (let t = 0; t < targets.count; t++) {
      if (!targets.draining[t]) {
        deadline[t] = Number.NaN;
        continue;
      }
      if (Number.isNaN(deadline[t])) {
        const id = targets.ids[t];
        let at = run.now;
        for (let i = run.log.length - 1; i >= 0; i--)
          if (run.log[i].type === "deregister" && run.log[i].target === id) {
            at = run.log[i].at;
            break;
          }
        deadline[t] = at + run.lb.settings.deregistrationDelay;
      }
      left[t] = Math.max(0, deadline[t] - run.now);
    }
    return left;
  };
}

/**
 * Client latency pooled per plotted bin of `size` buckets: each bucket's latencies merge into its
 * bin's histogram, so a bin's p99 is the p99 of every request answered in it.
 */
class LatencyBins {
  private readonly bins: { p50: number; p90: number; p99: number; answered: number }[] = [];
  private readonly open = new Histogram();
  private openBin = 0;
  private sent = 0;

  constructor(private readonly size: number) {}

  /** Bucket `bucket`'s latencies, before the bucket closes. */
  add(bucket: number, latencies: Histogram): void {
    const bin = Math.floor(bucket / this.size);
    if (bin !== this.openBin) {
      this.open.reset();
      this.openBin = bin;
    }
    this.open.merge(latencies);
    const q = (p: number) => (this.open.count > 0 ? this.open.quantile(p) : Number.NaN);
    this.bins[bin] = { p50: q(0.5), p90: q(0.9), p99: q(0.99), answered: this.open.count };
  }

  /** The bins since the last call, the last (still open) one again. */
  take(): PooledLatency {
    const from = Math.max(0, Math.min(this.sent, this.bins.length - 1));
    const part = this.bins.slice(from);
    this.sent = this.bins.length;
    return {
      from,
      p50: Float64Array.from(part, (b) => b.p50),
      p90: Float64Array.from(part, (b) => b.p90),
      p99: Float64Array.from(part, (b) => b.p99),
      answered: Float64Array.from(part, (b) => b.answered),
    };
  }
}

function describe(run: Run, variant: string | null, whatIf: WhatIfSetting[]): RunMeta {
  const { scenario, lb } = run;
  return {
    scenario: scenario.name,
    title: scenario.title,
    variant,
    seed: scenario.seed,
    zones: [...scenario.zones],
    interval: scenario.metricsInterval,
    duration: scenario.duration,
    totalBuckets: Math.ceil(scenario.duration / scenario.metricsInterval - 1e-9),
    targets: lb.targets.ids.map((id, t) => ({ id, zone: lb.targets.zone[t], concurrency: lb.targets.concurrency[t] })),
    clients: scenario.clients.map((c) => ({ name: c.name, count: c.count })),
    offeredPeak: scenario.clients.reduce((sum, c) => sum + Math.max(0, ...c.rate.map((p) => p.rps)), 0),
    nodeCapacity: lb.settings.node.capacity,
    surgeQueue: lb.settings.node.surgeQueue,
    latencyBin: Math.max(1, Math.ceil(Math.ceil(scenario.duration / scenario.metricsInterval - 1e-9) / LATENCY_POINTS)),
    loadBalancerType: lb.settings.type,
    observed: scenario.observed,
    ...(scenario.autoScalingGroups?.length
      ? {
          autoScaling: scenario.autoScalingGroups.map((g) => ({
            targets: g.slotIds,
            initialTargets: g.initialSlots.map((k) => g.slotIds[k]),
          })),
        }
      : {}),
    whatIf,
  };
}

const NODE_CODE = Object.fromEntries(NODE_STATES.map((s, i) => [s, i])) as Record<string, number>;
const TARGET_CODE = Object.fromEntries(TARGET_STATES.map((s, i) => [s, i])) as Record<TargetState, number>;

/** Plotted points of the latency chart (ui/panels/charts.ts draws one per bin). */
const LATENCY_POINTS = 180;

function snapshot(run: Run, sent: Uint32Array, errors: Uint32Array, drainLeft: Float32Array): BucketState {
  const { nodes, targets, settings } = run.lb;
  const reachable = nodes.filter((n: LbNode) => n.reachable);
  const nodeCodes = Uint8Array.from(nodes, (n) => NODE_CODE[n.state] ?? 0);
  const views = new Uint16Array(targets.count);
  const codes = new Uint8Array(targets.count);
  for (let t = 0; t < targets.count; t++) {
    let unhealthy = 0;
    let initial = 0;
    for (const n of reachable) {
      if (n.healthy[t] === HealthView.unhealthy) unhealthy++;
      else if (n.healthy[t] === HealthView.initial) initial++;
    }
    views[t] = unhealthy;
    const state = classifyTarget({
      registered: targets.registered[t] === 1,
      draining: targets.draining[t] === 1,
      failed: targets.failed[t] === 1,
      unhealthyViews: unhealthy,
      initialViews: initial,
      views: reachable.length,
    });
    codes[t] = TARGET_CODE[state];
  }
  const groups = run.lb.autoScalingGroups;
  let instances: Uint8Array | undefined;
  if (groups.length > 0) {
    instances = new Uint8Array(targets.count);
    for (const g of groups)
      for (let t = g.first; t < g.first + g.settings.slots; t++) instances[t] = g.instanceState(t);
  }
  return {
    nodes: nodeCodes,
    capacityUnits: Uint16Array.from(nodes, (n) => n.capacityUnits),
    targets: codes,
    unhealthyViews: views,
    reachable: reachable.length,
    crossZone: settings.crossZone,
    sent,
    ...(instances ? { instances } : {}),
    errors,
    busy: Uint16Array.from(targets.busy),
    backlog: Uint32Array.from(targets.backlog, (b) => b.length),
    drainLeft,
  };
}
