// The capacity-unit and cost lines of a summary, a report and `compare` (docs/design.md#capacity-units).
import type { CapacityResult, CostResult } from "../sim/metrics/result";

/** `$0.41`, `$1,795`, `$0.0042`: cents for amounts from a dollar, two significant digits below. */
export function formatDollars(x: number): string {
  if (x >= 1) return `$${x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (x === 0) return "$0";
  return `$${x.toPrecision(2)}`;
}

/** `12.3`, `0.042`: three significant digits. */
export function formatLcus(x: number): string {
  return x >= 1000 ? Math.round(x).toLocaleString("en-US") : String(Number(x.toPrecision(3)));
}

export function capacityItems(c: CapacityResult): string[] {
  const dims = Object.entries(c.byDimension)
    .map(([name, hours]) => `${name.replaceAll("-", " ")} ${formatLcus(hours)}`)
    .join(", ");
  const billed = c.billedLcuHours > c.lcuHours + 1e-12 ? ` (billed ${formatLcus(c.billedLcuHours)}, reserved)` : "";
  return [
    `peak ${formatLcus(c.peakLcus)} LCUs`,
    `${formatLcus(c.lcuHours)} LCU-hours${billed}`,
    `by dimension: ${dims}`,
  ];
}

export function costItems(c: CostResult, hasLcus: boolean): string[] {
  const parts = [`load balancer ${formatDollars(c.loadBalancer)}`];
  if (hasLcus) parts.push(`LCUs ${formatDollars(c.lcu)}`);
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
