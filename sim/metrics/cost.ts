// What a run costs at list prices (docs/aws-behaviour.md#pricing, docs/design.md#capacity-units): a
// pure function of what the run measured and the scenario's `pricing:` block.

/** Dollars per unit (the scenario's pricing, defaults per type). */
export interface Prices {
  region: string;
  loadBalancerHour: number;
  lcuHour: number;
  processedGb: number;
  /** Per GB crossing zones, in each direction. */
  crossZoneGb: number;
}

export interface CostInput {
  prices: Prices;
  /** The run's length in seconds. */
  seconds: number;
  /** LCU-hours billed (per bucket the larger of consumed and reserved), or null without capacity units. */
  billedLcuHours: number | null;
  /** Bytes the load balancer carried, requests and responses (for classic's per-GB price). */
  processedBytes: number;
  /** Bytes that crossed zones between a node and a target. */
  crossZoneBytes: number;
}

/** The cost section of the result (docs/design.md#results). Amounts in US dollars. */
export interface CostResult {
  region: string;
  currency: "USD";
  hours: number;
  loadBalancerHours: number;
  lcuHours: number;
  processedGb: number;
  crossZoneGb: number;
  /** Dollars by item. */
  loadBalancer: number;
  lcu: number;
  processed: number;
  crossZone: number;
  total: number;
  /** The same load for a month of 730 hours. */
  perMonth: number;
}

/** Hours in AWS's month (8,760 / 12). */
export const HOURS_PER_MONTH = 730;
const GB = 1e9;

export function costOf({ prices, seconds, billedLcuHours, processedBytes, crossZoneBytes }: CostInput): CostResult {
  const hours = seconds / 3600;
  const lcuHours = billedLcuHours ?? 0;
  const processedGb = processedBytes / GB;
  const crossZoneGb = crossZoneBytes / GB;
  const loadBalancer = hours * prices.loadBalancerHour;
  const lcu = lcuHours * prices.lcuHour;
  const processed = processedGb * prices.processedGb;
  // Charged "in each direction": out of one zone and into the other.
  const crossZone = crossZoneGb * prices.crossZoneGb * 2;
  const total = loadBalancer + lcu + processed + crossZone;
  return {
    region: prices.region,
    currency: "USD",
    hours,
    loadBalancerHours: hours,
    lcuHours,
    processedGb,
    crossZoneGb,
    loadBalancer,
    lcu,
    processed,
    crossZone,
    total,
    perMonth: hours > 0 ? (total / hours) * HOURS_PER_MONTH : 0,
  };
}
