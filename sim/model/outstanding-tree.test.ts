// The tree of outstanding counts (outstanding-tree.ts) must choose exactly as the pass over every
// candidate does: the same target and the same draws, for any counts, candidates and room.
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../engine/random";
import { LbNode } from "./lb-node";
import { OutstandingTree } from "./outstanding-tree";
import { ROUTES, type RoutingContext } from "./routing";

/** Two nodes with the same candidates and counts: one routes through its tree, one by the pass. */
function pair(targets: number, candidates: number[]) {
  const nodes = [new LbNode(0, "a-n1", 0, targets, 0), new LbNode(1, "a-n2", 0, targets, 0)];
  for (const node of nodes) {
    candidates.forEach((t, i) => {
      node.candidates[i] = t;
    });
    node.candidateCount = candidates.length;
  }
  nodes[0].byOutstanding = new OutstandingTree(targets);
  nodes[0].byOutstanding.build(nodes[0].candidates, candidates.length, nodes[0].outstanding);
  return nodes;
}

describe("least outstanding requests through the tree of counts", () => {
  for (const seed of [1, 2, 3]) {
    for (const [targets, seesRoom] of [
      [1, false],
      [10, false],
      [37, true],
      [1000, false],
      [200, true],
    ] as const) {
      it(`chooses as the pass over every candidate, ${targets} targets, ${seesRoom ? "with" : "without"} room, seed ${seed}`, () => {
        const streams = new RandomStreams(seed);
        const ops = streams.stream("ops");
        // Candidates: a random subset of the targets, in ascending order as refreshCandidates lists them.
        const candidates = Array.from({ length: targets }, (_, t) => t).filter(() => ops() < 0.8 || targets === 1);
        const [withTree, byPass] = pair(targets, candidates);
        const full = new Uint8Array(targets);
        const contexts = [withTree, byPass].map(
          (): RoutingContext => ({
            hasRoom: seesRoom ? (t) => full[t] === 0 : () => true,
            rng: new RandomStreams(seed).stream("routing"),
            seesRoom,
          }),
        );
        const move = (t: number, delta: number) => {
          for (const node of [withTree, byPass]) node.outstanding[t] += delta;
          withTree.byOutstanding!.set(t, withTree.outstanding[t]);
        };
        let chosen = 0;
        for (let step = 0; step < 5000; step++) {
          const u = ops();
          if (u < 0.5) {
            const a = ROUTES.least_outstanding_requests(withTree, contexts[0]);
            const b = ROUTES.least_outstanding_requests(byPass, contexts[1]);
            expect(a).toBe(b);
            if (a >= 0) {
              move(a, 1);
              chosen++;
            }
          } else if (u < 0.9) {
            // A request ends at some target with one outstanding (a candidate or not).
            const t = Math.floor(ops() * targets);
            if (withTree.outstanding[t] > 0) move(t, -1);
          } else if (u < 0.95) {
            // A target that is no candidate still has its count moved.
            move(Math.floor(ops() * targets), 1);
          } else if (seesRoom) {
            const t = Math.floor(ops() * targets);
            full[t] = 1 - full[t];
          }
        }
        expect(chosen).toBeGreaterThan(1000);
        // Both drew the same numbers: their next draws agree.
        expect(contexts[0].rng()).toBe(contexts[1].rng());
      });
    }
  }

  it("says no candidate has room when there are none", () => {
    const [node] = pair(4, []);
    expect(ROUTES.least_outstanding_requests(node, { hasRoom: () => true, rng: () => 0.5, seesRoom: false })).toBe(-1);
  });
});
