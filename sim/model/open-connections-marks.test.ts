// OpenConnections both ways (open-connections.ts `marks`): reading whether a leaving use is its
// client's last from the client, or marking it on the list as the client moves on. Either must
// count what a scan of every client counts as connections are used, closed and time out and set
// events change the idle timeout; and the two must count alike when a connection is given up
// without being counted closed (a client's timeout, a replay's new connection).
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../engine/random";
import { OpenConnections } from "./open-connections";

function scan(node: Int32Array, lastUsed: Float64Array, since: number, reachable: (n: number) => boolean): number {
  let open = 0;
  for (let c = 0; c < node.length; c++) if (node[c] >= 0 && lastUsed[c] >= since && reachable(node[c])) open++;
  return open;
}

describe("OpenConnections, marking uses or reading the clients", () => {
  for (const marks of [false, true]) {
    for (const [seed, bucket] of [
      [1, 0.02],
      [2, 0.02],
      [3, 0.0005],
    ]) {
      it(`counts what a scan counts (${marks ? "marking uses" : "reading the clients"}, seed ${seed})`, () => {
        const rng = new RandomStreams(seed).stream("open-connections/marks");
        const [clients, nodes] = [300, 4];
        const connectionNode = new Int32Array(clients).fill(-1);
        const connectionLastUsed = new Float64Array(clients).fill(-Infinity);
        const open = new OpenConnections({ connectionNode, connectionLastUsed }, marks);
        expect(open.marks).toBe(marks);
        const down = new Set<number>();
        const reachable = (n: number) => !down.has(n);
        let idleTimeout = 5;
        let now = 0;
        let checks = 0;
        for (let step = 0; step < 20_000; step++) {
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
            if (rng() < 0.1) continue;
            connectionNode[c] = Math.floor(rng() * nodes);
            connectionLastUsed[c] = now;
            open.used(c, connectionNode[c], last, true, idleTimeout);
          }
          if (rng() < bucket) {
            if (rng() < 0.1) idleTimeout = 1 + Math.floor(rng() * 10); // a set event, longer or shorter
            if (rng() < 0.1) down.has(0) ? down.delete(0) : down.add(0);
            const since = now - idleTimeout;
            expect(open.count(since, reachable)).toBe(scan(connectionNode, connectionLastUsed, since, reachable));
            checks++;
          }
        }
        expect(checks).toBeGreaterThan(5);
      });
    }
  }

  it("counts the same either way, given-up connections included", () => {
    for (const seed of [4, 5, 6]) {
      const rng = new RandomStreams(seed).stream("open-connections/both");
      const [clients, nodes] = [200, 3];
      const connectionNode = new Int32Array(clients).fill(-1);
      const connectionLastUsed = new Float64Array(clients).fill(-Infinity);
      const both = [false, true].map((marks) => new OpenConnections({ connectionNode, connectionLastUsed }, marks));
      let now = 0;
      let idleTimeout = 4;
      for (let step = 0; step < 20_000; step++) {
        if (rng() < 0.3) now += Math.floor(rng() * 4) * 0.25;
        const c = Math.floor(rng() * clients);
        const last = connectionLastUsed[c];
        const u = rng();
        if (u < 0.05 && connectionNode[c] >= 0) {
          connectionNode[c] = -1;
          for (const open of both) open.dropped(c);
        } else if (connectionNode[c] >= 0 && now - last <= idleTimeout && u < 0.9) {
          connectionLastUsed[c] = now;
          for (const open of both) open.used(c, connectionNode[c], last, false, idleTimeout);
        } else {
          if (connectionNode[c] >= 0) for (const open of both) open.closed(c, connectionNode[c]);
          connectionNode[c] = Math.floor(rng() * nodes);
          connectionLastUsed[c] = now;
          for (const open of both) open.used(c, connectionNode[c], last, true, idleTimeout);
        }
        if (rng() < 0.02) {
          if (rng() < 0.1) idleTimeout = 1 + Math.floor(rng() * 8);
          const [a, b] = both.map((open) => open.count(now - idleTimeout, () => true));
          expect(a).toBe(b);
        }
      }
    }
  });
});
