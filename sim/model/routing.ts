// Routing algorithms: how a node chooses a target among its candidates (docs/design.md#routing).
// Each node routes on its own, with its own counts (docs/aws-behaviour.md#the-receiving-node-chooses-the-target). Only candidates with room are
// chosen; when none has room the request waits in the node's surge queue.
import type { Rng } from "../engine/random";
import type { Algorithm } from "../scenario/defaults";
import type { OutstandingTree } from "./outstanding-tree";

/** What an algorithm reads and moves of a node: its candidates, its own counts, its rotation. */
export interface RoutingNode {
  readonly candidates: Int32Array;
  readonly candidateCount: number;
  readonly outstanding: Int32Array;
  cursor: number;
  /** The candidates by outstanding count, kept by the node for least outstanding requests (or none). */
  readonly byOutstanding?: OutstandingTree | null;
}

export interface RoutingContext {
  hasRoom(target: number): boolean;
  rng: Rng;
  /** False when `hasRoom` is true for every target (the node does not see the targets' room). */
  seesRoom?: boolean;
}

/** Returns the chosen target, or -1 when no candidate has room. */
export type Route = (node: RoutingNode, context: RoutingContext) => number;

/** Round robin: the next candidate after the last one chosen, per node (docs/aws-behaviour.md#application-routing). */
function roundRobin(node: RoutingNode, { hasRoom }: RoutingContext): number {
  const m = node.candidateCount;
  for (let i = 0; i < m; i++) {
    const k = (node.cursor + i) % m;
    const t = node.candidates[k];
    if (hasRoom(t)) {
      node.cursor = (k + 1) % m;
      return t;
    }
  }
  return -1;
}

/**
 * Least outstanding requests by the node's own count (docs/design.md#per-node-routing-state). Ties go to a uniformly random
 * one of the tied targets, so identical targets share the work equally: the targets with the least
 * count (and room), in candidate order, and one draw (when more than one) picks among them. The
 * node's tree of counts gives them without a pass over every candidate; when some tied target has
 * no room, or there is no tree, one pass collects them.
 */
function leastOutstanding(node: RoutingNode, { hasRoom, rng, seesRoom }: RoutingContext): number {
  const tree = node.byOutstanding;
  // Checking the room of more than half the candidates through the tree costs more than the pass.
  if (tree && (seesRoom === false || (2 * tree.tieCount <= node.candidateCount && tree.everyTied(hasRoom)))) {
    const ties = tree.tieCount;
    if (ties === 0) return -1;
    return ties === 1 ? tree.tied(0) : tree.tied(Math.floor(rng() * ties));
  }
  const m = node.candidateCount;
  const { candidates, outstanding } = node;
  if (tiedScratch.length < m) tiedScratch = new Int32Array(m * 2);
  const tied = tiedScratch;
  let least = Infinity;
  let ties = 0;
  for (let i = 0; i < m; i++) {
    const t = candidates[i];
    const count = outstanding[t];
    if (count > least || !hasRoom(t)) continue;
    if (count < least) {
      least = count;
      ties = 0;
    }
    tied[ties++] = t;
  }
  if (ties === 0) return -1;
  return ties === 1 ? tied[0] : tied[Math.floor(rng() * ties)];
}

/** Reused by leastOutstanding: routing is synchronous, so one buffer serves every node. */
let tiedScratch = new Int32Array(64);

/** Uniformly random among the candidates; if that one is full, the next with room. */
function random(node: RoutingNode, { hasRoom, rng }: RoutingContext): number {
  const m = node.candidateCount;
  const start = Math.floor(rng() * m);
  for (let i = 0; i < m; i++) {
    const t = node.candidates[(start + i) % m];
    if (hasRoom(t)) return t;
  }
  return -1;
}

/** Power of two choices (not an ELB algorithm; for teaching): the less loaded of two random picks. */
function powerOfTwo(node: RoutingNode, context: RoutingContext): number {
  const m = node.candidateCount;
  const a = node.candidates[Math.floor(context.rng() * m)];
  const b = node.candidates[Math.floor(context.rng() * m)];
  const first = node.outstanding[a] <= node.outstanding[b] ? a : b;
  const second = first === a ? b : a;
  if (context.hasRoom(first)) return first;
  if (context.hasRoom(second)) return second;
  return random(node, context);
}

/**
 * The algorithms by name. `flow_hash` picks like `random` here: the hash of a connection's
 * 5-tuple is uniform over targets, and the load balancer keeps the connection on its target.
 */
export const ROUTES: Record<Algorithm, Route> = {
  round_robin: roundRobin,
  least_outstanding_requests: leastOutstanding,
  random,
  power_of_two: powerOfTwo,
  flow_hash: random,
};
