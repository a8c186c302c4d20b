// Sticky sessions (DESIGN.md §1, Stickiness; ELB-FACTS.md): a cookie names a client's target.
// - lb_cookie (duration-based): while the cookie is valid the client goes to its target. If
//   that target is unhealthy or deregistered the request is routed "as if there is no cookie",
//   and the cookie still names the old target, so the client returns to it when it is back [CLB].
// - app_cookie (application-controlled): after a failover the session "sticks" to the new
//   target and stays there even when the failed one comes back [CLB].
import type { LoadBalancerSettings } from "../scenario/defaults";

export class Stickiness {
  /** Per client group, per client: the cookie's target and when it expires (allocated on first use). */
  private readonly cookieTarget: Int32Array[];
  private readonly cookieExpires: Float64Array[];

  constructor(
    private readonly settings: LoadBalancerSettings,
    private readonly groupSizes: readonly number[],
  ) {
    this.cookieTarget = groupSizes.map(() => new Int32Array(0));
    this.cookieExpires = groupSizes.map(() => new Float64Array(0));
  }

  /** The target client c's cookie names, or -1 without a valid cookie. */
  target(group: number, c: number, now: number): number {
    if (this.settings.stickiness.type === "none" || group < 0) return -1;
    this.allocate(group);
    return this.cookieExpires[group][c] > now ? this.cookieTarget[group][c] : -1;
  }

  /** The algorithm chose t for client c, whose valid cookie named `sticky` (or -1). */
  routed(group: number, c: number, t: number, sticky: number, now: number): void {
    const type = this.settings.stickiness.type;
    if (type === "none" || group < 0) return;
    if (sticky >= 0 && type === "lb_cookie") return; // routed as if there were no cookie
    if (sticky < 0) this.cookieExpires[group][c] = now + this.settings.stickiness.duration;
    this.cookieTarget[group][c] = t;
  }

  private allocate(group: number): void {
    if (this.cookieTarget[group].length > 0) return;
    this.cookieTarget[group] = new Int32Array(this.groupSizes[group]).fill(-1);
    this.cookieExpires[group] = new Float64Array(this.groupSizes[group]).fill(-Infinity);
  }
}
