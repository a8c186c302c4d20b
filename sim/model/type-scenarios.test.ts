// The bundled scenarios about behaviour by load balancer type tell the stories their descriptions
// promise: nlb-static-addresses (docs/aws-behaviour.md#static-addresses) and target-group-health
// (docs/aws-behaviour.md#target-group-health-thresholds, docs/aws-behaviour.md#zonal-shift). Each
// runs as shipped with its own seed (a few tenths of a second each), so what a user sees with
// `elbsim run` is what is tested.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { LogEntry } from "../metrics/result";
import { Run, type RunOutput } from "../run";
import { formatErrors, loadScenario } from "../scenario/load";
import { seriesValues } from "./test-scenario";

const SCENARIOS = fileURLToPath(new URL("../../scenarios/", import.meta.url));

/** A bundled scenario's run, finished, with the Run itself to read the clients' state at the end. */
function run(name: string, variant: string | null): RunOutput & { interval: number; run: Run } {
  const loaded = loadScenario(readFileSync(resolve(SCENARIOS, `${name}.yaml`), "utf8"), { variant });
  if (!loaded.ok) throw new Error(formatErrors(loaded.errors).join("\n"));
  const live = new Run(loaded.scenario, { variant });
  return { ...live.finish(), interval: loaded.scenario.metricsInterval, run: live };
}

/** Sums a series over the buckets whose start lies in [from, to) seconds. */
function sum(output: RunOutput & { interval: number }, metric: string, dimension: string, from: number, to: number) {
  const values = seriesValues(output.timeseries, metric, dimension);
  return values.slice(Math.ceil(from / output.interval), Math.ceil(to / output.interval)).reduce((a, b) => a + b, 0);
}

function entries(log: readonly LogEntry[], type: string): LogEntry[] {
  return log.filter((e) => e.type === type);
}

const errorRate = ({ result }: RunOutput) => (result.requests.total - result.requests.ok) / result.requests.total;

describe("nlb-static-addresses", () => {
  const CROWD = 120;
  const END = 720;
  /** The last three minutes: every scale-out is ready (by 9m35s) and has had time to be found. */
  const LAST = END - 180;
  const ORIGINAL = ["a-n1", "b-n1", "c-n1"];
  const network = run("nlb-static-addresses", null);
  const classic = run("nlb-static-addresses", "classic");
  const jvm = (output: { run: Run }) => output.run.lb.clients.find((g) => g.name === "jvm")!;
  const browsers = (output: { run: Run }) => output.run.lb.clients.find((g) => g.name === "browsers")!;

  it('network: DNS answers one address per zone for the whole run ("will not change during the life of the load balancer")', () => {
    expect(entries(network.result.log, "dns").map((e) => [e.at, e.records, e.nodes])).toEqual([
      [0, 3, "a-n1 b-n1 c-n1"],
    ]);
    expect(network.result.nodes.map((n) => n.id)).toEqual(ORIGINAL);
    expect(Math.max(...seriesValues(network.timeseries, "NodeCount", "lb"))).toBe(3);
  });

  it("network: capacity grows behind each address, equally in every zone, from 1 to 5 units", () => {
    const ready = entries(network.result.log, "capacity-ready");
    expect(ready).toHaveLength(12);
    for (const node of ORIGINAL) {
      expect(ready.filter((e) => e.node === node).map((e) => e.units)).toEqual([2, 3, 4, 5]);
    }
    expect(Math.min(...ready.map((e) => e.at))).toBeGreaterThan(4 * 60);
    expect(Math.max(...ready.map((e) => e.at))).toBeLessThan(10 * 60);
  });

  it("network: the crowd is reset at first (about half of it), then nothing is after 8m, the forever-caching JVMs included", () => {
    const crowd = sum(network, "RequestCount", "lb", CROWD + 30, CROWD + 60);
    expect(sum(network, "SpilloverCount", "lb", CROWD + 30, CROWD + 60) / crowd).toBeGreaterThan(0.4);
    expect(sum(network, "TCP_ELB_Reset_Count", "lb", 0, END)).toBe(network.result.requests.spillover);
    expect(network.result.requests.byStatus).toEqual({ tcp_elb_reset: network.result.requests.spillover });
    expect(sum(network, "SpilloverCount", "lb", 8 * 60, END)).toBe(0);
    // The JVMs looked the name up once each and never again, and send two thirds of the traffic.
    expect(jvm(network).dnsLookups).toBeLessThanOrEqual(jvm(network).count);
    expect(browsers(network).dnsLookups).toBeGreaterThan(5 * browsers(network).count);
  });

  it("classic: twelve new nodes enter DNS one by one (3 to 15 records), and the browsers use them", () => {
    const dns = entries(classic.result.log, "dns");
    expect(dns.map((e) => e.records)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const added = classic.result.nodes.filter((n) => !ORIGINAL.includes(n.id));
    expect(added).toHaveLength(12);
    expect(added.every((n) => n.requests > 0)).toBe(true);
    // At the end the browsers' connections are mostly on new nodes (12 of the 15 addresses).
    const b = browsers(classic);
    const nodes = classic.run.lb.nodes;
    let onNew = 0;
    let open = 0;
    for (const node of b.connectionNode) {
      if (node < 0) continue;
      open++;
      if (!ORIGINAL.includes(nodes[node].id)) onNew++;
    }
    expect(onNew / open).toBeGreaterThan(0.6);
  });

  it("classic: the JVMs never leave the three original nodes, which keep spilling a third of their requests to the end", () => {
    const j = jvm(classic);
    expect(j.dnsLookups).toBeLessThanOrEqual(j.count);
    const nodes = classic.run.lb.nodes;
    const connected = [...j.connectionNode].filter((node) => node >= 0);
    expect(connected.length).toBeGreaterThan(j.count / 2);
    expect(connected.every((node) => ORIGINAL.includes(nodes[node].id))).toBe(true);
    // The last three minutes: the original nodes carry three quarters of the requests and spill
    // about a third of them; that is about a quarter of all requests, and only they spill.
    const all = sum(classic, "RequestCount", "lb", LAST, END);
    const original = ORIGINAL.map((n) => sum(classic, "RequestCount", `node=${n}`, LAST, END)).reduce((a, b) => a + b);
    const spilled = sum(classic, "SpilloverCount", "lb", LAST, END);
    expect(original / all).toBeGreaterThan(0.7);
    expect(spilled / original).toBeGreaterThan(0.25);
    expect(spilled / all).toBeGreaterThan(0.2);
    expect(ORIGINAL.map((n) => sum(classic, "SpilloverCount", `node=${n}`, LAST, END)).reduce((a, b) => a + b)).toBe(
      spilled,
    );
    // The new nodes run at about an eighth of their 50 requests per second.
    const perNewNode = (all - original) / 12 / (END - LAST);
    expect(perNewNode / 50).toBeLessThan(0.2);
    expect(classic.result.requests.byStatus).toEqual({ "503": classic.result.requests.spillover });
  });

  it("application scales like classic: new nodes are new addresses, and the JVMs keep spilling", () => {
    const alb = run("nlb-static-addresses", "application");
    expect(entries(alb.result.log, "dns")).toHaveLength(13);
    expect(sum(alb, "SpilloverCount", "lb", LAST, END) / sum(alb, "RequestCount", "lb", LAST, END)).toBeGreaterThan(
      0.2,
    );
    expect(alb.result.requests.spillover).toBeGreaterThan(1.5 * network.result.requests.spillover);
  });
});

describe("target-group-health", () => {
  const END = 600;
  const BREAKS = { "a-1": 120, "a-2": 240, "a-3": 360 };
  const base = run("target-group-health", null);
  const variants = {
    "default-thresholds": run("target-group-health", "default-thresholds"),
    "dns-failover-75": run("target-group-health", "dns-failover-75"),
    "dns-failover-50": run("target-group-health", "dns-failover-50"),
    "zonal-shift": run("target-group-health", "zonal-shift"),
  };
  /** When node a-n1 counted `target` out. */
  const outInZoneA = (output: RunOutput, target: string) =>
    entries(output.result.log, "health").find(
      (e) => e.node === "a-n1" && e.target === target && e.state === "unhealthy",
    )!.at;
  /** The DNS changes: [at, records]. */
  const dns = (output: RunOutput) => entries(output.result.log, "dns").map((e) => [e.at, e.records]);
  const p99 = (output: RunOutput) => output.result.latency.p99;

  it("the scenario as written is default-thresholds", () => {
    expect(base.result.digest).toBe(variants["default-thresholds"].result.digest);
  });

  it("every variant: each breaking target fails two checks 10 s apart and is out of every node's view within 20 s", () => {
    for (const output of Object.values(variants)) {
      for (const [target, at] of Object.entries(BREAKS)) {
        const out = entries(output.result.log, "health").filter((e) => e.target === target && e.state === "unhealthy");
        expect(out.map((e) => e.node).sort()).toEqual(["a-n1", "b-n1", "c-n1"]);
        for (const e of out) expect(e.at - at).toBeLessThanOrEqual(20);
      }
    }
  });

  it('default thresholds ("one healthy target"): zone a stays in DNS while a-4 is healthy, and a-4 alone takes zone a\'s third and refuses what it cannot hold (502)', () => {
    const output = variants["default-thresholds"];
    const alone = outInZoneA(output, "a-3");
    // Zone a leaves DNS only when node a-n1 has no healthy target left: a-4 counted out.
    const [first, ...changes] = dns(output);
    expect(first).toEqual([0, 3]);
    expect(changes.length).toBeGreaterThan(0);
    const a4out = entries(output.result.log, "health")
      .filter((e) => e.node === "a-n1" && e.target === "a-4" && e.state === "unhealthy")
      .map((e) => e.at);
    expect(changes[0]).toEqual([a4out[0], 2]);
    expect(a4out[0]).toBeGreaterThan(alone);
    // From then on, until a-4 flaps out, zone a's node keeps its third, and sends all of it to
    // a-4, which serves about 100 requests per second and refuses the rest.
    const [from, to] = [Math.ceil((alone + 5) / 5) * 5, Math.floor(a4out[0] / 5) * 5];
    const zoneA = sum(output, "RequestCount", "node=a-n1", from, to);
    expect(zoneA / sum(output, "RequestCount", "lb", from, to)).toBeGreaterThan(0.3);
    const served = sum(output, "RequestCount", "target=a-4", from, to);
    const refused = sum(output, "HTTPCode_ELB_502_Count", "lb", from, to);
    expect(Math.abs(served + refused - zoneA)).toBeLessThan(zoneA / 100);
    expect(refused / zoneA).toBeGreaterThan(0.25);
    expect(served / (to - from)).toBeGreaterThan(90);
    expect(served / (to - from)).toBeLessThan(110);
    // With a-4 out of its view, node a-n1 has no healthy target: it fails open to all four, and
    // the broken ones answer 500 until a-4 is back in (and zone a back in DNS).
    expect(changes[1][1]).toBe(3);
    const back = Number(changes[1][0]);
    expect(back - a4out[0]).toBeLessThan(60);
    expect(sum(output, "RequestCount", "target=a-1", a4out[0], back)).toBeGreaterThan(0);
    expect(sum(output, "HTTPCode_Target_5XX_Count", "lb", a4out[0], back)).toBeGreaterThan(0);
    expect(errorRate(output)).toBeGreaterThan(0.04);
    expect(p99(output)).toBeGreaterThan(1);
  });

  it("DNS failover at 75 %: zone a leaves DNS as a-2 goes out (2 of 4 healthy), its node is empty within four minutes, and no request gets a 502", () => {
    const output = variants["dns-failover-75"];
    const at = outInZoneA(output, "a-2");
    expect(dns(output)).toEqual([
      [0, 3],
      [at, 2],
    ]);
    expect(at).toBeLessThan(BREAKS["a-3"]);
    expect(sum(output, "RequestCount", "node=a-n1", at + 240, END)).toBe(0);
    expect(output.result.requests.elb5xx).toBe(0);
    expect(errorRate(output)).toBeLessThan(0.01);
    expect(p99(output)).toBeLessThan(0.3);
  });

  it("DNS failover at 50 % waits for one target of four: fewer errors than the default, more than at 75 %", () => {
    const output = variants["dns-failover-50"];
    expect(dns(output)).toEqual([
      [0, 3],
      [outInZoneA(output, "a-3"), 2],
    ]);
    expect(output.result.requests.elb5xx).toBeGreaterThan(0);
    expect(errorRate(output)).toBeLessThan(errorRate(variants["default-thresholds"]) / 2);
    expect(errorRate(output)).toBeGreaterThan(1.5 * errorRate(variants["dns-failover-75"]));
  });

  it("zonal shift at 4m30s: zone a's address leaves DNS at once, and the run ends as with the 75 % threshold", () => {
    const output = variants["zonal-shift"];
    expect(dns(output)).toEqual([
      [0, 3],
      [270, 2],
    ]);
    expect(entries(output.result.log, "zonal-shift").map((e) => e.at)).toEqual([270]);
    // Within four minutes zone a's node has all but lost its clients (a straggler's keep-alive
    // connection may still send one).
    const late = sum(output, "RequestCount", "node=a-n1", 270 + 240, END);
    expect(late / sum(output, "RequestCount", "lb", 270 + 240, END)).toBeLessThan(0.001);
    expect(output.result.requests.elb5xx).toBe(0);
    expect(errorRate(output)).toBeLessThan(0.01);
  });
});
