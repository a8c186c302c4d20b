// DNS (docs/design.md#dns): at most `maxRecords` addresses per answer, in a fresh random order per
// query; clients cache answers by their policy and look again only for a new connection; shared
// resolvers hand one answer to many clients, which makes node shares lumpy.
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../engine/random";
import { Run } from "../run";
import { Dns } from "./dns";
import { coefficientOfVariation, exponential, mean, SEEDS, testScenario } from "./test-scenario";

const MAX_RECORDS = 8;
const TTL = 60;

function dns(seed = 1): Dns {
  return new Dns(new RandomStreams(seed).stream("dns"), MAX_RECORDS, { ttl: TTL });
}

/** `count` answers from `d`, each as an array. */
function answers(d: Dns, count: number): number[][] {
  const out = new Int32Array(MAX_RECORDS);
  return Array.from({ length: count }, () => Array.from(out.subarray(0, d.answer(out, 0))));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("Dns", () => {
  it("answers with at most maxRecords distinct published addresses", () => {
    const d = dns();
    const published = range(12);
    d.publish(published);
    for (const answer of answers(d, 1000)) {
      expect(answer).toHaveLength(MAX_RECORDS);
      expect(new Set(answer).size).toBe(MAX_RECORDS);
      for (const node of answer) expect(published).toContain(node);
    }
  });

  it("gives each query a fresh random selection and order: each node comes first about 1/n of the time", () => {
    // n = 12 nodes, 12 000 answers: a node comes first Binomial(12 000, 1/12) times, 1000 ± 30
    // (one standard deviation); tolerance 5 standard deviations. Each node is listed in 8/12 of
    // the answers, 8000 ± 52; same tolerance. Nearly every one of the first 200 answers differs
    // from the others (12·11·…·5 ≈ 2·10⁷ possible answers).
    const n = 12;
    const queries = 12_000;
    const d = dns();
    d.publish(range(n));
    const all = answers(d, queries);
    const first = range(n).map((node) => all.filter((a) => a[0] === node).length);
    const listed = range(n).map((node) => all.filter((a) => a.includes(node)).length);
    const firstSd = Math.sqrt(queries * (1 / n) * (1 - 1 / n));
    const listedP = MAX_RECORDS / n;
    const listedSd = Math.sqrt(queries * listedP * (1 - listedP));
    for (const count of first) expect(Math.abs(count - queries / n)).toBeLessThan(5 * firstSd);
    for (const count of listed) expect(Math.abs(count - queries * listedP)).toBeLessThan(5 * listedSd);
    expect(new Set(all.slice(0, 200).map((a) => a.join(","))).size).toBeGreaterThan(195);
    expect(d.queries).toBe(queries);
    expect(Array.from(d.firstCounts.subarray(0, n))).toEqual(first);
  });

  it("lists every node when fewer than maxRecords are published, in every order over many queries", () => {
    const d = dns();
    d.publish([4, 7, 9]);
    const all = answers(d, 600);
    for (const answer of all) expect([...answer].sort((x, y) => x - y)).toEqual([4, 7, 9]);
    expect(new Set(all.map((a) => a.join(","))).size).toBe(6); // 3! orders
  });

  it("answers with nothing when no node is published", () => {
    const d = dns();
    d.publish([]);
    expect(answers(d, 3)).toEqual([[], [], []]);
  });
});

describe("client DNS caching", () => {
  // 10 clients sending 10 requests/s in all (about 1/s each) for 600 s, a new connection per
  // request, so every request looks at the client's cached answer.
  const [clients, rate, duration] = [10, 10, 600];

  function lookups(dnsCache: string, connection: object = { keepAlive: false }): number {
    const scenario = testScenario({
      duration,
      targets: [{ zone: "a", concurrency: 100, serviceTime: exponential(0.01) }],
      clients: [{ name: "c", count: clients, dnsCache, connection, rate }],
    });
    const run = new Run(scenario);
    run.finish();
    return run.lb.clients[0].dnsLookups;
  }

  it("re-resolves about once per TTL per client when the client honours the TTL", () => {
    // A client looks again at its first new connection after the TTL, so its lookups are 1 per
    // (TTL + wait for its next request), and never more than ⌊duration/TTL⌋ + 1. The wait is
    // ≈ clients/rate = 1 s on average; the lower bound allows a 10 % shortfall on top of it.
    const count = lookups("ttl");
    expect(count).toBeLessThanOrEqual(clients * (Math.floor(duration / TTL) + 1));
    expect(count).toBeGreaterThan(0.9 * clients * (duration / (TTL + clients / rate)));
  });

  it("re-resolves twice as often with a fixed 30 s cache (the JVM default) as with the 60 s TTL", () => {
    // Ratio of the two counts: (60 + 1)/(30 + 1) ≈ 1.97 by the formula above; tolerance ±0.2.
    const expected = (TTL + clients / rate) / (30 + clients / rate);
    expect(Math.abs(lookups("30s") / lookups("ttl") - expected)).toBeLessThan(0.2);
  });

  it("resolves once per client and never again when the client caches forever", () => {
    expect(lookups("forever")).toBe(clients);
  });

  it("does not look at DNS while a keep-alive connection stays open, whatever the TTL", () => {
    // Only a new connection looks at DNS: at ≈ 1 request/s per client the connection is never
    // idle past the 60 s idle timeout, and unlimited maxRequests never closes it.
    expect(lookups("ttl", { keepAlive: true, maxRequests: "unlimited" })).toBe(clients);
  });
});

describe("shared resolvers", () => {
  // Two zones with three nodes each (6 addresses, all in every answer); 2000 clients who take the
  // first address and open a connection per request; 600 s = 10 TTLs. A node's share is about
  // the fraction of (resolver, TTL period) answers that list it first: with R resolvers over P
  // periods that is D = R·P uniform draws among n = 6 nodes, so the shares' coefficient of
  // variation is about √((n − 1)/D): ≈ 0.5 for R = 2, ≈ 0.03 for R = 500.
  const duration = 600;

  function run(resolvers: number, seed: number): Run {
    const scenario = testScenario(
      {
        duration,
        zones: ["a", "b"],
        loadBalancer: { type: "application", nodesPerZone: 3 },
        targets: [
          { zone: "a", count: 2, concurrency: 100, serviceTime: exponential(0.01) },
          { zone: "b", count: 2, concurrency: 100, serviceTime: exponential(0.01) },
        ],
        clients: [{ name: "c", count: 2000, resolvers, pick: "first", connection: { keepAlive: false }, rate: 200 }],
      },
      { seed },
    );
    const r = new Run(scenario);
    r.finish();
    return r;
  }

  function spread(r: Run): number {
    return coefficientOfVariation(r.lb.nodes.map((n) => n.requests));
  }

  it("make node shares lumpier with 2 resolvers than with 500", () => {
    // Over 5 seeds: the mean spread with 2 resolvers is at least 4 times that with 500, above
    // half its expected 0.5, while 500 resolvers stay under twice their expected 0.03.
    const few = SEEDS.map((seed) => spread(run(2, seed)));
    const many = SEEDS.map((seed) => spread(run(500, seed)));
    const n = 6;
    const periods = duration / TTL;
    expect(mean(few)).toBeGreaterThan(4 * mean(many));
    expect(mean(few)).toBeGreaterThan(0.5 * Math.sqrt((n - 1) / (2 * periods)));
    expect(mean(many)).toBeLessThan(2 * Math.sqrt((n - 1) / (500 * periods)));
  });

  it("ask DNS at most once per TTL each, however many clients share them", () => {
    for (const resolvers of [2, 500]) {
      const r = run(resolvers, 1);
      expect(r.lb.nodes).toHaveLength(6);
      expect(r.lb.dns.queries).toBeLessThanOrEqual(resolvers * (Math.floor(duration / TTL) + 1));
    }
  });
});
