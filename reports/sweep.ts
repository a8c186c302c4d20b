// A sweep's statistics and its text outputs (docs/design.md#sweeps): each point's mean and 95 %
// interval of every key metric over its replications, its thresholds judged on them, and "the
// smallest value that meets the thresholds" along the first varied setting. Built from the runs'
// records alone, so a sweep run on one machine and one merged from shards (cli/merge.ts) give the
// same bytes. Pure functions; sweep-report.ts writes report.html.
import type { KeyMetric, MetricKind } from "../sim/metrics/key-metrics";
import { type JudgedThreshold, type Threshold, allPass, parseThreshold } from "../sim/metrics/thresholds";
import type { SweepPoint } from "../sim/scenario/sweep";
import { csvNumber, field } from "./csv";
import { MISSING, formatMetric } from "./format";
import {
  type Interval,
  type PrecisionOutcome,
  judgeIntervals,
  metricIntervals,
  plusMinus,
  precisionLine,
} from "./replications";
import { formatTable } from "./table";
import { FAIL, PASS } from "./thresholds";

/** What defines a sweep, and what its outputs say about it: the first line of every shard. */
export interface SweepHeader {
  /** The elbsim version that ran it. */
  elbsim: string;
  /** The sweep's identity: a digest of the scenario as run, the points, the seeds and the thresholds. */
  sweep: string;
  scenario: { name: string; title: string; description: string; seed: number; duration: number };
  /** The varied settings, in order. */
  settings: string[];
  /** A grid of every combination, or a list of points. */
  grid: boolean;
  points: SweepPoint[];
  /** Every point runs on these seeds (common random numbers). */
  seeds: number[];
  thresholds: string[];
}

/** One run of a sweep: point p on seed i is run p × seeds + i. */
export interface RunRecord {
  run: number;
  point: number;
  seed: number;
  digest: string;
  metrics: KeyMetric[];
}

export interface PointSummary {
  point: number;
  settings: SweepPoint;
  replications: number;
  /** Each metric's mean and interval (a half-width of NaN, JSON null, with one replication). */
  metrics: (Interval & { key: string; label: string; kind: MetricKind })[];
  thresholds: JudgedThreshold[];
  /** Whether every threshold passed; null when there are none. */
  meets: boolean | null;
  /** Each run's digest, in seed order. */
  digests: string[];
}

/** Along the first setting, the first value (the smallest of a range) whose point meets every threshold. */
export interface Answer {
  /** The setting answered for; null for a list of points, where the answer is the first point that meets them. */
  setting: string | null;
  /** The other settings' values this answer holds for. */
  others: SweepPoint;
  /** The value, or null when no point meets every threshold. */
  value: unknown;
  point: number | null;
}

export interface SweepSummary {
  sweep: string;
  elbsim: string;
  scenario: SweepHeader["scenario"];
  settings: string[];
  grid: boolean;
  seeds: number[];
  precision?: PrecisionOutcome;
  thresholds: string[];
  points: PointSummary[];
  answers: Answer[];
}

/** The run records' metrics with -0 and non-finite values as JSON writes them, so they read back the same. */
export function plainRecord(record: RunRecord): RunRecord {
  return {
    ...record,
    metrics: record.metrics.map((m) => ({ ...m, value: Number.isFinite(m.value) ? m.value || 0 : Number.NaN })),
  };
}

/** The statistics of a sweep from its header and every run's record (in any order). */
export function summarizeSweep(
  header: SweepHeader,
  records: readonly RunRecord[],
  precision?: PrecisionOutcome,
): SweepSummary {
  const thresholds = header.thresholds.map((text) => {
    const t = parseThreshold(text);
    if ("error" in t) throw new Error(`a sweep's threshold does not parse: ${text}: ${t.error}`);
    return t;
  });
  const n = header.seeds.length;
  const byRun = [...records].sort((a, b) => a.run - b.run);
  const points = header.points.map((settings, p): PointSummary => {
    const runs = byRun.slice(p * n, (p + 1) * n);
    const intervals = metricIntervals(runs.map((r) => r.metrics));
    const judged = judgePoint(thresholds, intervals);
    return {
      point: p,
      settings,
      replications: runs.length,
      metrics: intervals.map(({ values: _, ...m }) => m),
      thresholds: judged,
      meets: thresholds.length === 0 ? null : allPass(judged),
      digests: runs.map((r) => r.digest),
    };
  });
  return {
    sweep: header.sweep,
    elbsim: header.elbsim,
    scenario: header.scenario,
    settings: header.settings,
    grid: header.grid,
    seeds: header.seeds,
    ...(precision ? { precision } : {}),
    thresholds: header.thresholds,
    points,
    answers: thresholds.length === 0 ? [] : answers(header, points),
  };
}

/** With one replication a threshold is judged on the run's value, as `run` judges it. */
function judgePoint(
  thresholds: readonly Threshold[],
  intervals: ReturnType<typeof metricIntervals>,
): JudgedThreshold[] {
  const judged = judgeIntervals(thresholds, intervals);
  return judged.map((j) =>
    j.mean !== undefined && intervals.find((m) => m.key === j.key)?.n === 1
      ? { ...j, judgedOn: "run" as const, mean: undefined, low: undefined, high: undefined }
      : j,
  );
}

function answers(header: SweepHeader, points: readonly PointSummary[]): Answer[] {
  if (!header.grid) {
    const first = points.find((p) => p.meets);
    return [{ setting: null, others: {}, value: first ? first.settings : null, point: first?.point ?? null }];
  }
  const [setting, ...others] = header.settings;
  const groups = new Map<string, PointSummary[]>();
  for (const p of points) {
    const key = JSON.stringify(others.map((o) => p.settings[o]));
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].map((group) => {
    const first = group.find((p) => p.meets);
    return {
      setting,
      others: Object.fromEntries(others.map((o) => [o, group[0].settings[o]])),
      value: first ? first.settings[setting] : null,
      point: first?.point ?? null,
    };
  });
}

/** A setting's value as tables show it: text as written, lists and mappings as JSON. */
export function settingText(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/** The shortest trailing parts of each path that tell them apart: `nodesPerZone`, `dnsCache`. */
export function shortNames(paths: readonly string[]): string[] {
  return paths.map((path) => {
    const parts = path.split(".");
    for (let k = 1; k <= parts.length; k++) {
      const tail = parts.slice(-k).join(".");
      if (paths.filter((other) => other === tail || other.endsWith(`.${tail}`)).length === 1) return tail;
    }
    return path;
  });
}

/** The answers in words: `smallest loadBalancer.nodesPerZone that meets every threshold: 3 (clients.0.dnsCache = ttl)`. */
export function answerLines(summary: SweepSummary): string[] {
  return summary.answers.map((a) => {
    if (a.setting === null)
      return a.point === null
        ? "No point meets every threshold."
        : `The first point that meets every threshold: ${a.point + 1} (${pointText(summary.points[a.point].settings)}).`;
    const others = Object.keys(a.others).length > 0 ? ` with ${pointText(a.others)}` : "";
    return a.value === null
      ? `No ${a.setting} in the sweep meets every threshold${others}.`
      : `Smallest ${a.setting} that meets every threshold${others}: ${settingText(a.value)}.`;
  });
}

function pointText(settings: SweepPoint): string {
  return Object.entries(settings)
    .map(([path, value]) => `${path} = ${settingText(value)}`)
    .join(", ");
}

/** The metrics the terminal table shows: error and spillover rates, mean and p99 latency, and the thresholds' own. */
function tableKeys(summary: SweepSummary): string[] {
  const keys = ["errorRate", "spilloverRate", "latencyMean", "latencyP99"];
  for (const p of summary.points) for (const t of p.thresholds) if (!keys.includes(t.key)) keys.push(t.key);
  return keys;
}

/** The human summary: a line on what was swept, one row per point, the thresholds and the answers. */
export function sweepTable(summary: SweepSummary): string {
  const n = summary.seeds.length;
  const runs = summary.points.length * n;
  const what = summary.grid
    ? `a grid over ${summary.settings.join(" × ")}`
    : `a list of points over ${summary.settings.join(", ")}`;
  const seeds =
    n === 1
      ? `seed ${summary.seeds[0]}`
      : `${n} replications each on the same seeds (common random numbers), mean ± 95 % half-width`;
  const out = [`${summary.scenario.name} · ${what} · ${summary.points.length} points, ${runs} runs · ${seeds}`];
  if (summary.precision) out.push(precisionLine(summary.precision));
  const keys = tableKeys(summary);
  const labels = keys.map((key) => summary.points.flatMap((p) => p.metrics).find((m) => m.key === key)?.label ?? key);
  const names = shortNames(summary.settings);
  const rows = summary.points.map((p) => [
    String(p.point + 1),
    ...summary.settings.map((s) => (s in p.settings ? settingText(p.settings[s]) : MISSING)),
    ...keys.map((key) => {
      const m = p.metrics.find((x) => x.key === key);
      if (!m) return MISSING;
      return m.n > 1 ? plusMinus(m.kind, m) : formatMetric(m.kind, m.mean);
    }),
    ...(summary.thresholds.length > 0 ? [marks(p)] : []),
  ]);
  const header = ["point", ...names, ...labels, ...(summary.thresholds.length > 0 ? ["thresholds"] : [])];
  const align = header.map((_, c) => (c === 0 || c > names.length ? "right" : "left") as "left" | "right");
  if (summary.thresholds.length > 0) align[align.length - 1] = "left";
  out.push(formatTable(rows, { header, align }));
  if (summary.thresholds.length > 0) {
    out.push(
      "",
      `Thresholds${n > 1 ? ", on each point's intervals" : ""}: ${summary.thresholds.map((t, i) => `${i + 1}. ${t}`).join("   ")}`,
      ...answerLines(summary),
    );
  }
  return out.join("\n");
}

/** `✓` when every threshold passed; `✗ 1, 3` naming the breached ones by number. */
function marks(p: PointSummary): string {
  const failed = p.thresholds.flatMap((t, i) => (t.pass ? [] : [i + 1]));
  return failed.length === 0 ? PASS : `${FAIL} ${failed.join(", ")}`;
}

export const SWEEP_CSV_HEADER = ["point", "metric", "replications", "mean", "halfWidth", "low", "high"];

/**
 * Tidy CSV, one row per point and metric: `point`, each varied setting by its path, then
 * `metric,replications,mean,halfWidth,low,high` (the interval's cells empty with one replication).
 */
export function sweepCsv(summary: SweepSummary): string {
  const number = (x: number) => (Number.isFinite(x) ? csvNumber(x) : "");
  const lines = [[SWEEP_CSV_HEADER[0], ...summary.settings, ...SWEEP_CSV_HEADER.slice(1)].map(field).join(",")];
  for (const p of summary.points) {
    const settings = summary.settings.map((s) => (s in p.settings ? field(settingText(p.settings[s])) : ""));
    for (const m of p.metrics)
      lines.push(
        [
          String(p.point + 1),
          ...settings,
          field(m.key),
          String(m.n),
          number(m.mean),
          number(m.halfWidth),
          number(m.low),
          number(m.high),
        ].join(","),
      );
  }
  return `${lines.join("\n")}\n`;
}

/** sweep.json: the summary, NaN as null. */
export function sweepJson(summary: SweepSummary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}
