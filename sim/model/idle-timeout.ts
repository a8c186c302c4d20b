// The idle timeout on the target side (docs/aws-behaviour.md#504-when-a-request-outlives-the-idle-timeout): when a target sends
// nothing for longer than the timeout, the node gives up and answers 504; the target's worker
// still finishes the request.
import type { Simulation } from "../engine/simulation";
import type { LoadBalancerSettings } from "../scenario/defaults";
import { type Requests, Stage } from "./requests";

export class IdleTimeout {
  private readonly kind: number;

  constructor(
    private readonly sim: Simulation,
    private readonly requests: Requests,
    private readonly settings: LoadBalancerSettings,
    /** Answers request r early with an ELB status (the load balancer's `answerEarly`). */
    answer: (r: number, status: number) => void,
  ) {
    this.kind = sim.on("idle-timeout", (r) => {
      if (requests.stage[r] === Stage.service) answer(r, 504); // else answered some other way meanwhile
    });
  }

  /**
   * A worker started client request r and will take `serviceTime`. If that outlasts the idle
   * timeout, the node gives up at the timeout. (Simplification, docs/design.md#idle-timeout-and-504: a
   * request whose timeout passed while it waited in the backlog gets its 504 when a worker takes
   * it, not at the timeout itself, which saves a timer per request on the hot path.)
   */
  started(r: number, serviceTime: number): void {
    const now = this.sim.now;
    const deadline = this.requests.dispatchedAt[r] + this.settings.idleTimeout;
    if (now + serviceTime > deadline) this.sim.scheduleAt(Math.max(deadline, now), this.kind, r);
  }
}
