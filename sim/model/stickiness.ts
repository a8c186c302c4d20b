// What holds a request to a target before the routing algorithm is asked
// (docs/aws-behaviour.md#sticky-sessions, docs/aws-behaviour.md#flow-hash-routing):
// - lb_cookie (duration-based): while the cookie is valid the client goes to its target. If
//   that target is unhealthy or deregistered the request is routed "as if there is no cookie",
//   and the cookie still names the old target, so the client returns to it when it is back.
// - app_cookie (application-controlled): after a failover the session "sticks" to the new
//   target and stays there even when the failed one comes back.
// - flow_hash (network): a connection stays on the target its flow hashed to while that target
//   is a candidate; a new connection hashes afresh.
import type { LoadBalancerSettings } from "../scenario/defaults";
import type { LbNode } from "./lb-node";

export class Stickiness {
  /** Per client group, per client: the cookie's target and when it expires (allocated on first use). */
  private readonly cookieTarget: Int32Array[];
  private readonly cookieExpires: Float64Array[];
  /** Per client group, per client: the target its open connection's flow is pinned to (-1: none yet). */
  private readonly flowTarget: Int32Array[];
  /** The valid cookie's target found by the last `held` (or -1), for `routed`. */
  private cookie = -1;

  constructor(
    private readonly settings: LoadBalancerSettings,
    private readonly groupSizes: readonly number[],
  ) {
    this.cookieTarget = groupSizes.map(() => new Int32Array(0));
    this.cookieExpires = groupSizes.map(() => new Float64Array(0));
    this.flowTarget = groupSizes.map((n) => new Int32Array(n).fill(-1));
  }

  /**
   * The target that client c's request must go to at this node — its valid cookie's, or its
   * connection's flow — or -1 when nothing holds it (or what holds it is not a candidate here).
   */
  held(group: number, c: number, now: number, node: LbNode): number {
    this.cookie = this.cookieTarget_(group, c, now);
    if (this.cookie >= 0 && node.isCandidate[this.cookie]) return this.cookie;
    if (this.settings.algorithm === "flow_hash") {
      const pinned = this.flowTarget[group][c];
      if (pinned >= 0 && node.isCandidate[pinned]) return pinned;
    }
    return -1;
  }

  /** The algorithm chose t for client c's request, after `held` found nothing binding. */
  routed(group: number, c: number, t: number, now: number): void {
    if (this.settings.algorithm === "flow_hash") {
      this.flowTarget[group][c] = t;
      return;
    }
    const type = this.settings.stickiness.type;
    if (type === "none") return;
    if (this.cookie >= 0 && type === "lb_cookie") return; // routed as if there were no cookie
    if (this.cookie < 0) this.cookieExpires[group][c] = now + this.settings.stickiness.duration;
    this.cookieTarget[group][c] = t;
  }

  /** Client c opened a new connection: its flow hashes afresh. */
  connected(group: number, c: number): void {
    this.flowTarget[group][c] = -1;
  }

  /** The target client c's valid cookie names, or -1. */
  private cookieTarget_(group: number, c: number, now: number): number {
    if (this.settings.stickiness.type === "none") return -1;
    if (this.cookieTarget[group].length === 0) {
      this.cookieTarget[group] = new Int32Array(this.groupSizes[group]).fill(-1);
      this.cookieExpires[group] = new Float64Array(this.groupSizes[group]).fill(-Infinity);
    }
    return this.cookieExpires[group][c] > now ? this.cookieTarget[group][c] : -1;
  }
}
