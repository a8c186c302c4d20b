// The bundled failure scenarios tell the stories their descriptions promise: az-outage,
// rolling-deploy, health-check-cascade and sticky-sessions, each run as shipped (a few tenths
// of a second each) with its own seed, so what a user sees with `elbsim run` is what is tested.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { LogEntry } from "../metrics/result";
import { runScenario, type RunOutput } from "../run";
import { formatErrors, loadScenario } from "../scenario/load";
import { seriesValues } from "./test-scenario";

const SCENARIOS = fileURLToPath(new URL("../../scenarios/", import.meta.url));

function run(name: string, variant: string | null): RunOutput & { interval: number } {
  const loaded = loadScenario(readFileSync(resolve(SCENARIOS, `${name}.yaml`), "utf8"), { variant });
  if (!loaded.ok) throw new Error(formatErrors(loaded.errors).join("\n"));
  return { ...runScenario(loaded.scenario, { variant }), interval: loaded.scenario.metricsInterval };
}

/** Reads series of one run over time windows in seconds: buckets whose start lies in [from, to). */
function reader({ timeseries, interval }: RunOutput & { interval: number }) {
  const series = (metric: string, dimension: string) => seriesValues(timeseries, metric, dimension);
  const slice = (values: readonly number[], from: number, to: number) =>
    values.slice(Math.ceil(from / interval), Math.ceil(to / interval));
  const sum = (metric: string, dimension: string, from: number, to: number) =>
    slice(series(metric, dimension), from, to).reduce((a, b) => a + b, 0);
  return {
    series,
    slice,
    sum,
    at: (metric: string, dimension: string, time: number) => series(metric, dimension)[Math.floor(time / interval)],
  };
}

function entries(log: readonly LogEntry[], type: string): LogEntry[] {
  return log.filter((e) => e.type === type);
}

describe("az-outage", () => {
  const OUTAGE = 300;
  const RESTORE = 600;
  const END = 900;
  /** Checks take a zone-a target out within u·interval + timeout = 2·30 + 5 s; then a bucket. */
  const SETTLED = OUTAGE + 2 * 30 + 5 + 10;
  const base = run("az-outage", null);
  const r = reader(base);
  const zoneShare = (zone: string, from: number, to: number) =>
    r.sum("RequestCount", `zone=${zone}`, from, to) / r.sum("RequestCount", "lb", from, to);

  it("errors spike (a third of the requests in the first 30 s fail) and stop within a minute", () => {
    const errors = r.sum("HTTPCode_ELB_5XX_Count", "lb", OUTAGE, OUTAGE + 30);
    expect(errors / r.sum("RequestCount", "lb", OUTAGE, OUTAGE + 30)).toBeGreaterThan(0.25);
    expect(r.sum("HTTPCode_ELB_5XX_Count", "lb", SETTLED, END)).toBe(0);
    // DNS drops zone a's node at once: almost nothing is lost at the door.
    expect(base.result.requests.byStatus.connection_error ?? 0).toBeLessThan(base.result.requests.total / 1000);
    expect(entries(base.result.log, "dns").map((e) => [e.at, e.records])).toEqual([
      [0, 3],
      [OUTAGE, 2],
      [RESTORE, 3],
    ]);
  });

  it("traffic moves to the other zones: zone a serves nothing, b and c half each (±2 points)", () => {
    expect(r.sum("RequestCount", "zone=a", OUTAGE, RESTORE)).toBe(0);
    expect(r.at("HealthyHostCount", "zone=a", RESTORE - 20)).toBe(0);
    for (const zone of ["b", "c"]) expect(Math.abs(zoneShare(zone, SETTLED, RESTORE) - 1 / 2)).toBeLessThan(0.02);
  });

  it("after the restore every zone gets a third again by the end (±3 points over the last minute)", () => {
    expect(r.at("HealthyHostCount", "zone=a", END - 1)).toBe(4);
    for (const zone of ["a", "b", "c"]) expect(Math.abs(zoneShare(zone, END - 60, END) - 1 / 3)).toBeLessThan(0.03);
  });

  it("with cross-zone off there is no 502 burst, and zone a gets what its node gets after the restore", () => {
    const off = run("az-outage", "cross-zone-off");
    expect(off.result.requests.elb5xx).toBeLessThan(base.result.requests.elb5xx / 100);
    const o = reader(off);
    const all = o.sum("RequestCount", "lb", RESTORE, END);
    const zone = o.sum("RequestCount", "zone=a", RESTORE, END) / all;
    expect(zone).toBeGreaterThan(0);
    expect(Math.abs(zone - o.sum("RequestCount", "node=a-n1", RESTORE, END) / all)).toBeLessThan(0.005);
  });
});

describe("rolling-deploy", () => {
  const OLD = ["a-1", "a-2", "a-3", "a-4", "b-1", "b-2", "b-3", "b-4"];
  const NEW = ["a-5", "a-6", "a-7", "a-8", "b-5", "b-6", "b-7", "b-8"];
  const END = 420;
  const deregisteredAt = (log: readonly LogEntry[], target: string) =>
    entries(log, "deregister").find((e) => e.target === target)!.at;

  it("delay-300s: nothing is cut; each old target leaves when its last request is done, before the delay", () => {
    const { result } = run("rolling-deploy", "delay-300s");
    expect(result.requests.elb5xx).toBe(0);
    const gone = entries(result.log, "deregistered");
    expect(gone.map((e) => e.target).sort()).toEqual(OLD);
    for (const e of gone) {
      expect(e.cut).toBe(0);
      const since = e.at - deregisteredAt(result.log, String(e.target));
      expect(since).toBeGreaterThan(0);
      expect(since).toBeLessThan(300);
    }
  });

  it("delay-0s: every old target is cut at its deregistration, once, and the 502s are exactly the cuts", () => {
    const { result } = run("rolling-deploy", "delay-0s");
    const gone = entries(result.log, "deregistered");
    expect(gone.map((e) => e.target).sort()).toEqual(OLD);
    let cut = 0;
    for (const e of gone) {
      expect(e.at).toBe(deregisteredAt(result.log, String(e.target)));
      expect(e.cut).toBeGreaterThan(0);
      cut += Number(e.cut);
    }
    expect(result.requests.byStatus["502"]).toBe(cut);
    expect(result.requests.elb5xx).toBe(cut);
  });

  it("both: old targets get nothing once deregistered, and the new ones share the traffic at the end", () => {
    for (const variant of ["delay-300s", "delay-0s"]) {
      const output = run("rolling-deploy", variant);
      const r = reader(output);
      for (const target of OLD)
        expect(r.sum("RequestCount", `target=${target}`, deregisteredAt(output.result.log, target), END)).toBe(0);
      // Eight new targets: 1/8 each over the last two minutes, ±3 points.
      const all = r.sum("RequestCount", "lb", END - 120, END);
      for (const target of NEW)
        expect(Math.abs(r.sum("RequestCount", `target=${target}`, END - 120, END) / all - 1 / 8)).toBeLessThan(0.03);
    }
  });
});

describe("health-check-cascade", () => {
  const BURST_END = 250;
  const base = run("health-check-cascade", null);
  const r = reader(base);

  it("collapses: every target is out of every view for over four minutes, and about 30 % of requests fail", () => {
    const zones = ["a", "b", "c"].map((z) => r.series("HealthyHostCount", `zone=${z}`));
    const allOut = zones[0].filter((_, i) => zones.every((healthy) => healthy[i] === 0)).length;
    expect(allOut * base.interval).toBeGreaterThan(240);
    expect(base.result.requests.elb5xx / base.result.requests.total).toBeGreaterThan(0.25);
  });

  it("the collapse outlasts the burst: from one minute to three and a half after traffic is back to normal, every request gets 503", () => {
    const from = BURST_END + 60;
    const to = BURST_END + 210;
    const requests = r.sum("RequestCount", "lb", from, to);
    expect(requests).toBeGreaterThan(0);
    expect(r.sum("HTTPCode_ELB_503_Count", "lb", from, to)).toBe(requests);
  });

  it("survives with a longer check timeout or more capacity: no error, no target out", () => {
    for (const variant of ["longer-timeout", "more-capacity"]) {
      const { result } = run("health-check-cascade", variant);
      expect(result.requests.elb5xx).toBe(0);
      expect(entries(result.log, "health")).toEqual([]);
    }
  });
});

describe("sticky-sessions", () => {
  const FAIL = 180;
  const RECOVER = 360;
  const END = 600;
  /** a-1 is out of both nodes' views within u·interval + timeout = 2·10 + 5 s of the crash. */
  const OUT = FAIL + 25;
  /** And back within h·interval (3·10 s) of its recovery, plus a bucket. */
  const BACK = RECOVER + 30 + 10;

  function shares(variant: string) {
    const output = run("sticky-sessions", variant);
    const r = reader(output);
    const share = (target: string, from: number, to: number) =>
      r.sum("RequestCount", `target=${target}`, from, to) / r.sum("RequestCount", "lb", from, to);
    return {
      share,
      served: (target: string, from: number, to: number) => r.sum("RequestCount", `target=${target}`, from, to),
    };
  }

  it("every variant: a-1 serves nothing while it is out", () => {
    for (const variant of ["classic-lb-cookie", "lb-cookie", "app-cookie"])
      expect(shares(variant).served("a-1", OUT, RECOVER)).toBe(0);
  });

  it("classic-lb-cookie: a-1's sessions come back to it (its share after recovery within 5 points of before)", () => {
    const { share } = shares("classic-lb-cookie");
    expect(Math.abs(share("a-1", BACK, END) - share("a-1", 0, FAIL))).toBeLessThan(0.05);
  });

  for (const variant of ["lb-cookie", "app-cookie"])
    it(`${variant} (application): a-1's sessions stay where they failed over to; a-1 comes back idle`, () => {
      const { share, served } = shares(variant);
      expect(share("a-1", 0, FAIL)).toBeGreaterThan(0.15);
      expect(served("a-1", RECOVER, END)).toBe(0);
      // The targets that took a-1's sessions keep them: together they hold its former share.
      const others = ["a-2", "b-1", "b-2"];
      const gained = others.map((t) => share(t, BACK, END) - share(t, 0, FAIL)).reduce((a, b) => a + b);
      expect(Math.abs(gained - share("a-1", 0, FAIL))).toBeLessThan(0.05);
    });
});
