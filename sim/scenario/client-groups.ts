// Client groups as the model runs them: how each sends (a rate, closed-loop users or replayed
// arrivals), retries, sizes its requests and thinks, with the checks across those settings.
import type { DistributionSpec } from "../engine/distributions";
import { lognormalParams } from "../engine/distributions";
import { resolveSizes, type GroupSizes } from "./capacity-defaults";
import { type Arrivals, arrivalRate, largestClient, type ParsedArrivals } from "./arrivals";
import { serviceCdf } from "./service-time";
import { formatDuration, formatSeconds } from "./units";
import { RETRYABLE, type ScenarioInput } from "./schema";
import type { ClientGroup, RatePoint, RetrySettings, ScenarioFiles, TargetGroup } from "./scenario-types";

/**
 * What the AWS SDKs retry by default: connection failures and timeouts, and HTTP 500, 502, 503 and
 * 504 (docs/design.md#client-retries): every retryable kind.
 */
const DEFAULT_RETRYABLE = RETRYABLE;

/**
 * What adaptive mode's rate limiter takes as throttling unless a group says: the load balancer's
 * 503, its answer when it has no capacity (docs/design.md#adaptive-retries).
 */
const THROTTLING = ["503"];

/** The file's client groups, each with every setting present; problems go to `fail`. */
export function resolveClientGroups(
  input: ScenarioInput,
  targets: readonly TargetGroup[],
  files: ScenarioFiles,
  fail: (path: string, message: string) => void,
): ClientGroup[] {
  const zones = input.zones;
  const names = new Set<string>();
  return input.clients.map((g, i) => {
    if (names.has(g.name)) fail(`clients.${i}.name`, `client group ${g.name} is named twice`);
    names.add(g.name);
    if (g.zone !== undefined && !zones.includes(g.zone))
      fail(`clients.${i}.zone`, `must be one of the zones (${zones.join(", ")}), got ${g.zone}`);
    let rate: RatePoint[] = [];
    let users = g.users === undefined ? null : typeof g.users === "number" ? [{ at: 0, users: g.users }] : g.users;
    if (users !== null && !Array.isArray(users)) {
      fail(`clients.${i}.users.trace`, "traces must be loaded before the scenario is resolved");
      users = [{ at: 0, users: 0 }];
    }
    const given = [
      g.rate !== undefined && "a rate",
      users !== null && "users",
      g.arrivals !== undefined && "arrivals",
    ].filter((x): x is string => x !== false);
    if (given.length === 0) fail(`clients.${i}`, "needs a rate, users or arrivals");
    if (given.length > 1) fail(`clients.${i}`, `has ${given.join(" and ")}: give one`);
    let arrivals: Arrivals | null = null;
    if (g.arrivals) {
      const parsed = files.arrivals?.get(i);
      if (!parsed) fail(`clients.${i}.arrivals.trace`, "traces must be loaded before the scenario is resolved");
      else {
        arrivals = replayed(parsed, targets, `clients.${i}`, g.count, fail);
        rate = arrivalRate(parsed.time, input.duration);
      }
    } else if (users) {
      rate = [{ at: 0, rps: 0 }];
      for (let k = 1; k < users.length; k++) {
        if (users[k].at < users[k - 1].at)
          fail(
            `clients.${i}.users.${k}.at`,
            `must not be before the previous stage (${formatDuration(users[k - 1].at)})`,
          );
      }
      const most = Math.max(...users.map((u) => u.users));
      if (g.count !== undefined && g.count < most && g.count !== 1)
        fail(`clients.${i}.count`, `must be at least the most users (${most}), got ${g.count}`);
    } else if (g.rate === undefined) {
      rate = [{ at: 0, rps: 0 }];
    } else if (typeof g.rate === "number") rate = [{ at: 0, rps: g.rate }];
    else if (Array.isArray(g.rate)) {
      rate = g.rate;
      for (let k = 1; k < rate.length; k++) {
        if (rate[k].at < rate[k - 1].at)
          fail(
            `clients.${i}.rate.${k}.at`,
            `must not be before the previous point (${formatDuration(rate[k - 1].at)})`,
          );
      }
    } else fail(`clients.${i}.rate.trace`, "traces must be loaded before the scenario is resolved");
    if (
      typeof g.thinkTime === "object" &&
      g.thinkTime.distribution === "lognormal" &&
      !lognormalParams(g.thinkTime.mean, g.thinkTime.p99)
    )
      fail(`clients.${i}.thinkTime.p99`, "must be above the mean for a lognormal distribution");
    const retry: RetrySettings =
      g.retry === undefined || g.retry.policy === "none"
        ? { policy: "none" }
        : g.retry.policy === "fixed"
          ? { ...g.retry, maxDelay: g.retry.maxDelay ?? Infinity, on: g.retry.on ?? [...DEFAULT_RETRYABLE] }
          : g.retry.policy === "aws-standard"
            ? { ...g.retry, on: g.retry.on ?? [...DEFAULT_RETRYABLE] }
            : {
                ...g.retry,
                on: g.retry.on ?? [...DEFAULT_RETRYABLE],
                throttling: g.retry.throttling ?? [...THROTTLING],
              };
    if ((retry.policy === "aws-standard" || retry.policy === "aws-adaptive") && retry.maxDelay < retry.baseDelay)
      fail(`clients.${i}.retry.maxDelay`, `must be at least baseDelay (${formatSeconds(retry.baseDelay)})`);
    if (retry.policy === "fixed" && retry.maxDelay < retry.delay)
      fail(`clients.${i}.retry.maxDelay`, `must be at least delay (${formatSeconds(retry.delay)})`);
    const { arrivals: _, ...group } = g;
    return {
      ...group,
      resolvers: g.resolvers ?? null,
      rate,
      arrivals,
      // One client per user: each has its own connection and DNS cache.
      count: users ? Math.max(...users.map((u) => u.users), 1) : g.count,
      users,
      thinkTime: thinkTime(g.thinkTime, `clients.${i}.thinkTime`, fail),
      timeout: g.timeout ?? null,
      ...sizesOf(resolveSizes(g.requestBytes, g.responseBytes, `clients.${i}`, fail)),
      zone: g.zone ?? null,
      connectTimeout: g.connectTimeout ?? null,
      retry,
      breaker: g.breaker ?? null,
    };
  });
}

/**
 * A client group's arrivals as the model replays them: clients within the group's count, and
 * service times turned into sizes by the targets' distribution, which must then be one for all
 * (a request can go to any target: docs/design.md#request-level-replay).
 */
function replayed(
  parsed: ParsedArrivals,
  targets: readonly TargetGroup[],
  path: string,
  count: number,
  fail: (path: string, message: string) => void,
): Arrivals {
  const largest = largestClient(parsed);
  if (largest >= count)
    fail(`${path}.count`, `must be more than the largest client the arrivals name (${largest}), got ${count}`);
  const { service, ...arrivals } = parsed;
  if (!service) return arrivals;
  const spec = JSON.stringify(targets[0]?.serviceTime);
  const other = targets.findIndex((t) => JSON.stringify(t.serviceTime) !== spec);
  if (other >= 0) {
    fail(
      `${path}.arrivals.trace`,
      `gives service times, which need one serviceTime for every target group (targets.${other} differs from targets.0)`,
    );
    return arrivals;
  }
  const cdf = serviceCdf(targets[0].serviceTime);
  const size = new Float64Array(service.length);
  for (let k = 0; k < service.length; k++) size[k] = Number.isNaN(service[k]) ? Number.NaN : cdf(service[k]);
  return { ...arrivals, size };
}

/** A closed-loop user's think time: a duration or a distribution (not one read from a file). */
function thinkTime(
  input: number | { distribution: string } | undefined,
  path: string,
  fail: (path: string, message: string) => void,
): DistributionSpec {
  if (input === undefined) return { distribution: "constant", mean: 0 };
  if (typeof input === "number") return { distribution: "constant", mean: input };
  if (input.distribution === "empirical") {
    fail(`${path}.distribution`, "must be constant, exponential, lognormal or uniform for a think time");
    return { distribution: "constant", mean: 0 };
  }
  return input as DistributionSpec;
}

function sizesOf(sizes: GroupSizes): Pick<ClientGroup, "bytes" | "byteDistributions"> {
  return { bytes: sizes.bytes, byteDistributions: sizes.distributions };
}
