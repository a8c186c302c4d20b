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
      record({ at: sim.now, type: "reservation-requested", lcus, readyAt: sim.now + settings.provisioningTime });
      sim.schedule(settings.provisioningTime, readyKind, i);
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

/** Nodes (network: capacity units) per zone that hold `lcus` split evenly over `zones` zones. */
export function reservedPerZone(lcus: number, zones: number, perNode: number): number {
  return Math.ceil(lcus / zones / perNode - 1e-9);
}
