import { describe, expect, it } from "vitest";
import { RandomStreams } from "../engine/random";
import { OpenConnections } from "./open-connections";

/** Connections used at or after `since`, per the definition: a scan of every client. */
function scan(node: Int32Array, lastUsed: Float64Array, since: number, reachable: (n: number) => boolean): number {
  let open = 0;
  for (let c = 0; c < node.length; c++) if (node[c] >= 0 && lastUsed[c] >= since && reachable(node[c])) open++;
  return open;
}

describe("OpenConnections", () => {
  it("counts what a scan of every client counts as connections are used, closed and time out", () => {
    // With buckets rare enough (the last seed) the list of uses fills and makes room on its own.
    for (const [seed, bucket] of [
      [1, 0.02],
      [2, 0.02],
      [3, 0.0005],
    ]) {
      const rng = new RandomStreams(seed).stream("open-connections/test");
      const [clients, nodes] = [200, 4];
      const connectionNode = new Int32Array(clients).fill(-1);
      const connectionLastUsed = new Float64Array(clients).fill(-Infinity);
      const open = new OpenConnections({ connectionNode, connectionLastUsed });
      const down = new Set<number>();
      const reachable = (n: number) => !down.has(n);
      let idleTimeout = 5;
      let now = 0;
      for (let step = 0; step < 20_000; step++) {
        // Several uses often share an instant; now and then a bucket closes.
        if (rng() < 0.3) now += Math.floor(rng() * 4) * 0.25;
        const c = Math.floor(rng() * clients);
        const last = connectionLastUsed[c];
        const reuse = connectionNode[c] >= 0 && now - last <= idleTimeout && rng() < 0.9;
        if (reuse) {
          connectionLastUsed[c] = now;
          open.used(c, connectionNode[c], last, false, idleTimeout);
        } else {
          if (connectionNode[c] >= 0) open.closed(c, connectionNode[c]);
          connectionNode[c] = -1;
          if (rng() < 0.1) continue; // no address answered
          connectionNode[c] = Math.floor(rng() * nodes);
          connectionLastUsed[c] = now;
          open.used(c, connectionNode[c], last, true, idleTimeout);
        }
        if (rng() < bucket) {
          if (rng() < 0.1) idleTimeout = 1 + Math.floor(rng() * 10); // a set event, longer or shorter
          if (rng() < 0.1) down.has(0) ? down.delete(0) : down.add(0);
          const since = now - idleTimeout;
          expect(open.count(since, reachable)).toBe(scan(connectionNode, connectionLastUsed, since, reachable));
        }
      }
    }
  });
});
