// The requests an import keeps to replay one by one, in flat arrays that grow by doubling, up to
// MAX_REPLAY; beyond that none are kept and the scenario replays a rate.
import type { ImportedArrivals } from "./imported";

/** Requests kept to replay one by one: some 50 MB of arrivals.csv, within a trace file's 64 MiB. */
export const MAX_REPLAY = 1_500_000;

export class ReplayRequests {
  // The requests, for the replay, in the order read.
  private time = new Float64Array(1 << 14);
  private client = new Int32Array(1 << 14);
  private port = new Uint16Array(1 << 14);
  private serviceTime = new Float64Array(1 << 14);
  private kept = 0;
  /** Set when more than MAX_REPLAY requests came: none are kept. */
  overflow = false;

  keep(at: number, client: number, port: number, service: number): void {
    if (this.overflow) return;
    if (this.kept >= MAX_REPLAY) {
      this.overflow = true;
      this.time = new Float64Array(0);
      this.client = new Int32Array(0);
      this.port = new Uint16Array(0);
      this.serviceTime = new Float64Array(0);
      return;
    }
    if (this.kept === this.time.length) {
      const size = Math.min(MAX_REPLAY, this.time.length * 2);
      this.time = grow(this.time, size);
      this.client = grow(this.client, size);
      this.port = grow(this.port, size);
      this.serviceTime = grow(this.serviceTime, size);
    }
    const k = this.kept++;
    this.time[k] = at;
    this.client[k] = client;
    this.port[k] = port;
    this.serviceTime[k] = service;
  }

  /**
   * The kept requests in time order, from `origin`, with their connections numbered per client;
   * `clients` is one more than the highest client number.
   */
  arrivals(origin: number, clients: number): ImportedArrivals {
    const n = this.kept;
    const order = Array.from({ length: n }, (_, i) => i);
    const { time, client, port, serviceTime } = this;
    order.sort((a, b) => time[a] - time[b] || a - b);
    const out: ImportedArrivals = {
      time: new Float64Array(n),
      client: new Int32Array(n),
      connection: new Int32Array(n),
      service: new Float64Array(n),
    };
    const lastPort = new Int32Array(clients).fill(-1);
    const opened = new Int32Array(clients);
    order.forEach((i, k) => {
      const c = client[i];
      // A connection is a run of a client's requests from one port.
      if (lastPort[c] !== port[i]) {
        lastPort[c] = port[i];
        opened[c]++;
      }
      out.time[k] = Math.max(0, Math.round((time[i] - origin) * 1e6) / 1e6);
      out.client[k] = c;
      out.connection[k] = opened[c] - 1;
      out.service[k] = serviceTime[i];
    });
    return out;
  }
}

function grow<T extends Float64Array | Int32Array | Uint16Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}
