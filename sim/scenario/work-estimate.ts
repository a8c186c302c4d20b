// How much a scenario asks of the machine, estimated from its settings before anything runs, and
// the limits past which elbsim refuses it unless asked (`--allow-large`). Every setting has its own
// range, yet many groups, long runs or fine buckets multiply into weeks of work or more memory
// than the machine has. Each limit is minutes of work at most on a 2-core machine, well below
// its memory, and far above what the bundled scenarios and bench/mm8.yaml ask for.
import { RateCurve } from "../model/rate-curve";
import type { LoadBalancerSettings, Scenario, ScenarioError } from "./defaults";
import { formatDuration } from "./units";

export interface WorkLimits {
  /** Requests the clients send, summed over every run of a command. */
  requests: number;
  /** Health checks (every node checks every target each interval), over every run. */
  healthChecks: number;
  /** Simulation events, over every run. */
  events: number;
  /** Values in one run's metric buckets: buckets × series. */
  metricValues: number;
  /** Memory held at once, in bytes. */
  memoryBytes: number;
  /** A scenario's text (a file, a link, a paste), in bytes. */
  scenarioBytes: number;
  /** Steps to check every variant of a file, each with the whole scenario (variantCheckProblem). */
  variantChecks: number;
}

/** The limits (README, "Limits"). At 2 million requests or 3 million events a second, a work limit is about ten minutes. */
export const LIMITS: WorkLimits = {
  requests: 1e9,
  healthChecks: 2e8,
  events: 3e9,
  metricValues: 5e7,
  memoryBytes: 4 * 2 ** 30,
  // YAML parses at a few seconds a megabyte.
  scenarioBytes: 2 ** 20,
  // A few seconds.
  variantChecks: 1e6,
};

// Events per unit of work as the model schedules them (a request's arrival and completion; a
// check, its answer and its timeout), and bytes per item held at once as sim/ allocates them
// (typed arrays that grow by doubling hold up to twice what is used).
const EVENTS_PER_REQUEST = 2;
const EVENTS_PER_CHECK = 3;
const BYTES = {
  requestInFlight: 100,
  client: 25,
  dnsRecord: 4,
  target: 300,
  nodeAndTarget: 90,
  metricValue: 16,
  logEntry: 150,
};
/** Series every run has (the lb dimension), and per zone, target and node (sim/model/meters.ts). */
const SERIES = { lb: 18, zone: 4, target: 2, node: 4 };

type MemoryPart = "clients" | "nodesAndTargets" | "metricValues" | "inFlight" | "log";

export interface WorkEstimate {
  requests: number;
  /** Each client group's requests, in the scenario's order. */
  requestsByGroup: number[];
  healthChecks: number;
  /** The shortest health-check interval the run has. */
  checkInterval: number;
  events: number;
  buckets: number;
  series: number;
  metricValues: number;
  targets: number;
  /** Nodes at once at most, and nodes launched over the run at most (retired ones keep their series). */
  nodes: number;
  nodesEver: number;
  /** Requests that can wait or be served at once: Infinity with an unlimited target queue. */
  inFlightBound: number;
  /** Health changes the log may hold. */
  logEntries: number;
  /** Bytes held at once, by what holds them. */
  memory: Record<MemoryPart, number>;
}

/** The work and memory of one run of `scenario`, from its settings alone. */
export function estimateWork(scenario: Scenario): WorkEstimate {
  const { duration, zones } = scenario;
  const all = [scenario.loadBalancer, ...Object.values(scenario.settingsAfter)];
  const requestsByGroup = scenario.clients.map((group) => sent(new RateCurve(group.rate), duration));
  const requests = sum(requestsByGroup);
  // An Auto Scaling group's slots are targets too: every node checks each of them, taken or not.
  const groups = scenario.autoScalingGroups ?? [];
  const targets = sum(scenario.targets.map((g) => g.count)) + sum(groups.map((g) => g.slots));
  const nodes = zones.length * nodesPerZone(all);
  const nodesEver = zones.length * nodesLaunchedPerZone(scenario, all);
  const checkInterval = Math.min(...all.map((s) => s.healthCheck.interval));
  const healthChecks = nodes * targets * Math.ceil(duration / checkInterval);
  const buckets = Math.ceil(duration / scenario.metricsInterval - 1e-9);
  const series = SERIES.lb + SERIES.zone * zones.length + SERIES.target * targets + SERIES.node * nodesEver;
  const metricValues = buckets * series;
  const evaluations = all.some((s) => s.controller.enabled)
    ? duration / Math.min(...all.map((s) => s.controller.evaluationInterval))
    : 0;
  const events =
    EVENTS_PER_REQUEST * requests + EVENTS_PER_CHECK * healthChecks + buckets + evaluations + scenario.events.length;
  const inFlightBound =
    sum(scenario.targets.map((g) => g.count * (g.concurrency + g.queue))) +
    sum(groups.map((g) => g.slots * (g.concurrency + g.queue))) +
    nodes * Math.max(...all.map((s) => s.node.surgeQueue)) +
    nodes * targets;
  // A node's view of a target changes after a threshold of checks in a row: two changes per
  // round of healthy and unhealthy thresholds at most.
  const round = Math.min(...all.map((s) => s.healthCheck.healthyThreshold + s.healthCheck.unhealthyThreshold));
  const logEntries = (2 * healthChecks) / round + scenario.events.length + 4 * nodesEver;
  const perClient = BYTES.client + BYTES.dnsRecord * scenario.loadBalancer.dns.maxRecords;
  return {
    requests,
    requestsByGroup,
    healthChecks,
    checkInterval,
    events,
    buckets,
    series,
    metricValues,
    targets,
    nodes,
    nodesEver,
    inFlightBound,
    logEntries,
    memory: {
      clients: sum(scenario.clients.map((g) => (g.count + (g.resolvers ?? 0)) * perClient)),
      nodesAndTargets: targets * BYTES.target + nodesEver * targets * BYTES.nodeAndTarget,
      metricValues: metricValues * BYTES.metricValue,
      inFlight: Math.min(requests, inFlightBound) * BYTES.requestInFlight,
      log: logEntries * BYTES.logEntry,
    },
  };
}

/** Requests a rate curve sends in [0, duration]. */
function sent(curve: RateCurve, t: number): number {
  return Math.max(0, curve.cumulative(t) - curve.cumulative(0));
}

/** The most nodes in a zone at once; a network load balancer keeps one a zone and grows its capacity. */
function nodesPerZone(settings: readonly LoadBalancerSettings[]): number {
  return Math.max(
    ...settings.map((s) =>
      s.type === "network" ? 1 : Math.max(s.nodesPerZone, s.controller.enabled ? s.controller.maxNodesPerZone : 0),
    ),
  );
}

/** Nodes launched in a zone over the run, at most: a full fleet for every scale-in wait the controller may go through. */
function nodesLaunchedPerZone(scenario: Scenario, settings: readonly LoadBalancerSettings[]): number {
  const first = nodesPerZone([scenario.loadBalancer]);
  const scaling = settings.filter((s) => s.controller.enabled && s.type !== "network").map((s) => s.controller);
  if (scaling.length === 0) return first;
  const wait = Math.min(...scaling.map((c) => c.scaleInAfter + c.evaluationInterval));
  return first + Math.max(...scaling.map((c) => c.maxNodesPerZone)) * (1 + Math.floor(scenario.duration / wait));
}

export interface Workload {
  /** The scenarios a command runs: one, or each variant it compares. */
  scenarios: readonly Scenario[];
  /** Runs of each scenario (--replications N); default 1. */
  replications?: number;
  /** Runs at the same time, each with its own memory (worker threads); default 1. */
  parallel?: number;
  /** Every run's metric buckets and log are kept to the end (compare reports them together). */
  keepsSeries?: boolean;
}

/**
 * What a command would ask beyond the limits: an error per setting at fault, for the first limit
 * it makes the command cross, quoting the estimate (`clients.0.rate: about 3.6e12 requests, more than the
 * 1e9 limit`). `hint` ends each message (the command line's `; pass --allow-large to run it`).
 */
export function workProblems(workload: Workload, hint = "", limits: WorkLimits = LIMITS): ScenarioError[] {
  const { scenarios, replications = 1 } = workload;
  const estimates = scenarios.map(estimateWork);
  const runs = scenarios.length * replications;
  const errors: ScenarioError[] = [];
  // One problem per setting: the first limit it crosses says what to change.
  const fail = (path: string, message: string) => {
    if (!errors.some((e) => e.path === path)) errors.push({ path, message: `${message}${hint}` });
  };
  // Over many runs the path is the runs' flag unless the biggest run alone is over.
  const many = replications > 1 ? "--replications" : "variants";

  /** The estimate of `of` over every run, when over `max`: the biggest run, and whether it alone is over. */
  const over = (of: (e: WorkEstimate) => number, max: number) => {
    const total = replications * sum(estimates.map(of));
    if (!(total > max) || estimates.length === 0) return null;
    const i = largest(estimates.map(of));
    const alone = of(estimates[i]) > max;
    const amount = `about ${about(alone ? of(estimates[i]) : total)}`;
    return { e: estimates[i], s: scenarios[i], alone, amount, runs: alone ? "" : ` in ${count(runs)} runs` };
  };
  const requests = over((e) => e.requests, limits.requests);
  if (requests) {
    const { e, s, alone } = requests;
    const g = largest(e.requestsByGroup);
    const share = alone && s.clients.length > 1 ? ` (${about(e.requestsByGroup[g])} from this group)` : "";
    fail(
      alone ? `clients.${g}.rate` : many,
      `${requests.amount} requests${requests.runs}${share}, more than the ${limit(limits.requests)} limit`,
    );
  }
  const checks = over((e) => e.healthChecks, limits.healthChecks);
  if (checks) {
    const { e, s, alone } = checks;
    fail(
      alone ? (e.targets >= e.nodes ? "targets" : nodesPath(s)) : many,
      `${checks.amount} health checks${checks.runs} (${count(e.nodes)} nodes × ${count(e.targets)} targets every ${formatDuration(e.checkInterval)} for ${formatDuration(s.duration)}), more than the ${limit(limits.healthChecks)} limit`,
    );
  }
  const events = requests || checks ? null : over((e) => e.events, limits.events);
  if (events)
    fail(
      events.alone ? eventsPath(events.e) : many,
      `${events.amount} events${events.runs}, more than the ${limit(limits.events)} limit`,
    );

  const values = estimates.map((e) => e.metricValues);
  const v = estimates[largest(values)];
  const tooManyValues = v !== undefined && v.metricValues > limits.metricValues;
  if (tooManyValues) {
    fail(
      v.buckets >= v.series ? "metricsInterval" : "targets",
      `about ${about(v.metricValues)} metric values (${count(v.buckets)} buckets × ${count(v.series)} series), more than the ${limit(limits.metricValues)} limit`,
    );
  }

  // Memory: the biggest run, as many times as runs go at once, and what each run keeps to the end.
  const totals = estimates.map((e) => sum(Object.values(e.memory)));
  const m = largest(totals);
  if (m < 0) return errors;
  const kept = (e: WorkEstimate) =>
    e.targets * BYTES.target + (workload.keepsSeries ? e.memory.metricValues + e.memory.log : 0);
  const parallel = Math.max(1, Math.min(workload.parallel ?? 1, runs));
  const memory = parallel * totals[m] + replications * sum(estimates.map(kept)) - kept(estimates[m]);
  if (memory > limits.memoryBytes) {
    const alone = totals[m] > limits.memoryBytes;
    const parts = Object.entries(estimates[m].memory) as [MemoryPart, number][];
    const part = parts[largest(parts.map(([, bytes]) => bytes))][0];
    // Memory taken mostly by what another limit already refused is that same problem.
    const said = { metricValues: tooManyValues, inFlight: requests !== null, log: checks !== null };
    if (alone && said[part as keyof typeof said]) return errors;
    const { path, what } = memoryPart(part, scenarios[m], estimates[m]);
    fail(
      alone ? path : many,
      `about ${gib(memory)} of memory${alone ? `, mostly for ${what}` : ` for ${count(runs)} runs, ${count(parallel)} at once`}, more than the ${gib(limits.memoryBytes)} limit`,
    );
  }
  return errors;
}

function eventsPath(e: WorkEstimate): string {
  if (EVENTS_PER_REQUEST * e.requests >= e.events / 2) return `clients.${largest(e.requestsByGroup)}.rate`;
  if (EVENTS_PER_CHECK * e.healthChecks >= e.events / 2) return "targets";
  if (e.buckets >= e.events / 2) return "metricsInterval";
  return "loadBalancer.controller.evaluationInterval";
}

function memoryPart(part: MemoryPart, s: Scenario, e: WorkEstimate): { path: string; what: string } {
  switch (part) {
    case "clients": {
      const clients = s.clients.map((g) => g.count + (g.resolvers ?? 0));
      return { path: `clients.${largest(clients)}.count`, what: `${about(sum(clients))} clients and resolvers` };
    }
    case "nodesAndTargets":
      return {
        path: e.targets >= e.nodesEver ? "targets" : nodesPath(s),
        what: `${count(e.nodesEver)} nodes × ${count(e.targets)} targets`,
      };
    case "metricValues":
      return {
        path: e.buckets >= e.series ? "metricsInterval" : "targets",
        what: `${about(e.metricValues)} metric values`,
      };
    case "inFlight": {
      const unlimited = s.targets.findIndex((g) => g.queue === Infinity);
      return {
        path: unlimited >= 0 ? `targets.${unlimited}.queue` : "targets",
        what: `up to ${about(Math.min(e.requests, e.inFlightBound))} requests waiting at once${unlimited >= 0 ? " in unlimited target queues" : ""}`,
      };
    }
    case "log":
      return {
        path: "loadBalancer.healthCheck.interval",
        what: `up to ${about(e.logEntries)} health changes in the log`,
      };
  }
}

function nodesPath(s: Scenario): string {
  return s.loadBalancer.controller.enabled ? "loadBalancer.controller.maxNodesPerZone" : "loadBalancer.nodesPerZone";
}

/**
 * The problem with a scenario text of `bytes` bytes (Infinity: more than the limit, how much
 * more not known), or null: `FILE: is 47 MiB, more than the 1 MiB limit for a scenario`.
 */
export function scenarioSizeProblem(
  path: string,
  bytes: number,
  hint = "",
  limits: WorkLimits = LIMITS,
): ScenarioError | null {
  if (bytes <= limits.scenarioBytes) return null;
  // Infinity: a stream that went on past the limit, of a size not known.
  const shown = size(bytes) === size(limits.scenarioBytes) ? `${count(bytes)} bytes` : size(bytes);
  const is = Number.isFinite(bytes) ? `is ${shown}, more than` : "is more than";
  return { path, message: `${is} the ${size(limits.scenarioBytes)} limit for a scenario${hint}` };
}

/** A `set` event checks the scenario again as it would be from then on: about this many events' worth. */
const STEPS_PER_SET_EVENT = 20;

/**
 * The problem with checking every variant of a scenario as parsed, or null. Each variant is
 * checked with the whole scenario, its events and the other variants included, so a file of
 * 20,000 variants, well under the size limit, would take hours to validate.
 */
export function variantCheckProblem(
  raw: { events?: unknown; variants?: unknown },
  limits: WorkLimits = LIMITS,
): ScenarioError | null {
  const isMapping = (x: unknown): x is Record<string, unknown> =>
    typeof x === "object" && x !== null && !Array.isArray(x);
  const events: unknown[] = Array.isArray(raw.events) ? raw.events : [];
  const sets = events.filter((e) => isMapping(e) && e.set !== undefined).length;
  const variants = isMapping(raw.variants) ? Object.keys(raw.variants).length : 0;
  const steps = variants * (events.length + variants + STEPS_PER_SET_EVENT * sets);
  if (steps <= limits.variantChecks) return null;
  return {
    path: "variants",
    message: `${count(variants)} variants, each checked with the whole scenario (${count(events.length)} events, ${count(sets)} of them set), take about ${about(steps)} steps to check, more than the ${limit(limits.variantChecks)} limit`,
  };
}

/**
 * The share of a run's expected work done by simulated time t, from 0 to 1: requests as the
 * clients' rates send them, the rest evenly. A progress bar reads it, as a flash crowd makes a
 * run's last minutes cost far more than its first.
 */
export function workDone(scenario: Scenario): (t: number) => number {
  const estimate = estimateWork(scenario);
  const curves = scenario.clients.map((g) => new RateCurve(g.rate));
  const { duration } = scenario;
  const even = estimate.events - EVENTS_PER_REQUEST * estimate.requests;
  return (t) => {
    const time = Math.min(1, Math.max(0, t / duration));
    if (!(estimate.events > 0)) return time;
    const requests = sum(curves.map((c) => sent(c, Math.min(t, duration))));
    return Math.min(1, (EVENTS_PER_REQUEST * requests + even * time) / estimate.events);
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** The index of the largest value (the first of equals), -1 for none. */
function largest(values: readonly number[]): number {
  return values.reduce((best, x, i) => (best < 0 || x > values[best] ? i : best), -1);
}

/** `12,345` below a hundred thousand, `3.6e12` from there. */
function about(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n < 1e5 ? count(n) : n.toExponential(1).replace("e+", "e");
}

function count(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : String(n);
}

/** A limit as the README writes it: `1e9`, `5e7`. */
function limit(n: number): string {
  return n.toExponential().replace("e+", "e");
}

function gib(bytes: number): string {
  const g = bytes / 2 ** 30;
  return `${g >= 10 ? Math.round(g) : Number(g.toFixed(1))} GiB`;
}

function size(bytes: number): string {
  if (bytes >= 2 ** 30) return gib(bytes);
  if (bytes >= 2 ** 20) return `${Number((bytes / 2 ** 20).toPrecision(3))} MiB`;
  return `${Math.ceil(bytes / 2 ** 10)} KiB`;
}
