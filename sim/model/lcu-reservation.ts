// LCU reservation (docs/aws-behaviour.md#lcu-reservation): a reserved minimum capacity for the
// whole load balancer, "evenly distributed across availability zones", in effect once it is
// provisioned, a provisioning time after it was requested. The limits on changing it (the
// previous request provisioned first, two decreases a day) are checked when the scenario loads
// (sim/scenario/capacity-defaults.ts).
import type { Simulation } from "../engine/simulation";
import type { LogEntry } from "../metrics/result";
import type { ReservationRequest } from "../scenario/defaults";

export class LcuReservation {
  constructor(
    sim: Simulation,
    settings: { provisioningTime: number; requests: readonly ReservationRequest[] },
    record: (entry: LogEntry) => void,
    /** The reservation in effect is now `lcus` for the whole load balancer. */
    apply: (lcus: number) => void,
  ) {
    const requestedKind = sim.on("reservation-requested", (i) => {
      const { lcus } = settings.requests[i];
      const delay = provisioningDelay(settings.requests, i, settings.provisioningTime);
      record({ at: sim.now, type: "reservation-requested", lcus, readyAt: sim.now + delay });
      sim.schedule(delay, readyKind, i);
    });
    const readyKind = sim.on("reservation-ready", (i) => {
      const { lcus } = settings.requests[i];
      record({ at: sim.now, type: "reservation-ready", lcus });
      apply(lcus);
    });
    settings.requests.forEach((request, i) => {
      sim.scheduleAt(request.at, requestedKind, i);
    });
  }
}

/**
 * How long request i takes to be in effect: an increase is provisioned in `provisioningTime`; a
 * decrease (or a reset to 0) releases capacity, which AWS need not find, so it applies at once
 * (a choice: AWS documents the time only for requests it must fulfil, docs/design.md#capacity-units).
 */
export function provisioningDelay(
  requests: readonly ReservationRequest[],
  i: number,
  provisioningTime: number,
): number {
  const previous = i > 0 ? requests[i - 1].lcus : 0;
  return requests[i].lcus < previous || requests[i].lcus === 0 ? 0 : provisioningTime;
}

/** Nodes (network: capacity units) per zone that hold `lcus` split evenly over `zones` zones. */
export function reservedPerZone(lcus: number, zones: number, perNode: number): number {
  return Math.ceil(lcus / zones / perNode - 1e-9);
}
