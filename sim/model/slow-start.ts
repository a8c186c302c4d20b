// Slow start (application load balancers, docs/aws-behaviour.md#slow-start): a target that
// becomes healthy after registering or recovering ramps its share of the traffic over
// `slowStart` seconds; it leaves slow start when it becomes unhealthy or is deregistered.
import type { Rng } from "../engine/random";
import type { LoadBalancerSettings } from "../scenario/defaults";
import type { LbNode } from "./lb-node";
import type { Targets } from "./target";
import { HealthView } from "./target-state";

export class SlowStart {
  /** When each target entered slow start (NaN: not in it). */
  private readonly since: Float64Array;

  constructor(
    private readonly settings: LoadBalancerSettings,
    private readonly targets: Targets,
    private readonly nodes: readonly LbNode[],
    private readonly draw: Rng,
    private readonly now: () => number,
  ) {
    this.since = new Float64Array(targets.count).fill(Number.NaN);
  }

  /** Whether slow start is configured (a `set` event may turn it on or off). */
  get enabled(): boolean {
    return this.settings.slowStart > 0;
  }

  /**
   * Whether routing may pick target t: it has room, and a target in slow start is taken with
   * probability equal to its weight, ramping linearly from 0 to 1 over `slowStart`.
   */
  usable(t: number): boolean {
    if (!this.targets.hasRoom(t)) return false;
    const from = this.since[t];
    if (Number.isNaN(from)) return true;
    const weight = (this.now() - from) / this.settings.slowStart;
    if (weight >= 1) {
      this.since[t] = Number.NaN;
      return true;
    }
    return this.draw() < weight;
  }

  /**
   * Node's view of t changed. A target enters slow start when it becomes healthy (and no other
   * node sees it healthy already); it leaves when unhealthy. Targets present at the start never
   * enter it.
   */
  healthChanged(node: LbNode, t: number, view: HealthView): void {
    if (!this.enabled) return;
    if (view === HealthView.healthy && Number.isNaN(this.since[t]) && !this.healthyElsewhere(node, t))
      this.since[t] = this.now();
    if (view === HealthView.unhealthy) this.since[t] = Number.NaN;
  }

  /** Target t left service (deregistered): it is no longer in slow start. */
  leave(t: number): void {
    this.since[t] = Number.NaN;
  }

  private healthyElsewhere(node: LbNode, t: number): boolean {
    return this.nodes.some((other) => other !== node && other.reachable && other.healthy[t] === HealthView.healthy);
  }
}
