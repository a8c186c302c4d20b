// Slow start (application load balancers, docs/aws-behaviour.md#slow-start): a target that becomes
// healthy after registering or recovering gets "a linearly increasing share" of the requests over
// `slowStart` seconds, then its full share. It enters slow start only when the group has at least
// one other healthy target that is not in slow start (so targets registered together into an
// empty group, or a lone target recovering, never ramp), leaves it when the period ends, when it
// becomes unhealthy or when it is deregistered, and enters it again when it is healthy again.
//
// Modelling (docs/design.md#slow-start-as-a-routing-weight): at a node with n candidates, a
// target f of the way through its ramp takes f/n of the node's new routing decisions — its fair
// share 1/n scaled linearly — and the other candidates share the rest by the node's algorithm.
import type { Rng } from "../engine/random";
import type { LoadBalancerSettings } from "../scenario/defaults";
import type { LbNode } from "./lb-node";
import type { RoutingContext, RoutingNode } from "./routing";
import type { Targets } from "./target";
import { HealthView } from "./target-state";

export class SlowStart {
  /** When each target entered slow start (NaN: not in it). */
  private readonly since: Float64Array;
  /** Targets in slow start now, so routing skips all of this when none is. */
  private ramping = 0;
  /**
   * When each target last registered (NaN: present from the start), and whether it has not yet
   * been healthy since: targets registered together do not count as each other's healthy peer.
   */
  private readonly registeredAt: Float64Array;
  private readonly fresh: Uint8Array;
  /** A node's candidates less the ramping ones, for the algorithm to choose among. */
  private readonly rest: { candidates: Int32Array; candidateCount: number; outstanding: Int32Array; cursor: number } = {
    candidates: new Int32Array(0),
    candidateCount: 0,
    outstanding: new Int32Array(0),
    cursor: 0,
  };

  constructor(
    private readonly settings: LoadBalancerSettings,
    private readonly targets: Targets,
    private readonly nodes: readonly LbNode[],
    private readonly draw: Rng,
    private readonly now: () => number,
  ) {
    this.since = new Float64Array(targets.count).fill(Number.NaN);
    this.registeredAt = new Float64Array(targets.count).fill(Number.NaN);
    this.fresh = new Uint8Array(targets.count);
  }

  /** Whether any target is ramping now. */
  get active(): boolean {
    return this.ramping > 0;
  }

  /** Whether target t is in slow start (for tests and the dashboard). */
  inSlowStart(t: number): boolean {
    return !Number.isNaN(this.since[t]);
  }

  /**
   * Routes one request at `node` while some target ramps: with probability Σ f/n to a ramping
   * candidate (in proportion to its f), otherwise by `route` among the others. If the chosen side
   * has no target with room, the other side is tried; -1 when no candidate has room.
   */
  route(node: LbNode, route: (node: RoutingNode, context: RoutingContext) => number, context: RoutingContext): number {
    const now = this.now();
    const n = node.candidateCount;
    let ramp = 0;
    for (let i = 0; i < n; i++) ramp += this.progress(node.candidates[i], now);
    if (ramp === 0) return route(node, context);
    const u = this.draw() * n;
    if (u < ramp) {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const t = node.candidates[i];
        sum += this.progress(t, now);
        if (u < sum) {
          if (context.hasRoom(t)) return t;
          break;
        }
      }
    }
    const t = this.routeRest(node, route, context);
    return t >= 0 ? t : route(node, context);
  }

  /**
   * The algorithm's choice among the candidates that are not ramping, as if they were the node's
   * only ones (so `random` stays uniform over them); the node's rotation moves past the choice.
   */
  private routeRest(
    node: LbNode,
    route: (node: RoutingNode, context: RoutingContext) => number,
    context: RoutingContext,
  ): number {
    const rest = this.rest;
    const n = node.candidateCount;
    if (rest.candidates.length < n) rest.candidates = new Int32Array(n * 2);
    let m = 0;
    let cursor = -1;
    for (let i = 0; i < n; i++) {
      const t = node.candidates[i];
      if (this.inSlowStart(t)) continue;
      if (cursor < 0 && i >= node.cursor) cursor = m;
      rest.candidates[m++] = t;
    }
    if (m === 0) return -1;
    rest.candidateCount = m;
    rest.outstanding = node.outstanding;
    rest.cursor = Math.max(cursor, 0);
    const t = route(rest, context);
    if (t >= 0) node.cursor = (node.candidates.subarray(0, n).indexOf(t) + 1) % n;
    return t;
  }

  /**
   * Node's view of t changed. A target enters slow start when it becomes healthy — unless some
   * other node sees it healthy already (its ramp has begun) or no other healthy target outside
   * slow start is in the group — and leaves it when unhealthy. Targets present at the start
   * never enter it.
   */
  healthChanged(node: LbNode, t: number, view: HealthView): void {
    if (this.settings.slowStart <= 0) return;
    if (view === HealthView.healthy) {
      if (!this.inSlowStart(t) && !this.healthyElsewhere(node, t) && this.hasPeer(node, t)) {
        this.since[t] = this.now();
        this.ramping++;
      }
      this.fresh[t] = 0;
    }
    if (view === HealthView.unhealthy) this.leave(t);
  }

  /** Target t registered (again) now: "a single registration operation" is one instant. */
  registered(t: number): void {
    this.registeredAt[t] = this.now();
    this.fresh[t] = 1;
  }

  /** Target t left slow start (deregistered, unhealthy, or its period ended). */
  leave(t: number): void {
    if (!this.inSlowStart(t)) return;
    this.since[t] = Number.NaN;
    this.ramping--;
  }

  /** How far t is through its ramp, in (0, 1); 0 when it is not ramping (ending a ramp that is over). */
  private progress(t: number, now: number): number {
    const from = this.since[t];
    if (Number.isNaN(from)) return 0;
    const f = (now - from) / this.settings.slowStart;
    if (f < 1) return f;
    this.leave(t);
    return 0;
  }

  private healthyElsewhere(node: LbNode, t: number): boolean {
    return this.nodes.some((other) => other !== node && other.reachable && other.healthy[t] === HealthView.healthy);
  }

  /**
   * Whether another target in service is healthy in this node's view and not in slow start (for
   * a target just registered, one that was not registered in the same operation).
   */
  private hasPeer(node: LbNode, t: number): boolean {
    for (let other = 0; other < this.targets.count; other++) {
      if (other === t || !this.targets.inService(other) || this.inSlowStart(other)) continue;
      if (this.fresh[t] && this.registeredAt[other] === this.registeredAt[t]) continue;
      if (node.healthy[other] === HealthView.healthy) return true;
    }
    return false;
  }
}
