// Runs a scenario bucket by bucket and streams what each bucket measured, so the page can draw a
// run while it goes on. DOM-free: the worker calls it, and so can a test in Node.
import { Run } from "../../sim/run";
import type { RunResult } from "../../sim/metrics/result";
import type { Scenario } from "../../sim/scenario/defaults";
import type { LbNode } from "../../sim/model/lb-node";
import { HealthView, TARGET_STATES, type TargetState, classifyTarget } from "../../sim/model/target-state";
import { NODE_STATES, type BucketState, type Chunk, type RunMeta, type RunSink } from "./protocol";

export interface StreamOptions {
  variant: string | null;
  /** Wall clock in milliseconds (performance.now in a worker). */
  clock: () => number;
  /** Wall time to simulate before sending a chunk: long enough to amortise the message. */
  chunkMilliseconds?: number;
}

export async function streamRun(scenario: Scenario, sink: RunSink, options: StreamOptions): Promise<RunResult> {
  const { clock, chunkMilliseconds = 80 } = options;
  const started = clock();
  const run = new Run(scenario, { variant: options.variant, clock: () => clock() / 1000 });
  await sink.meta(describe(run, options.variant));

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
  while (!run.done) {
    // One bucket at a time: every event before the bucket's end, the snapshot, then the tick that
    // closes the bucket (with any event at exactly its end, which belongs to the next bucket), so
    // what the snapshot counts is what the recorder's bucket counts.
    const end = Math.min((run.recorder.buckets + 1) * interval, duration);
    run.advance(justBefore(end));
    states.push(snapshot(run, sent()));
    run.advance(end);
    if (clock() - chunkStart >= chunkMilliseconds) {
      await flush();
      chunkStart = clock();
    }
  }
  const { result } = run.finish();
  while (sentBuckets + states.length < run.recorder.buckets) states.push(snapshot(run, sent()));
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

function describe(run: Run, variant: string | null): RunMeta {
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
    targets: lb.targets.ids.map((id, t) => ({ id, zone: lb.targets.zone[t] })),
    clients: scenario.clients.map((c) => ({ name: c.name, count: c.count })),
    offeredPeak: scenario.clients.reduce((sum, c) => sum + Math.max(0, ...c.rate.map((p) => p.rps)), 0),
    nodeCapacity: lb.settings.node.capacity,
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
  };
}

const NODE_CODE = Object.fromEntries(NODE_STATES.map((s, i) => [s, i])) as Record<string, number>;
const TARGET_CODE = Object.fromEntries(TARGET_STATES.map((s, i) => [s, i])) as Record<TargetState, number>;

function snapshot(run: Run, sent: Uint32Array): BucketState {
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
  };
}
