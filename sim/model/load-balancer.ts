// The load balancer: builds its parts and wires them (docs/design.md#layout). Each part gets what
// it needs through its constructor; none assigns another's fields. The request path itself is
// request-path.ts; this file holds the life of nodes and targets around it.
import type { RandomStreams } from "../engine/random";
import type { Simulation } from "../engine/simulation";
import type { Recorder } from "../metrics/recorder";
import type { LogEntry } from "../metrics/result";
import type { LoadBalancerSettings, Scenario } from "../scenario/defaults";
import { AutoScalingGroup } from "./auto-scaling-group";
import { autoScalingTargetGroups } from "./auto-scaling-slots";
import { Clients } from "./client";
import { ClientRequests } from "./client-requests";
import { Dns } from "./dns";
import { Draining } from "./draining";
import { HealthChecks } from "./health-check";
import { LbNode } from "./lb-node";
import { Meters } from "./meters";
import { RequestPath } from "./request-path";
import { RequestSizes } from "./request-sizes";
import { Requests } from "./requests";
import { SlowStart } from "./slow-start";
import { Targets } from "./target";
import { Users } from "./users";
import { HealthView } from "./target-state";

export class LoadBalancer {
  readonly settings: LoadBalancerSettings;
  readonly zones: readonly string[];
  readonly requests = new Requests();
  readonly targets: Targets;
  readonly nodes: LbNode[] = [];
  readonly dns: Dns;
  readonly clients: Clients[];
  readonly clientRequests: (ClientRequests | null)[];
  readonly groupBytes: ({ request: number; response: number } | null)[];
  readonly groupZones: number[];
  readonly sizes: RequestSizes;
  private readonly users: (Users | null)[];
  readonly meters: Meters;
  readonly log: LogEntry[] = [];
  readonly checks: HealthChecks;
  readonly draining: Draining;
  readonly slowStart: SlowStart;
  /** EC2 Auto Scaling groups whose instances are targets after the scenario's own (usually none). */
  readonly autoScalingGroups: AutoScalingGroup[] = [];
  private readonly path: RequestPath;
  private readonly nodeSerial: number[];
  /** The zone under a zonal shift, or -1. */
  private shiftedZone = -1;
  /** Zones out (an `outage` event) now. */
  private readonly zonesDown = new Set<number>();

  constructor(
    private readonly sim: Simulation,
    readonly scenario: Scenario,
    streams: RandomStreams,
    recorder: Recorder,
  ) {
    // A private copy: `set` events change settings mid-run without touching the scenario.
    const settings = structuredClone(scenario.loadBalancer);
    this.settings = settings;
    this.zones = scenario.zones;
    const hooks = {
      started: (r: number, _t: number, serviceTime: number) => this.path.started(r, serviceTime),
      finished: (r: number, t: number, status: number) => this.path.finished(r, t, status),
    };
    const groups = scenario.autoScalingGroups ?? [];
    const slots = groups.flatMap(autoScalingTargetGroups);
    const targetGroups = slots.length > 0 ? [...scenario.targets, ...slots] : scenario.targets;
    this.targets = new Targets(sim, targetGroups, scenario.zones, streams, hooks, this.requests);
    this.dns = new Dns(streams.stream("dns"), settings.dns.maxRecords, settings.dns);
    this.groupBytes = scenario.clients.map((g) => g.bytes);
    this.sizes = new RequestSizes(scenario.clients, streams, this.groupBytes);
    this.groupZones = scenario.clients.map((g) => (g.zone === null ? -1 : scenario.zones.indexOf(g.zone)));
    this.meters = new Meters(recorder, this);
    const draw = streams.stream("routing");
    this.slowStart = new SlowStart(settings, this.targets, this.nodes, draw, () => sim.now);
    this.path = new RequestPath(sim, this, this.slowStart, draw);
    this.nodeSerial = scenario.zones.map(() => 0);

    // A network load balancer has one static address per zone: pre-warming gives that node more
    // capacity (docs/aws-behaviour.md#static-addresses). Other types get more nodes.
    const staticAddresses = settings.type === "network";
    for (let k = 0; k < (staticAddresses ? 1 : settings.nodesPerZone); k++) {
      for (let z = 0; z < this.zones.length; z++) {
        const node = this.launchNode(z);
        node.state = "in-service";
        if (staticAddresses) node.capacityUnits = settings.nodesPerZone;
      }
    }
    for (const node of this.nodes) node.inDnsAt = 0;
    this.publishDns();
    this.clients = scenario.clients.map((group, g) => new Clients(g, group, streams, this.dns, this.nodes, settings));
    // Closed-loop users need to know when their request is over: their groups track requests too.
    this.users = scenario.clients.map((group, g) =>
      group.users ? new Users(sim, group, streams, scenario.duration, (u) => this.path.sender.userSends(g, u)) : null,
    );
    this.clientRequests = scenario.clients.map((group, g) =>
      group.timeout !== null ||
      group.connectTimeout !== null ||
      group.retry.policy !== "none" ||
      group.breaker ||
      group.users
        ? new ClientRequests(sim, group, streams, recorder, {
            send: (l) => this.path.sender.attempt(g, l),
            abandon: (c) => {
              this.clients[g].disconnect(c);
              this.meters.clientGaveUp();
            },
            done: (c) => this.users[g]?.done(c),
          })
        : null,
    );
    this.path.sender.start();
    for (const users of this.users) users?.start();
    // After the arrivals, so that events at one instant keep the order they always had.
    this.checks = new HealthChecks(sim, this, streams, {
      viewChanged: (node, t, view) => this.viewChanged(node, t, view),
      viewsReset: () => this.targetsChanged(),
    });
    this.draining = new Draining(sim, this, this.slowStart, this.checks);
    let first = scenario.targets.reduce((n, g) => n + g.count, 0);
    for (const group of groups) {
      this.autoScalingGroups.push(new AutoScalingGroup(sim, this, group, first, streams, recorder));
      first += group.slots;
    }
  }

  get now(): number {
    return this.sim.now;
  }

  /** The LCU meter, when the load balancer is sized in capacity units (capacity-units.ts). */
  get capacity() {
    return this.meters.capacity;
  }

  record(entry: LogEntry): void {
    this.log.push(entry);
  }

  /** Adds a node in zone z (provisioning until the caller puts it in service). */
  launchNode(z: number): LbNode {
    const id = `${this.zones[z]}-n${++this.nodeSerial[z]}`;
    const node = new LbNode(this.nodes.length, id, z, this.targets.count, this.sim.now);
    node.learnFrom(this.nodes, this.targets);
    this.nodes.push(node);
    this.meters.addNode(node);
    // The first nodes launch before the checks exist, which start on every node they find.
    if (this.checks) this.checks.startChecking(node);
    return node;
  }

  publishDns(): void {
    const records = this.dns.update(this.nodes, this.targets, this.settings, this.sim.now, this.shiftedZone);
    if (records) {
      const nodes = records.map((n) => this.nodes[n].id).join(" ");
      this.record({ at: this.sim.now, type: "dns", records: records.length, nodes });
    }
  }

  /** Health, registration or a setting changed: nodes recompute candidates, DNS its records. */
  targetsChanged(): void {
    for (const node of this.nodes) node.candidatesStale = true;
    this.publishDns();
    this.path.targetsChanged();
  }

  /** Settings as a `set` event left them, copied in place (parts hold pieces of them). */
  applySettings(i: number): void {
    assignInPlace(this.settings, structuredClone(this.scenario.settingsAfter[i]));
    this.targetsChanged();
  }

  private viewChanged(node: LbNode, t: number, view: HealthView): void {
    this.slowStart.healthChanged(node, t, view);
    this.targetsChanged();
    if (view === HealthView.unhealthy) for (const g of this.autoScalingGroups) if (g.owns(t)) g.healthChanged(t);
  }

  /** Target t is no longer registered (its drain ended): an Auto Scaling group may terminate it. */
  deregistered(t: number): void {
    for (const g of this.autoScalingGroups) if (g.owns(t)) g.deregistered(t);
  }

  /**
   * Takes a node away (a zone outage, or retirement): what waits at it is dropped, and its
   * clients see their connections break and connect again through DNS.
   */
  closeNode(node: LbNode, state: "failed" | "retired"): void {
    node.state = state;
    this.path.dropQueues(node);
    this.publishDns();
  }

  /** A zonal shift starts (zone) or ends (null): new traffic stops going to the zone's addresses. */
  zonalShift(zone: string | null): void {
    this.shiftedZone = zone === null ? -1 : this.zones.indexOf(zone);
    this.record({ at: this.sim.now, type: zone === null ? "zonal-shift-end" : "zonal-shift", zone: zone ?? "" });
    this.publishDns();
  }

  /** Whether zone z is out (an instance launched there would fail). */
  zoneDown(z: number): boolean {
    return this.zonesDown.has(z);
  }

  /** Client requests the load balancer has at target t (every node's outstanding count). */
  outstandingAt(t: number): number {
    return this.path.outstandingAt(t);
  }

  /** Answers every client request at t with `status` (a crash's 502, a drain's cut); returns how many. */
  cutRequests(t: number, status: number): number {
    return this.path.cutRequests(t, status);
  }

  /** A crash: in-flight requests end in 502 and checks waiting in its backlog die with it. */
  failTarget(t: number): void {
    this.targets.failed[t] = 1;
    this.cutRequests(t, 502);
    // Their timeouts record the failed checks.
    this.targets.backlog[t].removeWhere(() => true);
  }

  /**
   * A zone outage: its nodes and targets fail. Clients connected to those nodes see their
   * connections break and connect again through DNS, which drops the failed nodes.
   */
  zoneOutage(zone: string, down: boolean): void {
    const z = this.zones.indexOf(zone);
    if (down) this.zonesDown.add(z);
    else this.zonesDown.delete(z);
    this.record({ at: this.sim.now, type: down ? "outage" : "restore", zone });
    for (const node of this.nodes) {
      if (node.zone !== z) continue;
      if (down && node.reachable) this.closeNode(node, "failed");
      else if (!down && node.state === "failed") node.state = "in-service";
    }
    for (let t = 0; t < this.targets.count; t++) {
      if (this.targets.zone[t] !== z) continue;
      if (down) this.failTarget(t);
      else this.targets.failed[t] = 0;
    }
    this.targetsChanged();
    if (!down) for (const g of this.autoScalingGroups) g.zoneRestored();
  }
}

/** Copies `source` into `target` keeping every nested object's identity. */
function assignInPlace(target: object, source: object): void {
  const into = target as Record<string, unknown>;
  for (const [key, value] of Object.entries(source)) {
    const current = into[key];
    if (value !== null && typeof value === "object" && current !== null && typeof current === "object")
      assignInPlace(current, value);
    else into[key] = value;
  }
}
