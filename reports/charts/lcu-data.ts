// The capacity-unit chart's lines (docs/design.md#capacity-units): ConsumedLCUs by dimension, and
// PeakLCUs and ReservedLCUs at the load balancer.
import type { TimeSeries } from "../../sim/metrics/result";
import { seriesValues } from "./from-run";
import type { LineChartData, LineSeries } from "./line-chart";
import { OKABE_ITO } from "./palette";

export function lcuData(ts: TimeSeries): LineChartData {
  const series: LineSeries[] = [];
  const lines = [
    ["ConsumedLCUs", "lcu=new-connections", "new connections", OKABE_ITO.orange],
    ["ConsumedLCUs", "lcu=active-connections", "active connections", OKABE_ITO.skyBlue],
    ["ConsumedLCUs", "lcu=processed-bytes", "processed bytes", OKABE_ITO.bluishGreen],
    ["ConsumedLCUs", "lcu=rule-evaluations", "rule evaluations", OKABE_ITO.reddishPurple],
    ["PeakLCUs", "lb", "peak (busiest second)", OKABE_ITO.vermillion],
  ] as const;
  for (const [metric, dimension, label, color] of lines) {
    const values = seriesValues(ts, metric, dimension);
    if (values) series.push({ label, values, color, aggregate: "max" });
  }
  const reserved = seriesValues(ts, "ReservedLCUs");
  if (reserved)
    series.push({ label: "reserved", values: reserved, color: OKABE_ITO.black, dash: "6 3", aggregate: "max" });
  return { interval: ts.interval, series };
}
