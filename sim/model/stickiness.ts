// What holds a request to a target before the routing algorithm is asked
// (docs/aws-behaviour.md#sticky-sessions, docs/aws-behaviour.md#network-flow-hash). By type:
// - Classic, lb_cookie (duration-based): the cookie's expiry is set once and "the load balancer
//   does not refresh the expiry time". If its instance is unhealthy or deregistered the request is
//   routed "as if there is no cookie", and the cookie still names the old instance, so the client
//   returns to it when it is back.
// - Application, lb_cookie: the load balancer "resets the expiry of the cookies it generates after
//   every request"; if the cookie's target is deregistered or unhealthy it "selects a new target
//   and updates the cookie", so the client stays on the new target.
// - app_cookie (application-controlled), both types: after a failover the session is "stuck" to
//   the new target, even when the failed one comes back; an application load balancer resets its
//   cookie's expiry after every request, a classic one follows the application's cookie.
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
    if (this.cookie >= 0 && node.isCandidate[this.cookie]) {
      if (this.settings.type === "application") this.cookieExpires[group][c] = now + this.settings.stickiness.duration;
      return this.cookie;
    }
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
    const classic = this.settings.type === "classic";
    if (this.cookie >= 0 && type === "lb_cookie" && classic) return; // routed as if there were no cookie
    if (this.cookie < 0 || !classic) this.cookieExpires[group][c] = now + this.settings.stickiness.duration;
    this.cookieTarget[group][c] = t;
  }

  /** Client c opened a new connection: its flow hashes afresh. */
  connected(group: number, c: number): void {
    // Only flow_hash reads it (and a client's entry is a cache miss with many clients).
    if (this.settings.algorithm === "flow_hash") this.flowTarget[group][c] = -1;
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
