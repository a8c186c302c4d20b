// Closed-loop users (docs/design.md#closed-loop-users): instead of an open-loop rate, a client
// group of `users` that each send a request, wait for its answer (retries and timeouts included),
// think for a `thinkTime`, and send the next — as k6's and Locust's virtual users do. The number of
// users can follow stages, linear between points: users beyond the current number finish their
// request and stop; new ones start within a think time of joining.
import type { RandomStreams, Rng } from "../engine/random";
import type { Simulation } from "../engine/simulation";
import { quantile, type Quantile } from "../engine/distributions";
import type { ClientGroup } from "../scenario/defaults";

export class Users {
  private readonly stages: { at: number; users: number }[];
  private readonly think: Quantile;
  private readonly thinkDraw: Rng;
  private readonly thinkKind: number;
  private readonly stageKind: number;
  /** Whether user u is in its loop (sending, waiting or thinking). */
  private readonly active: Uint8Array;

  constructor(
    private readonly sim: Simulation,
    group: ClientGroup,
    streams: RandomStreams,
    private readonly duration: number,
    /** User u sends its next request now. */
    private readonly send: (u: number) => void,
  ) {
    this.stages = group.users!;
    this.think = quantile(group.thinkTime);
    this.thinkDraw = streams.stream(`clients/${group.name}/think`);
    this.active = new Uint8Array(group.count);
    this.thinkKind = sim.on("user-think-over", (u) => this.thought(u));
    this.stageKind = sim.on("user-stage", () => this.follow());
  }

  /** Starts the first users and follows the stages (every second while they ramp). */
  start(): void {
    this.follow();
  }

  /** User u's request ended (answered, failed, or given up): it thinks, then goes on. */
  done(u: number): void {
    if (u >= this.target()) {
      this.active[u] = 0;
      return;
    }
    this.sim.schedule(this.think(this.thinkDraw()), this.thinkKind, u);
  }

  private thought(u: number): void {
    if (u >= this.target()) {
      this.active[u] = 0;
      return;
    }
    this.send(u);
  }

  /** Starts users up to the current target; while a stage ramps, looks again in a second. */
  private follow(): void {
    const target = this.target();
    for (let u = 0; u < target; u++) {
      if (this.active[u]) continue;
      this.active[u] = 1;
      // A new user starts within one think time, so that users starting together do not send in step.
      this.sim.schedule(this.thinkDraw() * this.think(this.thinkDraw()), this.thinkKind, u);
    }
    const next = this.nextChange();
    if (next < this.duration) this.sim.scheduleAt(next, this.stageKind);
  }

  /** Users wanted now: the stages' value, linear between points, rounded. */
  private target(): number {
    const now = this.sim.now;
    const s = this.stages;
    if (now <= s[0].at) return s[0].users;
    for (let k = 1; k < s.length; k++) {
      if (now < s[k].at) {
        const f = (now - s[k - 1].at) / (s[k].at - s[k - 1].at);
        return Math.round(s[k - 1].users + f * (s[k].users - s[k - 1].users));
      }
    }
    return s[s.length - 1].users;
  }

  /** When the target may next change: a second from now while ramping, else the next stage. */
  private nextChange(): number {
    const now = this.sim.now;
    for (let k = 0; k < this.stages.length; k++) {
      const stage = this.stages[k];
      if (stage.at > now) {
        const ramping = k > 0 && this.stages[k - 1].users !== stage.users;
        return ramping ? Math.min(stage.at, now + 1) : stage.at;
      }
    }
    return Infinity;
  }
}
