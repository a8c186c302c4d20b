import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { healthData } from "../../reports/charts/from-run";
import { healthSegments } from "../../reports/charts/health-swimlanes";
import { TARGET_STATES } from "../../sim/model/target-state";
import { runScenario } from "../../sim/run";
import { loadScenario } from "../../sim/scenario/load";
import type { Chunk, RunMeta } from "./protocol";
import { streamRun } from "./stream-run";

const text = readFileSync(new URL("../../scenarios/cross-zone.yaml", import.meta.url), "utf8");

function load(variant: string | null) {
  const loaded = loadScenario(text, { variant });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.scenario;
}

describe("streamRun", () => {
  it("streams chunks that add up to the same series and digest as runScenario", async () => {
    let tick = 0;
    const chunks: Chunk[] = [];
    let meta: RunMeta | undefined;
    // A clock that moves 10 ms per reading, so chunks are cut often.
    const result = await streamRun(
      load("cross-zone-off"),
      {
        meta: (m) => {
          meta = m;
        },
        chunk: (c) => {
          chunks.push(c);
        },
      },
      {
        variant: "cross-zone-off",
        clock: () => (tick += 10),
        chunkMilliseconds: 50,
      },
    );
    const expected = runScenario(load("cross-zone-off"), { variant: "cross-zone-off" });
    expect(result.digest).toBe(expected.result.digest);
    expect(chunks.length).toBeGreaterThan(3);
    expect(meta?.totalBuckets).toBe(expected.timeseries.buckets);

    const series = new Map<string, number[]>();
    let buckets = 0;
    for (const chunk of chunks) {
      expect(chunk.from).toBe(buckets);
      buckets += chunk.states.length;
      for (const s of chunk.series) {
        const values = series.get(`${s.metric} ${s.dimension}`) ?? [];
        values.splice(s.from, values.length - s.from, ...s.values);
        series.set(`${s.metric} ${s.dimension}`, values);
      }
    }
    expect(buckets).toBe(expected.timeseries.buckets);
    for (const s of expected.timeseries.series) expect(series.get(`${s.metric} ${s.dimension}`)).toEqual(s.values);
    expect(chunks.flatMap((c) => c.log)).toEqual(expected.result.log);
  });

  it("records each target's state and each node as each bucket closes", async () => {
    const chunks: Chunk[] = [];
    await streamRun(
      load(null),
      { meta: () => {}, chunk: (c) => void chunks.push(c) },
      { variant: null, clock: () => 0 },
    );
    const states = chunks.flatMap((c) => c.states);
    expect(chunks.flatMap((c) => c.nodes).map((n) => n.id)).toEqual(["a-n1", "b-n1"]);
    expect([...states[0].nodes]).toEqual([2, 2]);
    expect([...states[0].targets]).toEqual(new Array(10).fill(0));
    expect(states.every((s) => s.crossZone)).toBe(true);
  });

  it("counts what each node sent to each zone in the bucket the recorder counts it", async () => {
    const chunks: Chunk[] = [];
    await streamRun(
      load("cross-zone-off"),
      { meta: () => {}, chunk: (c) => void chunks.push(c) },
      { variant: "cross-zone-off", clock: () => 0 },
    );
    const { timeseries } = runScenario(load("cross-zone-off"), { variant: "cross-zone-off" });
    const nodes = chunks.flatMap((c) => c.nodes);
    const zones = ["a", "b"];
    const states = chunks.flatMap((c) => c.states);
    for (const [z, zone] of zones.entries()) {
      const recorded = timeseries.series.find(
        (s) => s.metric === "RequestCount" && s.dimension === `zone=${zone}`,
      )!.values;
      const sent = states.map((s) => {
        let sum = 0;
        for (let k = 0; k < s.sent.length; k += 3) if (s.sent[k + 1] === z) sum += s.sent[k + 2];
        return sum;
      });
      expect(sent).toEqual(recorded);
    }
    // Cross-zone load balancing off: no node sends outside its zone.
    for (const s of states)
      for (let k = 0; k < s.sent.length; k += 3) expect(s.sent[k + 1]).toBe(nodes[s.sent[k]].zone);
  });

  it("classifies each target as the report's health swimlanes do, bucket by bucket", async () => {
    // Between them: draining and registration, a zone outage, targets failing some nodes' checks and every node's.
    const seen = new Set<string>();
    for (const name of ["rolling-deploy", "az-outage", "health-check-cascade"]) {
      const loaded = loadScenario(readFileSync(new URL(`../../scenarios/${name}.yaml`, import.meta.url), "utf8"));
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
      const chunks: Chunk[] = [];
      const result = await streamRun(
        loaded.scenario,
        { meta: () => {}, chunk: (c) => void chunks.push(c) },
        { variant: null, clock: () => 0 },
      );
      const segments = healthSegments(healthData(result));
      const interval = loaded.scenario.metricsInterval;
      const states = chunks.flatMap((c) => c.states);
      result.targets.forEach((target, i) => {
        const lane = segments.filter((s) => s.target === target.id);
        const streamed = states.map((s) => [TARGET_STATES[s.targets[i]], s.unhealthyViews[i]]);
        // A bucket's state is the one just before it closes.
        const drawn = states.map((_, k) => {
          const end = (k + 1) * interval;
          const segment = lane.find((s) => s.start < end && end <= s.end)!;
          return [segment.state, segment.unhealthyViews];
        });
        expect(streamed, `${name} ${target.id}`).toEqual(drawn);
        for (const [state] of streamed) seen.add(String(state));
      });
    }
    expect([...seen].sort()).toEqual([...TARGET_STATES].sort());
  });
});

/** Streams a bundled scenario with chunks cut often; returns its meta, chunks and result. */
async function streamBundled(name: string, variant: string | null = null, dnsCaches = false) {
  const loaded = loadScenario(readFileSync(new URL(`../../scenarios/${name}.yaml`, import.meta.url), "utf8"), {
    variant,
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  let tick = 0;
  const chunks: Chunk[] = [];
  let meta: RunMeta | undefined;
  const result = await streamRun(
    loaded.scenario,
    {
      meta: (m) => {
        meta = m;
      },
      chunk: (c) => {
        chunks.push(c);
      },
    },
    { variant, clock: () => (tick += 10), chunkMilliseconds: 50, dnsCaches },
  );
  return { meta: meta!, chunks, result };
}

describe("streamRun's errors and pooled latency", () => {
  it("places every error the load balancer answered: per bucket they add up to its 502, 503, 504 and connection errors", async () => {
    const { chunks, result } = await streamBundled("az-outage");
    const states = chunks.flatMap((c) => c.states);
    const perKind = [0, 0, 0, 0];
    let intoZoneA = 0;
    for (const s of states)
      for (let k = 0; k + 3 < s.errors.length; k += 4) {
        perKind[s.errors[k + 2]] += s.errors[k + 3];
        if (s.errors[k + 1] === 0) intoZoneA += s.errors[k + 3];
      }
    const status = (key: string) => result.requests.byStatus[key] ?? 0;
    expect(perKind).toEqual([status("502"), status("503"), status("504"), status("connection_error")]);
    // Zone a's targets are dead: the 502s are for them.
    expect(intoZoneA).toBe(status("502"));
    expect(intoZoneA).toBeGreaterThan(1000);
  });

  it("pools latency per plotted bin: the bins count every answered request once", async () => {
    const { meta, chunks, result } = await streamBundled("flash-crowd");
    const answered: number[] = [];
    for (const c of chunks) answered.splice(c.latency.from, answered.length - c.latency.from, ...c.latency.answered);
    expect(answered.length).toBe(Math.ceil(meta.totalBuckets / meta.latencyBin));
    expect(answered.reduce((a, b) => a + b, 0)).toBe(result.requests.ok + result.requests.target5xx);
  });
});

describe("streamRun's DNS cache samples", () => {
  it("show forever caches stuck on the first nodes, and TTL caches that follow DNS", async () => {
    const forever = await streamBundled("jvm-dns-cache", "forever", true);
    const ttl = await streamBundled("jvm-dns-cache", "ttl", true);
    const last = (run: typeof forever) => run.chunks.flatMap((c) => c.dns).at(-1)!.groups[0];
    // Without asking, nothing is sampled, and the digest is the same either way.
    const plain = await streamBundled("jvm-dns-cache", "forever", false);
    expect(plain.chunks.flatMap((c) => c.dns)).toEqual([]);
    expect(plain.result.digest).toBe(forever.result.digest);

    const f = last(forever);
    // The scale-outs published new record sets; forever clients never looked again.
    expect(f.stale).toBe(f.answered);
    expect([...f.holders].slice(3).every((n) => n === 0)).toBe(true);
    expect(f.keeps).toBe(Infinity);
    const t = last(ttl);
    // A forever answer never expires; a TTL answer does after 60 s, and is kept until its client
    // next opens a connection (keep-alive connections live on), so some are past it.
    expect(f.expired).toBe(0);
    expect(t.keeps).toBe(60);
    expect(t.expired).toBeGreaterThan(0);
    expect(t.expired).toBeLessThan(t.answered);
    expect([...t.holders].slice(3).reduce((a, b) => a + b, 0)).toBeGreaterThan(t.answered);
    expect(t.stale / t.answered).toBeLessThan(0.9);
  });
});
