// The dashboard's latency chart: percentiles pooled over each plotted bin (every request answered
// in the bin, stream-run.ts LatencyBins), not the largest of the bin's per-interval percentiles,
// which make a quiet minute's few slow requests look worse than a busy minute's many.
import { OKABE_ITO } from "../../reports/charts/palette";
import type { LineChartData, LineSeries } from "../../reports/charts/line-chart";
import { formatSeconds } from "../../sim/scenario/units";
import type { RunData } from "../stream/run-data";

/** p50, p90 and p99 per plotted bin, and the mean weighted by the requests answered per interval. */
export function pooledLatencyData(data: RunData): LineChartData {
  const { latencyBin } = data.meta;
  const mean = data.values("ClientLatency");
  const answered = (i: number) =>
    data.at("HTTPCode_Target_2XX_Count", "lb", i) + data.at("HTTPCode_Target_5XX_Count", "lb", i);
  const bins = data.latency.p99.length;
  const means: number[] = [];
  for (let b = 0; b < bins; b++) {
    let sum = 0;
    let count = 0;
    for (let i = b * latencyBin; i < Math.min(data.buckets, (b + 1) * latencyBin); i++) {
      const n = answered(i);
      if (n > 0 && Number.isFinite(mean[i])) {
        sum += mean[i] * n;
        count += n;
      }
    }
    means.push(count > 0 ? sum / count : Number.NaN);
  }
  const series: LineSeries[] = [
    { label: "p50", values: data.latency.p50, color: OKABE_ITO.bluishGreen },
    { label: "p90", values: data.latency.p90, color: OKABE_ITO.orange },
    { label: "p99", values: data.latency.p99, color: OKABE_ITO.vermillion },
  ];
  if (data.has("ClientLatency")) series.push({ label: "mean", values: means, color: OKABE_ITO.blue, dash: "6 3" });
  return { interval: latencyBin * data.meta.interval, series };
}

/** What the chart shows, with its bin width. */
export function pooledLatencyCaption(data: RunData): string {
  const width = formatSeconds(data.meta.latencyBin * data.meta.interval);
  return (
    `Client latency of the requests targets answered, request sent to response received. Each point pools every answered request in its ${width} bin ` +
    "(the percentile of all of them, not the largest of the intervals' percentiles). Requests the load balancer rejected are not timed: see the errors chart; gaps are bins with no answer."
  );
}
