// Synthetic traffic in the formats `elbsim import` reads (`npm run synthetic`): a made-up product
// launch, written as an Application Load Balancer access log (gzipped, as AWS writes them) and
// imported into the bundled replay, and the small test fixtures of cli/fixtures/ in every format. Nothing here is real: addresses come from
// the ranges reserved for documentation (RFC 5737) and private ranges, and every number from a
// seeded random stream, so the files come out the same on every run.
//
//   npm run synthetic    # writes the bundled log, its replay (scenarios/product-launch-replay.yaml) and the fixtures
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { importFiles, readImport } from "../cli/import";
import { RandomStreams, type Rng } from "../sim/engine/random";

/** A request as the load balancer saw it. */
export interface SyntheticRequest {
  /** Epoch seconds, to the millisecond. */
  arrival: number;
  client: string;
  port: number;
  /** `10.0.1.11:8080`, or null when the request reached no target. */
  target: string | null;
  /** Seconds in the target, its wait included; null when it never reached one. */
  targetTime: number | null;
  elbStatus: number;
  targetStatus: number | null;
  path: string;
  method: string;
  received: number;
  sent: number;
}

export interface Launch {
  /** Epoch seconds of the first request. */
  start: number;
  /** Seconds of traffic. */
  duration: number;
  /** Requests per second at t seconds from the start. */
  rate: (t: number) => number;
  /** Workers per target, and how many may wait for one before the target refuses (502). */
  workers: number;
  backlog: number;
  targets: string[];
  clients: number;
  seed: string;
}

const PATHS = [
  { path: "/", method: "GET", weight: 0.2, mean: 0.04, bytes: 18_000 },
  { path: "/static/app.js", method: "GET", weight: 0.25, mean: 0.006, bytes: 140_000 },
  { path: "/api/products", method: "GET", weight: 0.35, mean: 0.12, bytes: 6_500 },
  { path: "/api/cart", method: "POST", weight: 0.12, mean: 0.2, bytes: 900 },
  { path: "/api/checkout", method: "POST", weight: 0.08, mean: 0.5, bytes: 1_200 },
];

/** No launch here is faster than this: arrivals are thinned from it. */
const PEAK = 50;

/** Six targets in three subnets, one per zone. */
export const TARGETS = ["10.0.1.11", "10.0.1.12", "10.0.2.21", "10.0.2.22", "10.0.3.31", "10.0.3.32"].map(
  (ip) => `${ip}:8080`,
);

/** The launch: quiet, a surge 15 s long to thirteen times the traffic, a plateau, a fade. */
export const LAUNCH: Launch = {
  start: Date.UTC(2024, 2, 14, 16, 58, 0) / 1000,
  duration: 480,
  rate: (t) => {
    if (t < 90) return 3;
    if (t < 105) return 3 + ((t - 90) / 15) * 37;
    if (t < 300) return 40;
    return 40 - ((t - 300) / 180) * 32;
  },
  workers: 1,
  backlog: 5,
  targets: TARGETS,
  clients: 900,
  seed: "product-launch",
};

/** A small one for the tests: a minute at 5 requests per second, with a burst. */
export const SMALL: Launch = {
  start: Date.UTC(2024, 2, 1, 9, 0, 0) / 1000,
  duration: 60,
  rate: (t) => (t >= 30 && t < 40 ? 14 : 4),
  workers: 1,
  backlog: 2,
  targets: TARGETS.slice(0, 4),
  clients: 40,
  seed: "fixture",
};

/**
 * The requests of a launch: Poisson arrivals at the rate, each from a client of a fixed pool
 * (keeping its port for a few requests, as keep-alive connections do), routed round robin to a
 * target whose workers serve in arrival order; a target whose backlog is full refuses the
 * connection, and the load balancer answers 502 itself.
 */
export function requests(launch: Launch): SyntheticRequest[] {
  const streams = new RandomStreams(launch.seed);
  const arrivals = streams.stream("arrivals");
  const pick = streams.stream("pick");
  const work = streams.stream("work");
  const clients = Array.from({ length: launch.clients }, (_, i) => ({
    address: documentationAddress(i),
    port: 20_000 + Math.floor(pick() * 40_000),
    left: 0,
  }));
  // When each worker of each target is next free, and when each request waiting for one starts.
  const free = launch.targets.map(() => new Array<number>(launch.workers).fill(0));
  const waiting = launch.targets.map((): number[] => []);
  const out: SyntheticRequest[] = [];
  let next = 0;
  let t = 0;
  for (;;) {
    // Thinning against the peak rate keeps the arrivals exact for any rate function.
    t += -Math.log(1 - arrivals()) / PEAK;
    if (t >= launch.duration) break;
    if (arrivals() * PEAK > launch.rate(t)) continue;
    const arrival = Math.round((launch.start + t) * 1000) / 1000;
    const client = clients[Math.floor(pick() * clients.length)];
    if (client.left-- <= 0) {
      client.port = 20_000 + Math.floor(pick() * 40_000);
      client.left = 2 + Math.floor(pick() * 6);
    }
    const kind = weighted(PATHS, pick());
    const service = -kind.mean * Math.log(1 - work());
    const k = next++ % launch.targets.length;
    const workers = free[k];
    const queue = waiting[k];
    while (queue.length > 0 && queue[0] <= t) queue.shift();
    const w = workers.indexOf(Math.min(...workers));
    const start = Math.max(t, workers[w]);
    const base = {
      arrival,
      client: client.address,
      port: client.port,
      path: kind.path,
      method: kind.method,
      received: 180 + Math.floor(pick() * 400) + (kind.method === "POST" ? 600 : 0),
    };
    if (start > t && queue.length >= launch.backlog) {
      out.push({ ...base, target: launch.targets[k], targetTime: null, elbStatus: 502, targetStatus: null, sent: 290 });
      continue;
    }
    workers[w] = start + service;
    if (start > t) queue.push(start);
    const targetTime = Math.max(0.001, Math.round((start + service - t) * 1000) / 1000);
    const failed = work() < 0.002;
    out.push({
      ...base,
      target: launch.targets[k],
      targetTime,
      elbStatus: failed ? 500 : 200,
      targetStatus: failed ? 500 : 200,
      sent: failed ? 410 : Math.floor(kind.bytes * (0.8 + 0.4 * pick())),
    });
  }
  return out;
}

function weighted<T extends { weight: number }>(items: readonly T[], u: number): T {
  let acc = 0;
  for (const item of items) {
    acc += item.weight;
    if (u < acc) return item;
  }
  return items[items.length - 1];
}

/** Addresses from the three ranges reserved for documentation (RFC 5737). */
function documentationAddress(i: number): string {
  const nets = ["192.0.2", "198.51.100", "203.0.113"];
  return `${nets[i % 3]}.${1 + (Math.floor(i / 3) % 254)}`;
}

function iso(epoch: number): string {
  return `${new Date(Math.floor(epoch * 1000)).toISOString().slice(0, -1)}000Z`;
}

function hex(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += Math.floor(rng() * 16).toString(16);
  return s;
}

const TARGET_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop/73e2d6bc24d8a067";

/** Entries in the application layout, in the order the load balancer writes them: by response time. */
export function albLog(reqs: readonly SyntheticRequest[], seed: string): string {
  const ids = new RandomStreams(seed).stream("trace-ids");
  const lines = reqs.map((r) => {
    // A request no target answered has -1 for all three times (docs/aws-behaviour.md#access-log-entries).
    const answered = r.targetTime !== null;
    const requestTime = answered ? 0.001 : -1;
    const responseTime = answered ? 0 : -1;
    const done = r.arrival + (r.targetTime ?? 0) + 0.001;
    const url = `https://shop.example.com:443${r.path}`;
    const fields = [
      "https",
      iso(done),
      "app/shop/50dc6c495c0c9188",
      `${r.client}:${r.port}`,
      r.target ?? "-",
      requestTime === -1 ? "-1" : requestTime.toFixed(3),
      r.targetTime === null ? "-1" : r.targetTime.toFixed(3),
      responseTime === -1 ? "-1" : responseTime.toFixed(3),
      String(r.elbStatus),
      r.targetStatus === null ? "-" : String(r.targetStatus),
      String(r.received),
      String(r.sent),
      `"${r.method} ${url} HTTP/1.1"`,
      `"Mozilla/5.0 (X11; Linux x86_64) SyntheticBrowser/1.0"`,
      "ECDHE-RSA-AES128-GCM-SHA256",
      "TLSv1.2",
      TARGET_GROUP,
      `"Root=1-${Math.floor(done).toString(16)}-${hex(ids, 24)}"`,
      `"shop.example.com"`,
      `"arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"`,
      "1",
      iso(r.arrival),
      `"forward"`,
      `"-"`,
      `"-"`,
      `"${r.target ?? "-"}"`,
      `"${r.targetStatus ?? "-"}"`,
      `"-"`,
      `"-"`,
    ];
    return { done, line: fields.join(" ") };
  });
  lines.sort((a, b) => a.done - b.done);
  return `${lines.map((l) => l.line).join("\n")}\n`;
}

/** Entries in the classic layout (timestamp is the arrival), microsecond times. */
export function classicLog(reqs: readonly SyntheticRequest[]): string {
  const lines = reqs.map((r) =>
    [
      iso(r.arrival).replace("000Z", "417Z"),
      "shop-classic",
      `${r.client}:${r.port}`,
      r.target ? r.target.replace(":8080", ":80") : "-",
      r.targetTime === null ? "-1" : "0.000051",
      r.targetTime === null ? "-1" : (r.targetTime + 0.000137).toFixed(6),
      r.targetTime === null ? "-1" : "0.000033",
      String(r.elbStatus),
      r.targetStatus === null ? "-" : String(r.targetStatus),
      String(r.received),
      String(r.sent),
      `"${r.method} http://shop.example.com:80${r.path} HTTP/1.1"`,
      `"curl/8.5.0"`,
      "-",
      "-",
    ].join(" "),
  );
  return `${lines.join("\n")}\n`;
}

/** Per period: requests per zone of the target (and of the load balancer for its own answers), 5xx, mean target time. */
function perPeriod(reqs: readonly SyntheticRequest[], start: number, period: number) {
  const zoneOf = (target: string) => ["a", "b", "c"][Number(target.split(".")[2]) - 1];
  const buckets = new Map<number, { zones: Map<string, number>; elb5xx: number; target5xx: number; times: number[] }>();
  for (const r of reqs) {
    const k = Math.floor((r.arrival - start) / period);
    let b = buckets.get(k);
    if (!b) {
      b = { zones: new Map(), elb5xx: 0, target5xx: 0, times: [] };
      buckets.set(k, b);
    }
    const zone = r.target ? zoneOf(r.target) : "a";
    b.zones.set(zone, (b.zones.get(zone) ?? 0) + 1);
    if (r.targetStatus === null) b.elb5xx++;
    else if (r.targetStatus >= 500) b.target5xx++;
    if (r.targetTime !== null) b.times.push(r.targetTime);
  }
  return [...buckets].sort((a, b) => a[0] - b[0]);
}

/** `aws cloudwatch get-metric-data` output: RequestCount per zone, 5xx and TargetResponseTime, per minute, newest first. */
export function cloudwatchJson(reqs: readonly SyntheticRequest[], start: number): string {
  const periods = perPeriod(reqs, start, 60);
  const stamp = (k: number) => new Date((start + k * 60) * 1000).toISOString().replace(".000Z", "+00:00");
  const result = (id: string, label: string, value: (b: (typeof periods)[number][1]) => number) => ({
    Id: id,
    Label: label,
    Timestamps: periods.map(([k]) => stamp(k)).reverse(),
    Values: periods.map(([, b]) => Number(value(b).toFixed(6))).reverse(),
    StatusCode: "Complete",
  });
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return `${JSON.stringify(
    {
      MetricDataResults: [
        ...["a", "b", "c"].map((z) =>
          result(`requests_${z}`, `RequestCount us-east-1${z}`, (b) => b.zones.get(z) ?? 0),
        ),
        result("elb5xx", "HTTPCode_ELB_5XX_Count", (b) => b.elb5xx),
        result("target5xx", "HTTPCode_Target_5XX_Count", (b) => b.target5xx),
        result("latency", "TargetResponseTime Average", (b) => mean(b.times)),
      ],
      Messages: [],
    },
    null,
    4,
  )}\n`;
}

/** A wide CSV of the same metrics: a time column, then one column per series, named as its label. */
export function cloudwatchCsv(reqs: readonly SyntheticRequest[], start: number): string {
  const periods = perPeriod(reqs, start, 60);
  const rows = periods.map(([k, b]) =>
    [
      new Date((start + k * 60) * 1000).toISOString().replace(".000Z", "Z"),
      b.zones.get("a") ?? 0,
      b.zones.get("b") ?? 0,
      b.zones.get("c") ?? 0,
      b.elb5xx,
    ].join(","),
  );
  return `${["Timestamp,RequestCount us-east-1a,RequestCount us-east-1b,RequestCount us-east-1c,HTTPCode_ELB_5XX_Count", ...rows].join("\n")}\n`;
}

/** `k6 run --out csv=…`: an http_reqs, http_req_duration, http_req_waiting and http_req_failed point per request. */
export function k6Csv(reqs: readonly SyntheticRequest[]): string {
  const header =
    "metric_name,timestamp,metric_value,check,error,error_code,group,method,name,proto,scenario,status,subproto,tls_version,url,extra_tags";
  const lines = [header];
  for (const r of reqs) {
    const at = Math.floor(r.arrival);
    const url = `https://shop.example.com${r.path}`;
    const status = r.targetStatus ?? r.elbStatus;
    const tags = `,,,,,${r.method},${url},HTTP/1.1,default,${status},,tls1.2,${url},`;
    const waiting = (r.targetTime ?? 0.0005) * 1000 + 0.4;
    lines.push(`http_reqs,${at},1.000000${tags}`);
    lines.push(`http_req_duration,${at},${(waiting + 0.9).toFixed(6)}${tags}`);
    lines.push(`http_req_waiting,${at},${waiting.toFixed(6)}${tags}`);
    lines.push(`http_req_failed,${at},${status >= 400 ? "1.000000" : "0.000000"}${tags}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Locust's `--csv` stats history: an Aggregated row every 2 s, with cumulative totals. */
export function locustHistory(reqs: readonly SyntheticRequest[], start: number, duration: number): string {
  const percentiles = ["50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%", "99.9%", "99.99%", "100%"];
  const header = [
    "Timestamp",
    "User Count",
    "Type",
    "Name",
    "Requests/s",
    "Failures/s",
    ...percentiles,
    "Total Request Count",
    "Total Failure Count",
    "Total Median Response Time",
    "Total Average Response Time",
    "Total Min Response Time",
    "Total Max Response Time",
    "Total Average Content Size",
  ];
  const lines = [header.map((h) => `"${h}"`).join(",")];
  let total = 0;
  let failed = 0;
  let sum = 0;
  const all: number[] = [];
  let i = 0;
  for (let t = 2; t <= duration; t += 2) {
    const window: number[] = [];
    while (i < reqs.length && reqs[i].arrival < start + t) {
      const r = reqs[i++];
      const ms = Math.round(((r.targetTime ?? 0.0005) + 0.002) * 1000);
      total++;
      sum += ms;
      all.push(ms);
      window.push(ms);
      if ((r.targetStatus ?? r.elbStatus) >= 500) failed++;
    }
    const sorted = [...all].sort((a, b) => a - b);
    const q = (p: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : "N/A";
    lines.push(
      [
        start + t,
        Math.min(50, Math.ceil(t / 2)),
        "",
        "Aggregated",
        (window.length / 2).toFixed(6),
        "0.000000",
        ...[0.5, 0.66, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999, 0.9999, 1].map(q),
        total,
        failed,
        q(0.5),
        total ? (sum / total).toFixed(12) : 0,
        sorted[0] ?? 0,
        sorted[sorted.length - 1] ?? 0,
        "5210.0",
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The bundled replay: the launch log as `elbsim import` reads it, calibrated by hand, with what-if variants. */
export const REPLAY = "product-launch-replay";
export const REPLAY_TRACES = `traces/${REPLAY}-`;

/** The bundled scenario's files, by path from scenarios/: the import of the launch log, then its calibration and variants. */
export async function bundledReplay(log: string): Promise<Record<string, string>> {
  const outcome = await readImport([log], {
    format: "alb",
    bucket: null,
    name: REPLAY,
    pathDepth: null,
    zones: [],
    rateOnly: false,
    hash: (address) => address,
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  const { scenario } = outcome.result;
  const targets = scenario.targets as Record<string, unknown>[];
  // The import guesses 5 workers and an unlimited backlog, and no request fails; 3 workers and a
  // backlog of 3 give about as many 502s as the log has (823 simulated, 909 observed).
  const calibrated = targets.map((t) => ({ ...t, concurrency: 3, queue: 3 }));
  const perGroup = (key: string, value: unknown) =>
    Object.fromEntries(targets.map((_, i) => [`targets.${i}.${key}`, value]));
  const files = importFiles(
    {
      ...outcome.result,
      comment:
        "Written by npm run synthetic (bin/synthetic-traffic.ts): elbsim import's scenario, calibrated as its description says.",
      scenario: {
        ...scenario,
        title: "A product launch, replayed from its access log",
        description: [
          "A synthetic Application Load Balancer access log of a product launch (scenarios/logs/product-launch-alb.log.gz, written by bin/synthetic-traffic.ts),",
          "imported with `elbsim import` and replayed request by request: 3 requests/s, then 40 within 15 s for three minutes, fading over three more.",
          "The import cannot see the targets' workers; 3 workers and a backlog of 3 per target bring the simulated 502s (a target refusing a request when its backlog is full) close to the 909 the log shows.",
          "Compare what was simulated with what was observed, then ask what would have happened with twice the targets or cross-zone load balancing off.",
        ].join(" "),
        targets: calibrated,
        variants: {
          "as-imported": { ...perGroup("concurrency", 5), ...perGroup("queue", "unlimited") },
          "twice-the-targets": perGroup("count", 4),
          "cross-zone-off": { "loadBalancer.crossZone": false },
        },
      },
    },
    REPLAY_TRACES,
  );
  const { "scenario.yaml": yaml, ...traces } = files;
  return { [`${REPLAY}.yaml`]: yaml, ...traces };
}

async function main(): Promise<void> {
  const root = new URL("..", import.meta.url);
  const launch = requests(LAUNCH);
  mkdirSync(new URL("scenarios/logs/", root), { recursive: true });
  // AWS names a file per node and 5 minutes; one file is enough for the example.
  const log = new URL("scenarios/logs/product-launch-alb.log.gz", root);
  writeFileSync(log, gzipSync(albLog(launch, LAUNCH.seed)));
  for (const [name, text] of Object.entries(await bundledReplay(fileURLToPath(log))))
    writeFileSync(new URL(`scenarios/${name}`, root), text);
  const small = requests(SMALL);
  const fixtures = new URL("cli/fixtures/", root);
  mkdirSync(fixtures, { recursive: true });
  writeFileSync(new URL("alb.log", fixtures), albLog(small, SMALL.seed));
  writeFileSync(new URL("classic.log", fixtures), classicLog(small));
  writeFileSync(new URL("get-metric-data.json", fixtures), cloudwatchJson(launch, LAUNCH.start));
  writeFileSync(new URL("cloudwatch.csv", fixtures), cloudwatchCsv(launch, LAUNCH.start));
  writeFileSync(new URL("k6.csv", fixtures), k6Csv(small.slice(0, 120)));
  writeFileSync(new URL("locust_stats_history.csv", fixtures), locustHistory(small, SMALL.start, SMALL.duration));
  console.log(`product launch: ${launch.length} requests; fixtures: ${small.length} requests`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) await main();
