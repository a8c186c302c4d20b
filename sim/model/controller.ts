// The ELB controller (docs/design.md#controller, docs/aws-behaviour.md#scaling-takes-1-to-7-minutes): it measures the nodes' load and scales
// them "equally in all AZs". New nodes take 1 to 7 minutes to provision, then enter DNS; a
// retiring node leaves DNS at once, keeps serving its connections for `retireAfter`, then closes
// them, so its clients connect again through DNS.
import type { Simulation } from "../engine/simulation";
import type { RandomStreams, Rng } from "../engine/random";
import type { ScalingAction } from "../metrics/result";
import type { LogEntry } from "../metrics/result";
import type { LoadBalancerSettings } from "../scenario/defaults";
import type { CapacityUnits } from "./capacity-units";
import type { LbNode } from "./lb-node";
import { LcuReservation, reservedPerZone } from "./lcu-reservation";

/** What the controller scales: the nodes, through the load balancer that owns them. */
export interface ScaledFleet {
  readonly zones: readonly string[];
  readonly nodes: readonly LbNode[];
  readonly settings: LoadBalancerSettings;
  /** The LCU meter, when the load balancer is sized in capacity units. */
  readonly capacity: CapacityUnits | null;
  readonly clients: readonly { countOpenByNode(now: number, into: number[]): void }[];
  record(entry: LogEntry): void;
  launchNode(z: number): LbNode;
  publishDns(): void;
  closeNode(node: LbNode, state: "failed" | "retired"): void;
}

export class Controller {
  private readonly readyKind: number;
  private readonly dnsKind: number;
  private readonly retireKind: number;
  private readonly capacityKind: number;
  /**
   * Network load balancers keep one static address per zone (docs/aws-behaviour.md#static-addresses):
   * the controller grows each zone node's capacity behind its address instead of adding nodes, so
   * scaling is invisible to DNS and to clients' caches. Capacity units still being provisioned,
   * per zone:
   */
  private readonly pendingUnits: number[];
  /** Pending units a reservation already brought into service, per zone (capacityReady skips them). */
  private readonly absorbed: number[];
  private readonly provisioning: Rng;
  /** Requests each zone's nodes had received at the last evaluation. */
  private readonly lastReceived: number[];
  /** Since when utilisation has stayed below `scaleInAt` (NaN: it has not). */
  private lowSince = NaN;
  /** Per node, its capacity-unit counts at the last evaluation. */
  private lastCounts: ReturnType<CapacityUnits["snapshot"]> = [];
  /** Nodes (network: capacity units) per zone the LCU reservation in effect holds. */
  private reserved = 0;
  readonly scaling: ScalingAction[] = [];

  constructor(
    private readonly sim: Simulation,
    private readonly lb: ScaledFleet,
    streams: RandomStreams,
  ) {
    // Its own stream: changing clients or targets never moves provisioning times.
    this.provisioning = streams.stream("controller/provisioning");
    this.lastReceived = lb.zones.map(() => 0);
    this.readyKind = sim.on("node-ready", (n) => this.ready(lb.nodes[n]));
    this.dnsKind = sim.on("node-in-dns", (n) => this.enterDns(lb.nodes[n]));
    this.retireKind = sim.on("node-retired", (n) => this.retired(lb.nodes[n]));
    this.capacityKind = sim.on("capacity-ready", (z) => this.capacityReady(z));
    this.pendingUnits = lb.zones.map(() => 0);
    this.absorbed = lb.zones.map(() => 0);
    const evaluateKind = sim.on("controller", () => {
      if (lb.settings.controller.enabled) this.evaluate();
      sim.schedule(lb.settings.controller.evaluationInterval, evaluateKind);
    });
    sim.schedule(lb.settings.controller.evaluationInterval, evaluateKind);
    const units = lb.settings.capacityUnits;
    if (units?.reservation)
      new LcuReservation(
        sim,
        units.reservation,
        (entry) => lb.record(entry),
        (lcus) => this.reserve(lcus, units.perNode),
      );
  }

  /**
   * A reservation of `lcus` is in effect: split evenly over the zones, it is a floor on each zone's
   * nodes (network: capacity units behind its address), provisioned already, so they serve now.
   */
  private reserve(lcus: number, perNode: number): void {
    const { lb } = this;
    if (lb.capacity) lb.capacity.reserved = lcus;
    this.reserved = reservedPerZone(lcus, lb.zones.length, perNode);
    for (let z = 0; z < lb.zones.length; z++) {
      if (this.staticAddresses) {
        const node = this.zoneNode(z);
        if (node.capacityUnits >= this.reserved) continue;
        // Units still provisioning for a scale-out are part of the reserved capacity: they count
        // now, and their capacity-ready event adds nothing.
        const absorbed = Math.min(this.pendingUnits[z] - this.absorbed[z], this.reserved - node.capacityUnits);
        this.absorbed[z] += absorbed;
        node.capacityUnits = this.reserved;
        lb.record({ at: this.sim.now, type: "capacity-ready", node: node.id, units: node.capacityUnits });
        continue;
      }
      // Nodes still provisioning for a scale-out are part of the reserved capacity: ready now.
      const serving = lb.nodes.filter((n) => n.zone === z && n.state === "in-service").length;
      const provisioning = lb.nodes.filter((n) => n.zone === z && n.state === "provisioning");
      for (let k = serving; k < this.reserved; k++) this.ready(provisioning.shift() ?? lb.launchNode(z));
    }
  }

  /**
   * One evaluation. Demand is what reached each zone's nodes over the interval (requests
   * offered, spilled ones included: a saturated node's busy time would hide how much more
   * came). Utilisation is that demand over the capacity of the zone's nodes in service; the
   * busiest zone decides, since nodes are added and removed equally in every zone.
   *
   * Concurrent decisions: nodes still provisioning count toward the size the controller wants,
   * so a scale-out while one is under way adds only what the newer measurement asks beyond it.
   */
  private evaluate(): void {
    const { lb } = this;
    const c = lb.settings.controller;
    const capacity = lb.settings.node.capacity;
    let busiest = 0;
    let demand = 0;
    // In capacity units, each zone's load is also its largest LCU dimension (docs/design.md#capacity-units).
    const units = lb.capacity;
    const perNode = lb.settings.capacityUnits?.perNode ?? 1;
    let lcuDemand = 0;
    const open: number[] = [];
    if (units) for (const group of lb.clients) group.countOpenByNode(this.sim.now, open);
    const utilisation = (load: number, serving: number) => (serving > 0 ? load / serving : load > 0 ? Infinity : 0);
    lb.zones.forEach((_, z) => {
      const nodes = lb.nodes.filter((n) => n.zone === z);
      const received = nodes.reduce((a, n) => a + n.requests, 0);
      const rate = (received - this.lastReceived[z]) / c.evaluationInterval;
      this.lastReceived[z] = received;
      const serving = nodes.reduce((a, n) => a + (n.state === "in-service" ? n.capacityUnits : 0), 0);
      busiest = Math.max(busiest, serving > 0 ? rate / (serving * capacity) : rate > 0 ? Infinity : 0);
      demand = Math.max(demand, rate);
      if (units) {
        const active = nodes.reduce((a, n) => a + (open[n.index] ?? 0), 0);
        const indices = nodes.map((n) => n.index);
        const lcus = units.load(indices, this.lastCounts, active, c.evaluationInterval);
        busiest = Math.max(busiest, utilisation(lcus, serving * perNode));
        lcuDemand = Math.max(lcuDemand, lcus);
      }
    });
    if (units) this.lastCounts = units.snapshot();
    // A reservation holds even above maxNodesPerZone: AWS keeps what was reserved.
    const wanted = Math.max(
      this.reserved,
      Math.min(
        c.maxNodesPerZone,
        Math.max(
          c.minNodesPerZone,
          Math.ceil(demand / (capacity * c.targetUtilization)),
          Math.ceil(lcuDemand / (perNode * c.targetUtilization)),
        ),
      ),
    );
    const planned = this.staticAddresses
      ? Math.max(...lb.zones.map((_, z) => this.zoneNode(z).capacityUnits + this.pendingUnits[z] - this.absorbed[z]))
      : this.nodesPerZone((n) => n.state === "in-service" || n.state === "provisioning");
    if (busiest > c.scaleOutAt) {
      this.lowSince = NaN;
      if (wanted > planned) this.scaleOut(wanted - planned, planned);
    } else if (busiest < c.scaleInAt) {
      if (Number.isNaN(this.lowSince)) this.lowSince = this.sim.now;
      if (this.sim.now - this.lowSince >= c.scaleInAfter && wanted < planned) {
        this.scaleIn(planned - wanted, wanted);
        this.lowSince = NaN;
      }
    } else this.lowSince = NaN;
  }

  private get staticAddresses(): boolean {
    return this.lb.settings.type === "network";
  }

  /** A network load balancer's node in zone z: the one behind the zone's address. */
  private zoneNode(z: number): LbNode {
    return this.lb.nodes.find((n) => n.zone === z)!;
  }

  /** The most nodes matching `which` in any zone. */
  private nodesPerZone(which: (n: LbNode) => boolean): number {
    return Math.max(...this.lb.zones.map((_, z) => this.lb.nodes.filter((n) => n.zone === z && which(n)).length));
  }

  private scaleOut(count: number, from: number): void {
    const { lb } = this;
    const { min, max } = lb.settings.controller.provisioningTime;
    let readyAt = this.sim.now;
    for (let k = 0; k < count; k++) {
      for (let z = 0; z < lb.zones.length; z++) {
        const delay = min + (max - min) * this.provisioning();
        readyAt = Math.max(readyAt, this.sim.now + delay);
        if (this.staticAddresses) {
          this.pendingUnits[z]++;
          this.sim.schedule(delay, this.capacityKind, z);
        } else this.sim.schedule(delay, this.readyKind, lb.launchNode(z).index);
      }
    }
    const nodesPerZone = from + count;
    this.scaling.push({ at: this.sim.now, action: "scale-out", nodesPerZone, readyAt });
    lb.record({ at: this.sim.now, type: "scale-out", nodesPerZone, from });
  }

  private ready(node: LbNode): void {
    if (node.state !== "provisioning") return; // retired before it was ready
    node.state = "in-service";
    this.lb.record({ at: this.sim.now, type: "node-ready", node: node.id });
    this.sim.schedule(this.lb.settings.dns.propagationDelay, this.dnsKind, node.index);
  }

  private enterDns(node: LbNode): void {
    if (node.state !== "in-service") return;
    node.inDnsAt = this.sim.now;
    this.lb.publishDns();
  }

  /** One more unit of capacity behind zone z's address. */
  private capacityReady(z: number): void {
    const node = this.zoneNode(z);
    this.pendingUnits[z]--;
    if (this.absorbed[z] > 0) {
      this.absorbed[z]--;
      return;
    }
    node.capacityUnits++;
    this.lb.record({ at: this.sim.now, type: "capacity-ready", node: node.id, units: node.capacityUnits });
  }

  /** Retires the newest nodes first (or, behind static addresses, capacity), the same in every zone. */
  private scaleIn(count: number, to: number): void {
    const { lb } = this;
    for (let z = 0; z < lb.zones.length; z++) {
      if (this.staticAddresses) {
        const node = this.zoneNode(z);
        node.capacityUnits = Math.max(1, node.capacityUnits - count);
        lb.record({ at: this.sim.now, type: "capacity-retired", node: node.id, units: node.capacityUnits });
        continue;
      }
      const candidates = lb.nodes
        .filter((n) => n.zone === z && (n.state === "in-service" || n.state === "provisioning"))
        .reverse();
      for (const node of candidates.slice(0, count)) {
        const wasProvisioning = node.state === "provisioning";
        node.state = "retiring";
        lb.record({ at: this.sim.now, type: "node-retiring", node: node.id });
        this.sim.schedule(wasProvisioning ? 0 : lb.settings.controller.retireAfter, this.retireKind, node.index);
      }
    }
    lb.publishDns();
    this.scaling.push({ at: this.sim.now, action: "scale-in", nodesPerZone: to, readyAt: this.sim.now });
  }

  private retired(node: LbNode): void {
    this.lb.closeNode(node, "retired");
    node.retiredAt = this.sim.now;
    this.lb.record({ at: this.sim.now, type: "node-retired", node: node.id });
  }
}
