// A made-up product launch as the load balancer saw it, request by request: seeded Poisson
// arrivals at a rate that changes over time, clients from documentation address ranges, and
// targets that serve in arrival order and refuse what their backlog cannot hold.
import { RandomStreams } from "../../sim/engine/random";

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
