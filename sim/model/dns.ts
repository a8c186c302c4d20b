// The load balancer's DNS name (docs/design.md#dns): answers with the addresses of the nodes in
// service, at most `maxRecords` of them in a fresh random order per query, with the TTL.
// Eight records and the shuffle are what resolvers see in practice; AWS does not document them
// (docs/design.md#eight-records-shuffled-per-query), so they are settings.
import type { Rng } from "../engine/random";
import type { LoadBalancerSettings } from "../scenario/defaults";
import type { LbNode } from "./lb-node";
import type { Targets } from "./target";
import { zoneFailsOver } from "./target-group-health";

export class Dns {
  /** Node indices in the published record set, in launch order. */
  private published = new Int32Array(0);
  /** Counts the record sets published, so a cached answer can tell it is from an older one. */
  version = 0;
  private scratch = new Int32Array(0);
  /** Answers given, and per node how often it came first (what `first`-picking clients use). */
  queries = 0;
  firstCounts = new Float64Array(0);

  /**
   * `settings.ttl` is read at every answer, so a `set` event that changes it takes effect on
   * the next query; `maxRecords` is fixed when the load balancer is created.
   */
  constructor(
    private readonly rng: Rng,
    readonly maxRecords: number,
    private readonly settings: { ttl: number },
  ) {}

  get ttl(): number {
    return this.settings.ttl;
  }

  /**
   * Publishes the record set for `nodes` now and returns it, or null when it did not change.
   * The set is every node in service (and past its propagation delay), less the zones that fail
   * over: application and network load balancers take out a zone whose healthy targets are below
   * the target group's DNS-failover threshold, counted in the zone or, with cross-zone on, over
   * every zone (docs/aws-behaviour.md#zone-fail-away-from-dns); classic documents no fail-away. If
   * every zone would leave, all stay (fail open). A zone under a zonal shift (`shifted`, -1 for
   * none) leaves too (docs/aws-behaviour.md#zonal-shift).
   */
  update(
    nodes: readonly LbNode[],
    targets: Targets,
    settings: LoadBalancerSettings,
    now: number,
    shifted = -1,
  ): number[] | null {
    const inService = nodes.filter((n) => n.state === "in-service" && n.inDnsAt !== null && n.inDnsAt <= now);
    const failAway = settings.type !== "classic";
    const kept = inService.filter(
      (n) => n.zone !== shifted && !(failAway && zoneFailsOver(nodes, targets, settings, n.zone)),
    );
    const records = (kept.length > 0 ? kept : inService).map((n) => n.index);
    return this.publish(records) ? records : null;
  }

  /** Replaces the record set (the caller applies any propagation delay); true if it changed. */
  publish(nodes: readonly number[]): boolean {
    if (nodes.length === this.published.length && nodes.every((n, i) => n === this.published[i])) return false;
    this.published = Int32Array.from(nodes);
    this.version++;
    this.scratch = new Int32Array(nodes.length);
    const highest = nodes.reduce((a, b) => Math.max(a, b), -1);
    if (highest >= this.firstCounts.length) {
      const counts = new Float64Array(Math.max(highest + 1, this.firstCounts.length * 2));
      counts.set(this.firstCounts);
      this.firstCounts = counts;
    }
    return true;
  }

  get recordCount(): number {
    return this.published.length;
  }

  /** Writes a fresh answer into `out` from `offset` and returns its length (0 if nothing is published). */
  answer(out: Int32Array, offset: number): number {
    const k = this.published.length;
    const m = Math.min(k, this.maxRecords);
    const s = this.scratch;
    s.set(this.published);
    // Partial Fisher–Yates: a uniformly random ordered selection of m of the k records.
    for (let i = 0; i < m; i++) {
      const j = i + Math.floor(this.rng() * (k - i));
      const chosen = s[j];
      s[j] = s[i];
      s[i] = chosen;
      out[offset + i] = chosen;
    }
    this.queries++;
    if (m > 0) this.firstCounts[out[offset]]++;
    return m;
  }
}
