// The capacity-unit and cost lines of a summary, a report and `compare` (docs/design.md#capacity-units).
import type { CapacityResult, CostResult, RunResult } from "../sim/metrics/result";
import type { Scenario } from "../sim/scenario/defaults";
import { formatDollars, formatDuration } from "./format";

export { formatDollars } from "./format";

/** `12.3`, `0.042`: three significant digits. */
export function formatLcus(x: number): string {
  return x >= 1000 ? Math.round(x).toLocaleString("en-US") : String(Number(x.toPrecision(3)));
}

/**
 * What a capacity unit is called: a network load balancer's are NLCUs on the pricing page
 * (docs/aws-behaviour.md#lcu-dimensions), though CloudWatch names its metric ConsumedLCUs too.
 */
export type CapacityUnit = "LCU" | "NLCU";

export function capacityUnitOf(type: string): CapacityUnit {
  return type === "network" ? "NLCU" : "LCU";
}

export function capacityItems(c: CapacityResult, unit: CapacityUnit = "LCU"): string[] {
  const dims = Object.entries(c.byDimension)
    .map(([name, hours]) => `${name.replaceAll("-", " ")} ${formatLcus(hours)}`)
    .join(", ");
  const billed = c.billedLcuHours > c.lcuHours + 1e-12 ? ` (billed ${formatLcus(c.billedLcuHours)}, reserved)` : "";
  return [
    `peak ${formatLcus(c.peakLcus)} ${unit}s`,
    `${formatLcus(c.lcuHours)} ${unit}-hours${billed}`,
    `${unit}-hours by dimension: ${dims}`,
  ];
}

export function costItems(c: CostResult, hasLcus: boolean, unit: CapacityUnit = "LCU"): string[] {
  const parts = [`load balancer ${formatDollars(c.loadBalancer)}`];
  if (hasLcus) parts.push(`${unit}s ${formatDollars(c.lcu)}`);
  if (c.processedGb > 0 && c.processed > 0) parts.push(`processed ${formatDollars(c.processed)}`);
  if (c.crossZoneGb > 0)
    parts.push(
      `cross-zone ${formatDollars(c.crossZone)} (${formatLcus(c.crossZoneGb)} GB${c.crossZone === 0 ? ", free" : ""})`,
    );
  return [
    `${formatDollars(c.total)} for the run (${c.region} list prices)`,
    parts.join(", "),
    `≈ ${formatDollars(c.perMonth)} a month at this load`,
  ];
}

/** The report's capacity-unit and cost tables (docs/design.md#capacity-units), or nothing. */
export function costTables(
  result: RunResult,
  table: (head: string[], rows: string[][], options?: { rowHeaders?: boolean }) => string,
  unit: CapacityUnit = "LCU",
): string[] {
  const out: string[] = [];
  if (result.capacity) {
    const c = result.capacity;
    out.push(
      `<h3>Capacity units</h3>`,
      table(
        ["dimension", `${unit}-hours`],
        [
          ...Object.entries(c.byDimension).map(([name, hours]) => [name.replaceAll("-", " "), formatLcus(hours)]),
          ["consumed (the largest dimension each interval)", formatLcus(c.lcuHours)],
          ["billed (reservation included)", formatLcus(c.billedLcuHours)],
          [`peak ${unit}s (busiest second)`, formatLcus(c.peakLcus)],
        ],
        { rowHeaders: true },
      ),
    );
  }
  if (result.cost) {
    const k = result.cost;
    out.push(
      `<h3>Cost at ${k.region} list prices</h3>`,
      table(
        ["item", "quantity", "cost"],
        [
          ["load balancer hours", formatLcus(k.loadBalancerHours), formatDollars(k.loadBalancer)],
          [`${unit}-hours`, formatLcus(k.lcuHours), formatDollars(k.lcu)],
          ["GB processed", formatLcus(k.processedGb), charged(k.processed, k.processedGb)],
          ["GB across zones (node ↔ target)", formatLcus(k.crossZoneGb), charged(k.crossZone, k.crossZoneGb)],
          ["the run", "", formatDollars(k.total)],
          ["a month (730 h) at this load", "", formatDollars(k.perMonth)],
        ],
        { rowHeaders: true },
      ),
    );
  }
  return out;
}

/**
 * A cost, saying so when there was something to charge but no price for it (an application load
 * balancer's processed bytes are in its LCUs, its traffic across zones is free).
 */
function charged(dollars: number, quantity: number): string {
  return dollars === 0 && quantity > 0 ? "$0 (not charged)" : formatDollars(dollars);
}

/** The report's cost card, or nothing without a cost section. */
export function costCard(result: RunResult, card: (label: string, value: string, note: string) => string): string {
  const c = result.cost;
  return c ? card("cost", formatDollars(c.total), `≈ ${formatDollars(c.perMonth)} a month at this load`) : "";
}

/** The settings rows for capacity units, reservation, inter-zone latency and pricing, when set. */
export function capacityRows(scenario: Scenario): [string, string][] {
  const lb = scenario.loadBalancer;
  const rows: [string, string][] = [];
  const u = lb.capacityUnits;
  const unit = capacityUnitOf(lb.type);
  if (u) {
    const parts = [`${formatLcus(u.perNode)} ${unit}s per node`];
    if (lb.type === "application") parts.push(`${u.rules} rules`, u.tls ? "HTTPS (TLS handshakes)" : "HTTP");
    else parts.push(u.tls ? "TLS listener" : "TCP listener");
    rows.push(["capacity units", parts.join(", ")]);
    if (u.reservation)
      rows.push([
        "LCU reservation",
        `${u.reservation.requests.map((r) => `${formatLcus(r.lcus)} ${unit}s at ${formatDuration(r.at)}`).join(", ")}; provisioned in ${formatDuration(u.reservation.provisioningTime)}`,
      ]);
  }
  if (lb.interZoneLatency > 0)
    rows.push(["inter-zone latency", `${formatDuration(lb.interZoneLatency)} a hop, each way`]);
  const p = scenario.pricing;
  if (p)
    rows.push([
      "pricing",
      `${p.region}: $${p.loadBalancerHour}/hour, $${p.lcuHour}/${unit}-hour, $${p.processedGb}/GB processed, $${p.crossZoneGb}/GB across zones each way`,
    ]);
  return rows;
}
