// The targets an access log names, each placed in a zone (by --zone's ranges, or one zone per
// subnet), with the busy time that gives a guess at their concurrency.
import { inRange, ipv4, type ZoneRange, zoneLetter } from "./zone-ranges";

/** Distinct targets; a load balancer has at most a thousand per target group. */
export const MAX_TARGETS = 10_000;
/** The window over which a target's busy time is averaged to guess its concurrency. */
export const BUSY_WINDOW = 10;
/** Windows kept per target before the oldest is folded into its peak: ten minutes of them. */
const BUSY_WINDOWS = 64;

export interface ImportedTarget {
  zone: string;
  subnet: string;
  requests: number;
  /** Busy seconds per BUSY_WINDOW, by window: the latest few, as lines come roughly in time order. */
  busy: Map<number, number>;
  /** The most requests held on average over a window already let go of. */
  peak: number;
}

export class ImportedTargets {
  /** Every target by its address, in the order first seen. */
  readonly byAddress = new Map<string, ImportedTarget>();
  /** Set when more than MAX_TARGETS targets appeared: the rest are in no zone's count. */
  overflow = false;
  /** Target hosts no --zone range holds. */
  readonly unzoned = new Set<string>();
  private readonly subnetZones = new Map<string, string>();

  constructor(private readonly ranges: readonly ZoneRange[]) {}

  /** The target at `address` (`host:port`), placed in its zone when first seen; null past MAX_TARGETS. */
  get(address: string): ImportedTarget | null {
    let t = this.byAddress.get(address);
    if (t) return t;
    if (this.byAddress.size >= MAX_TARGETS) {
      this.overflow = true;
      return null;
    }
    const host = address.slice(0, address.lastIndexOf(":"));
    const ranges = this.ranges;
    let zone: string | undefined;
    let subnet = "";
    if (ranges.length > 0) {
      const ip = ipv4(host);
      const range = ip === null ? undefined : ranges.find((z) => inRange(ip, z));
      zone = range?.zone;
      subnet = range?.text ?? "";
      if (!zone) this.unzoned.add(host);
    } else {
      // AWS subnets lie in one zone; a /24 (IPv6: /64) is taken for a subnet.
      subnet = host.includes(":")
        ? `${host.split(":").slice(0, 4).join(":")}::/64`
        : `${host.replace(/\.\d+$/, "")}.0/24`;
      zone = this.subnetZones.get(subnet);
      if (!zone) {
        zone = zoneLetter(this.subnetZones.size);
        this.subnetZones.set(subnet, zone);
      }
    }
    t = { zone: zone ?? "unzoned", subnet, requests: 0, busy: new Map(), peak: 0 };
    this.byAddress.set(address, t);
    return t;
  }

  /** The most requests one target held on average over a window, rounded up: a guess at its concurrency. */
  concurrencyGuess(): number {
    let busiest = 0;
    for (const t of this.byAddress.values()) {
      busiest = Math.max(busiest, t.peak);
      for (const s of t.busy.values()) busiest = Math.max(busiest, s / BUSY_WINDOW);
    }
    return Math.min(100_000, Math.max(1, Math.ceil(busiest)));
  }
}

/** Adds busy seconds to a target's window, folding its oldest window into its peak when it holds too many. */
export function busy(target: ImportedTarget, window: number, seconds: number): void {
  target.busy.set(window, (target.busy.get(window) ?? 0) + seconds);
  if (target.busy.size <= BUSY_WINDOWS) return;
  let oldest = Infinity;
  for (const w of target.busy.keys()) if (w < oldest) oldest = w;
  target.peak = Math.max(target.peak, target.busy.get(oldest)! / BUSY_WINDOW);
  target.busy.delete(oldest);
}
