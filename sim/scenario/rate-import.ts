// The scenario of an import that has a rate, not requests (CloudWatch exports, k6 and Locust
// results: docs/design.md#importing-real-traffic): what was observed per bucket, the rate from its
// RequestCount, and guesses for what the data does not say, each named in the description.
import type { TimeSeries } from "../metrics/result";
import type { CsvTable, ImportResult, SkippedLines } from "./imported";
import { isoTime, plural } from "./imported";
import { stepRate } from "./observed-buckets";
import { formatDuration } from "./units";

export interface RateScenario {
  name: string;
  title: string;
  /** What was read, for the description's first sentence. */
  source: string;
  type: "application" | "classic";
  origin: number;
  observed: TimeSeries;
  /** Per zone: the targets there; one zone `a` when the data has none. */
  zones: { zone: string; targets: number }[];
  serviceTime: unknown;
  /** Mean service time in seconds, for the concurrency guess. */
  meanService: number;
  clients: number;
  /** Further tables to write (service-times.csv). */
  tables?: Record<string, CsvTable>;
  /** What the data does not say and the scenario guesses, in words. */
  guesses: string[];
  summary: string[];
  skipped: SkippedLines;
}

/** The rate trace, the scenario and the result of a rate import. */
export function rateResult(s: RateScenario): ImportResult {
  const { observed } = s;
  const lb = observed.series.find((x) => x.metric === "RequestCount" && x.dimension === "lb")?.values ?? [];
  const duration = observed.buckets * observed.interval;
  const targets = s.zones.reduce((n, z) => n + z.targets, 0);
  // Little's law at the busiest bucket, doubled for bursts within it: a guess to calibrate.
  const peak = Math.max(0, ...lb) / observed.interval;
  const concurrency = Math.min(100_000, Math.max(1, Math.ceil((2 * peak * s.meanService) / Math.max(1, targets))));
  const guesses = [
    ...s.guesses,
    `target concurrency ${concurrency} (twice the busiest bucket's requests in service, by Little's law)`,
    "node capacity (unlimited)",
  ];
  const start = isoTime(s.origin);
  const zoneRates = observed.series.filter((x) => x.metric === "RequestCount" && x.dimension.startsWith("zone="));
  const scenario = {
    version: 1,
    name: s.name,
    title: s.title,
    description: [
      `Imported by elbsim import from ${s.source}: ${plural(Math.round(lb.reduce((a, b) => a + b, 0)), "request")} from ${start}, replayed as a rate (Poisson arrivals at each bucket's observed rate).`,
      `Not in the data, so guessed: ${guesses.join("; ")}. Compare the run with what was observed, then adjust them.`,
    ].join(" "),
    seed: 1,
    duration,
    metricsInterval: observed.interval,
    zones: s.zones.map((z) => z.zone),
    loadBalancer: { type: s.type },
    targets: s.zones.map((z) => ({ zone: z.zone, count: z.targets, concurrency, serviceTime: s.serviceTime })),
    clients: [{ name: "observed", count: s.clients, rate: { trace: "rate.csv" } }],
    observed: { trace: "observed.csv" },
  };
  return {
    scenario,
    comment: `Written by elbsim import from ${s.source}: what the data does not give is a guess (see description).`,
    tables: {
      ...s.tables,
      "rate.csv": rateTable(lb, observed.interval),
      // Each zone's own rate, for a scenario of one zone: clients reach zones through DNS, so the
      // scenario itself replays their sum.
      ...Object.fromEntries(
        zoneRates.map((z) => [`rate-${z.dimension.slice(5)}.csv`, rateTable(z.values, observed.interval)]),
      ),
    },
    arrivals: null,
    observed,
    summary: [
      ...s.summary,
      `From ${start} for ${formatDuration(duration)}, in buckets of ${formatDuration(observed.interval)}`,
      `Replay: a rate trace of the requests per bucket${zoneRates.length > 0 ? ` (each zone's in ${zoneRates.map((z) => `rate-${z.dimension.slice(5)}.csv`).join(", ")}; the scenario replays their sum, as clients reach zones through DNS)` : ""}`,
      `Guessed: ${guesses.join("; ")}`,
    ],
    skipped: { errors: s.skipped.errors, count: s.skipped.count },
  };
}

function rateTable(counts: readonly number[], width: number): CsvTable {
  return { header: "time,rps", rows: stepRate(counts, width).map((p) => [p.at, p.rps]) };
}

/**
 * Epoch seconds of a timestamp as exports write them: ISO 8601 with `Z` or an offset
 * (`2024-03-14T16:58:00+00:00`; without a zone it is taken as UTC), or a number of seconds,
 * milliseconds, microseconds or nanoseconds since 1970, told apart by size. Null if not one.
 */
export function epochSeconds(text: string): number | null {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return n > 1e17 ? n / 1e9 : n > 1e14 ? n / 1e6 : n > 1e11 ? n / 1e3 : n;
  }
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (!m) return null;
  const zone = m[5] ?? "Z";
  const ms = Date.parse(`${m[1]}T${m[2]}${zone === "Z" ? "Z" : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2")}`);
  return Number.isFinite(ms) ? ms / 1000 : null;
}

/** The spacing of a sorted list of times: the smallest gap between distinct ones (null for one time). */
export function period(times: readonly number[]): number | null {
  const sorted = [...new Set(times)].sort((a, b) => a - b);
  let gap = Infinity;
  for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, sorted[i] - sorted[i - 1]);
  return Number.isFinite(gap) ? Math.round(gap * 1000) / 1000 : null;
}
