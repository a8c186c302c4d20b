// The settings a class varies, with the values a run used and the --set paths that change them
// (docs/design.md#the-dashboard-as-a-teaching-instrument): cross-zone, nodes per zone, DNS caching and TTL, health checks,
// the deregistration delay and the first client group's peak rate. DOM-free: the worker reads
// them from the loaded scenario and the file as written (overrides apply to the file).
import type { Scenario } from "../../sim/scenario/defaults";
import { formatSeconds } from "../../sim/scenario/units";

export interface WhatIfSetting {
  /** The --set paths it writes (the peak rate may be several points of a rate curve). */
  paths: string[];
  label: string;
  kind: "boolean" | "count" | "duration" | "cache" | "rate";
  /** The value the run used, as --set writes it. */
  value: string;
}

export function whatIfSettings(scenario: Scenario, raw: unknown): WhatIfSetting[] {
  const lb = scenario.loadBalancer;
  const hc = lb.healthCheck;
  const seconds = (s: number) => formatSeconds(s);
  const settings: WhatIfSetting[] = [
    {
      paths: ["loadBalancer.crossZone"],
      label: "Cross-zone load balancing",
      kind: "boolean",
      value: String(lb.crossZone),
    },
    { paths: ["loadBalancer.nodesPerZone"], label: "Nodes per zone", kind: "count", value: String(lb.nodesPerZone) },
    { paths: ["loadBalancer.dns.ttl"], label: "DNS TTL", kind: "duration", value: seconds(lb.dns.ttl) },
    {
      paths: ["loadBalancer.healthCheck.interval"],
      label: "Health check interval",
      kind: "duration",
      value: seconds(hc.interval),
    },
    {
      paths: ["loadBalancer.healthCheck.timeout"],
      label: "Health check timeout",
      kind: "duration",
      value: seconds(hc.timeout),
    },
    {
      paths: ["loadBalancer.healthCheck.healthyThreshold"],
      label: "Healthy threshold",
      kind: "count",
      value: String(hc.healthyThreshold),
    },
    {
      paths: ["loadBalancer.healthCheck.unhealthyThreshold"],
      label: "Unhealthy threshold",
      kind: "count",
      value: String(hc.unhealthyThreshold),
    },
    {
      paths: ["loadBalancer.deregistrationDelay"],
      label: "Deregistration delay",
      kind: "duration",
      value: seconds(lb.deregistrationDelay),
    },
  ];
  const group = scenario.clients[0];
  if (group) {
    const cache = group.dnsCache;
    settings.splice(3, 0, {
      paths: ["clients.0.dnsCache"],
      label: `DNS cache (${group.name})`,
      kind: "cache",
      value: typeof cache === "number" ? seconds(cache) : cache,
    });
    const rate = rawRate(raw);
    if (typeof rate === "number")
      settings.push({
        paths: ["clients.0.rate"],
        label: `Peak rate (${group.name}), requests/s`,
        kind: "rate",
        value: String(rate),
      });
    else if (Array.isArray(rate)) {
      const rps = rate.map((p) =>
        p && typeof p === "object" && typeof (p as { rps?: unknown }).rps === "number"
          ? (p as { rps: number }).rps
          : Number.NaN,
      );
      const peak = Math.max(...rps.filter(Number.isFinite));
      if (Number.isFinite(peak))
        settings.push({
          paths: rps.flatMap((v, k) => (v === peak ? [`clients.0.rate.${k}.rps`] : [])),
          label: `Peak rate (${group.name}), requests/s`,
          kind: "rate",
          value: String(peak),
        });
    }
  }
  return settings;
}

/** The first client group's rate as the file writes it (a number or a list of points), if any. */
function rawRate(raw: unknown): unknown {
  const clients = (raw as { clients?: unknown } | null)?.clients;
  const first = Array.isArray(clients) ? clients[0] : undefined;
  return first && typeof first === "object" ? (first as { rate?: unknown }).rate : undefined;
}
