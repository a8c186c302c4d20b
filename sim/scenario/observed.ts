// What was observed, for a scenario made from real data: `observed: { trace: observed.csv }`
// (docs/design.md#simulated-against-observed). The file has the time series' own format
// (`time,metric,dimension,value`, `time` a bucket's start), so observed and simulated series
// pair up by metric and dimension; rows fold into the scenario's buckets.
import type { TimeSeries } from "../metrics/result";
import { csvFields, isNumeric, type LineError, linesOf } from "./csv-fields";
import { excerpt } from "./printable";

export const OBSERVED_HEADER = "time,metric,dimension,value";
/** Series kept: the importers write a dozen; a file may not make thousands of them. */
const MAX_SERIES = 200;
/** Values kept in all, series × buckets: 80 MB of doubles. */
const MAX_VALUES = 10_000_000;
const MAX_ERRORS = 100;

/** Reads observed buckets onto the scenario's buckets; a bucket without a row is NaN. */
export function parseObserved(
  text: string,
  interval: number,
  duration: number,
): { observed: TimeSeries | null; errors: LineError[] } {
  const errors: LineError[] = [];
  const fail = (line: number, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ line, message });
  };
  const buckets = Math.max(1, Math.ceil(duration / interval - 1e-9));
  const series = new Map<string, { metric: string; dimension: string; values: number[]; rows: number[] }>();
  let header = false;
  for (const [content, line] of linesOf(text)) {
    if (content === "" || content.startsWith("#")) continue;
    const cells = csvFields(content);
    if (!header) {
      header = true;
      if (cells?.join(",").toLowerCase() !== OBSERVED_HEADER) {
        fail(line, `must start with the header ${OBSERVED_HEADER}, got ${excerpt(content)}`);
        return { observed: null, errors };
      }
      continue;
    }
    if (cells?.length !== 4) {
      fail(line, `needs 4 values (${OBSERVED_HEADER}), got ${cells ? cells.length : "an unclosed quote"}`);
      continue;
    }
    const [time, metric, dimension, value] = cells;
    if (!isNumeric(time) || !(Number(time) >= 0)) {
      fail(line, `time must be seconds from 0, got ${excerpt(time || "nothing")}`);
      continue;
    }
    // The bucket whose span holds the row's (a row at a bucket's start, less rounding, is in it).
    const k = Math.floor(Number(time) / interval + 1e-6);
    if (k >= buckets) continue; // after the run: nothing simulated to compare with
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(metric)) {
      fail(line, `metric must be a name such as RequestCount, got ${excerpt(metric || "nothing")}`);
      continue;
    }
    if (!/^(lb|(zone|node|target)=[a-z0-9_-]+)$/.test(dimension)) {
      fail(line, `dimension must be lb, zone=…, node=… or target=…, got ${excerpt(dimension || "nothing")}`);
      continue;
    }
    if (!isNumeric(value) || !Number.isFinite(Number(value))) {
      fail(line, `value must be a finite number, got ${excerpt(value || "nothing")}`);
      continue;
    }
    const key = `${metric}\n${dimension}`;
    let s = series.get(key);
    if (!s) {
      if (series.size >= Math.min(MAX_SERIES, Math.floor(MAX_VALUES / buckets))) {
        fail(
          line,
          `has more series (metric and dimension pairs) than ${Math.min(MAX_SERIES, Math.floor(MAX_VALUES / buckets))}, the most kept for ${buckets} buckets`,
        );
        break;
      }
      s = {
        metric,
        dimension,
        values: new Array<number>(buckets).fill(Number.NaN),
        rows: new Array<number>(buckets).fill(0),
      };
      series.set(key, s);
    }
    fold(s, k, Number(value));
  }
  if (!header) errors.push({ line: 1, message: "is empty" });
  if (errors.length > 0) return { observed: null, errors };
  const out = [...series.values()].map(({ metric, dimension, values, rows }) => ({
    metric,
    dimension,
    values: combine(metric) === "mean" ? values.map((v, k) => (rows[k] > 0 ? v / rows[k] : v)) : values,
  }));
  return { observed: { interval, buckets, series: out }, errors };
}

/**
 * How rows that fall in one bucket combine, when the scenario's buckets are wider than the
 * file's (`--set metricsInterval=…`): counts add up; a percentile or a queue's length takes the
 * largest, as the charts bin them; any other value is averaged.
 */
function combine(metric: string): "sum" | "max" | "mean" {
  if (/(Count|Bytes)$/.test(metric) && !/HostCount$/.test(metric)) return "sum";
  return /P\d+$|SurgeQueueLength/.test(metric) ? "max" : "mean";
}

function fold(s: { metric: string; values: number[]; rows: number[] }, k: number, value: number): void {
  const before = s.values[k];
  const how = combine(s.metric);
  if (Number.isNaN(before)) s.values[k] = value;
  else s.values[k] = how === "max" ? Math.max(before, value) : before + value;
  s.rows[k]++;
}
