import { describe, expect, test } from "vitest";
import type { LoadOptions } from "./load";
import { formatErrors, loadScenario, validateScenario } from "./load";

const MINIMAL = `version: 1
name: t
duration: 60s
zones: [a, b]
targets: [{ zone: a, count: 2, concurrency: 4, serviceTime: 50ms }, { zone: b, count: 8, concurrency: 4, serviceTime: { distribution: exponential, mean: 50ms } }]
clients: [{ name: web, count: 100, rate: 100 }]
`;

/** The "path: message" lines for a scenario, or [] when it loads. */
function problems(text: string, options?: LoadOptions): string[] {
  const result = loadScenario(text, options);
  return result.ok ? [] : formatErrors(result.errors);
}

describe("loadScenario", () => {
  test("a minimal scenario loads with every setting filled in", () => {
    const result = loadScenario(MINIMAL);
    if (!result.ok) throw new Error(formatErrors(result.errors).join("\n"));
    const { scenario } = result;
    expect(scenario.duration).toBe(60);
    expect(scenario.seed).toBe(1);
    expect(scenario.loadBalancer.type).toBe("application");
    expect(scenario.targets[0].serviceTime).toEqual({ distribution: "constant", mean: 0.05 });
    expect(scenario.targets[1].serviceTime).toEqual({ distribution: "exponential", mean: 0.05 });
    expect(scenario.clients[0]).toMatchObject({
      dnsCache: "ttl",
      pick: "first",
      resolvers: null,
      rate: [{ at: 0, rps: 100 }],
    });
    expect(scenario.targets[0].queue).toBe(Infinity);
  });

  test("returns the file as parsed, before variants and overrides", () => {
    const result = loadScenario(MINIMAL, { overrides: ["duration=5m"] });
    expect(result.ok && (result.raw as { duration: unknown }).duration).toBe("60s");
    expect(result.ok && result.scenario.duration).toBe(300);
  });

  test("JSON loads too", () => {
    const json = JSON.stringify({
      version: 1,
      name: "t",
      duration: 60,
      zones: ["a"],
      targets: [{ zone: "a", concurrency: 1, serviceTime: 0.1 }],
      clients: [{ name: "c", rate: 1 }],
    });
    expect(problems(json)).toEqual([]);
    expect(problems(json, { format: "json" })).toEqual([]);
  });

  test("format json accepts only JSON", () => {
    expect(problems('{"version": 1, "crossZone": yes}', { format: "json" })[0]).toMatch(
      /^\(json\): line 1, column 29: /,
    );
  });

  test("a YAML syntax error names its line, on one line", () => {
    const lines = problems(`${MINIMAL}loadBalancer:\n  crossZone: true\n   algorithm: random\n`);
    expect(lines).toEqual(["(yaml): line 8, column 14: Nested mappings are not allowed in compact mappings"]);
  });

  test("a duplicate key is an error", () => {
    expect(problems(`${MINIMAL}name: u\n`)).toEqual(["(yaml): line 7, column 1: duplicate key name"]);
  });

  test("an empty file is an error", () => {
    expect(problems("")).toEqual(["(file): is empty"]);
    expect(problems("# only a comment\n")).toEqual(["(file): is empty"]);
  });

  test("a file that is not a mapping is an error for the whole scenario", () => {
    expect(problems("- a\n- b\n")).toEqual(["(scenario): must be a mapping of settings (version, name, duration, …)"]);
  });

  test("an unknown key is an error that suggests the nearest known key", () => {
    expect(problems(`${MINIMAL}loadBalancer: { crossZones: false }\n`)).toEqual([
      "loadBalancer.crossZones: unknown key (did you mean crossZone?)",
    ]);
    expect(problems(`${MINIMAL}colour: blue\n`)).toEqual(["colour: unknown key"]);
  });

  test("a health-check interval of 1s is out of range", () => {
    expect(problems(`${MINIMAL}loadBalancer: { healthCheck: { interval: 1s } }\n`)).toEqual([
      "loadBalancer.healthCheck.interval: must be 5s to 300s, got 1s",
    ]);
  });

  test("a duration that is not one says what a duration looks like", () => {
    expect(problems(MINIMAL.replace("duration: 60s", "duration: soon"))).toEqual([
      "duration: must be a duration such as 250ms, 30s or 5m, got soon",
    ]);
  });

  test("a missing setting is required", () => {
    expect(problems(MINIMAL.replace("duration: 60s\n", ""))).toEqual(["duration: is required"]);
    expect(problems(MINIMAL.replace("concurrency: 4, serviceTime: 50ms", "serviceTime: 50ms"))).toEqual([
      "targets.0.concurrency: is required",
    ]);
  });

  test("a negative rate is an error at the client's rate", () => {
    expect(problems(MINIMAL.replace("rate: 100", "rate: -5"))).toEqual(["clients.0.rate: must be at least 0, got -5"]);
    expect(problems(MINIMAL.replace("version: 1", "version: { a: 99999999999999999999 }"))).toEqual([
      "version: must be 1, got a mapping",
    ]);
    expect(problems(MINIMAL.replace("count: 100", "count: 99999999999999999999"))).toEqual([
      "clients.0.count: must be at most 10000000, got 99999999999999999999",
    ]);
    expect(problems(MINIMAL.replace("rate: 100", "rate: [{ at: 0s, rps: -1 }]"))).toEqual([
      "clients.0.rate.0.rps: must be at least 0, got -1",
    ]);
  });

  test("a wrong choice lists the allowed ones", () => {
    expect(problems(`${MINIMAL}loadBalancer: { algorithm: roundrobin }\n`)).toEqual([
      "loadBalancer.algorithm: must be one of round_robin, least_outstanding_requests, random, flow_hash, power_of_two, got roundrobin",
    ]);
  });

  test("a boolean must be true or false", () => {
    expect(problems(`${MINIMAL}loadBalancer: { crossZone: yes }\n`)).toEqual([
      "loadBalancer.crossZone: must be true or false, got yes",
    ]);
  });

  test("a setting with several forms reports the form the writer meant", () => {
    expect(problems(MINIMAL.replace("mean: 50ms", "mena: 50ms"))).toEqual([
      "targets.1.serviceTime.mean: is required",
      "targets.1.serviceTime.mena: unknown key (did you mean mean?)",
    ]);
    expect(problems(MINIMAL.replace("distribution: exponential", "distribution: expo"))).toEqual([
      "targets.1.serviceTime.distribution: must be one of constant, exponential, lognormal, uniform, empirical, got expo",
    ]);
    expect(problems(MINIMAL.replace("rate: 100", "rate: 100, dnsCache: sometimes"))).toEqual([
      "clients.0.dnsCache: must be ttl, forever, or a duration such as 250ms, 30s or 5m, got sometimes",
    ]);
    expect(problems(MINIMAL.replace("rate: 100", "rate: fast"))).toEqual([
      "clients.0.rate: must be a number, a list or a mapping, got fast",
    ]);
  });

  test("a classic health-check timeout of 90s is out of range", () => {
    expect(
      problems(`${MINIMAL}loadBalancer: { type: classic, healthCheck: { interval: 120s, timeout: 90s } }\n`),
    ).toEqual(["loadBalancer.healthCheck.timeout: must be 2s to 60s for a classic load balancer, got 90s"]);
  });
});

describe("references", () => {
  test("an event naming target a-99 lists the targets that exist", () => {
    expect(problems(`${MINIMAL}events: [{ at: 10s, fail: { target: a-99 } }]\n`)).toContain(
      "events.0.fail.target: no target a-99 (targets: a-1 … a-2, b-1 … b-8)",
    );
  });

  test("an event naming a zone not in zones lists the zones", () => {
    expect(problems(`${MINIMAL}events: [{ at: 10s, outage: { zone: c } }]\n`)).toContain(
      "events.0.outage.zone: no zone c (zones: a, b)",
    );
  });

  test("a set event must name a load-balancer setting", () => {
    const lines = problems(`${MINIMAL}events: [{ at: 10s, set: { loadBalancer.crossZones: true, duration: 5m } }]\n`);
    expect(lines).toContain(
      "events.0.set.loadBalancer.crossZones: no setting loadBalancer.crossZones (did you mean loadBalancer.crossZone?)",
    );
    expect(lines).toContain(
      "events.0.set.duration: must be a setting under loadBalancer, such as loadBalancer.crossZone",
    );
  });

  test("a set event's value is validated like the file", () => {
    const lines = problems(
      `${MINIMAL}events: [{ at: 10s, set: { loadBalancer.crossZone: maybe, loadBalancer.healthCheck.interval: 1s } }]\n`,
    );
    expect(lines).toContain("events.0.set.loadBalancer.crossZone: must be true or false, got maybe");
    expect(lines).toContain("events.0.set.loadBalancer.healthCheck.interval: must be 5s to 300s, got 1s");
  });

  test("a set event that makes another setting invalid says which", () => {
    const text = `${MINIMAL}loadBalancer: { healthCheck: { interval: 30s, timeout: 10s } }\nevents: [{ at: 10s, set: { loadBalancer.healthCheck.interval: 10s } }]\n`;
    expect(problems(text)).toContain(
      "events.0.set.loadBalancer.healthCheck.interval: loadBalancer.healthCheck.timeout: must be shorter than the interval (10s), got 10s",
    );
  });

  test("a set event cannot change what AWS fixes when it creates the load balancer", () => {
    const lines = problems(
      `${MINIMAL}events: [{ at: 10s, set: { loadBalancer.type: classic, loadBalancer.dns.maxRecords: 4 } }]\n`,
    );
    expect(lines).toContain("events.0.set.loadBalancer.type: cannot change during a run");
    expect(lines).toContain("events.0.set.loadBalancer.dns.maxRecords: cannot change during a run");
  });

  test("set events apply in time order, each on top of the earlier ones", () => {
    const text = `${MINIMAL}events:\n  - { at: 20s, set: { loadBalancer.healthCheck.timeout: 40s } }\n  - { at: 10s, set: { loadBalancer.healthCheck.interval: 30s } }\n`;
    expect(problems(text)).toContain(
      "events.0.set.loadBalancer.healthCheck.timeout: must be shorter than the interval (30s), got 40s",
    );
  });
});

describe("variants and overrides", () => {
  const VARIANTS = `${MINIMAL}variants:\n  cross-zone-on: { loadBalancer.crossZone: true }\n  cross-zone-off: { loadBalancer.crossZone: false }\n`;

  test("a variant is applied before the overrides", () => {
    const on = loadScenario(VARIANTS, { variant: "cross-zone-off" });
    expect(on.ok && on.scenario.loadBalancer.crossZone).toBe(false);
    const overridden = loadScenario(VARIANTS, {
      variant: "cross-zone-off",
      overrides: ["loadBalancer.crossZone=true"],
    });
    expect(overridden.ok && overridden.scenario.loadBalancer.crossZone).toBe(true);
  });

  test("an unknown variant is an error that lists the variants", () => {
    expect(problems(VARIANTS, { variant: "fast" })).toEqual([
      "--variant: no variant fast (variants: cross-zone-on, cross-zone-off)",
    ]);
    expect(problems(MINIMAL, { variant: "fast" })).toEqual([
      "--variant: no variant fast (the scenario has no variants)",
    ]);
  });

  test("every variant in the file is validated, its errors under its name", () => {
    const text = `${MINIMAL}variants:\n  good: { loadBalancer.crossZone: true }\n  bad: { loadBalancer.crossZone: maybe, loadBalancer.crossZones: true }\n`;
    expect(problems(text)).toEqual([
      "variants.bad.loadBalancer.crossZone: must be true or false, got maybe",
      "variants.bad.loadBalancer.crossZones: unknown key (did you mean crossZone?)",
    ]);
  });

  test("a variant that breaks another setting says which", () => {
    const text = `${MINIMAL}loadBalancer: { healthCheck: { interval: 120s, timeout: 90s } }\nvariants:\n  classic: { loadBalancer.type: classic }\n`;
    expect(problems(text)).toEqual([
      "variants.classic: loadBalancer.healthCheck.timeout: must be 2s to 60s for a classic load balancer, got 90s",
    ]);
  });

  test("a variant path through a value that is not a mapping is an error", () => {
    const text = `${MINIMAL}variants:\n  odd: { duration.x: 1 }\n`;
    expect(problems(text)).toEqual([
      'variants.odd.duration.x: duration is "60s", not a mapping, so duration.x cannot be set',
    ]);
  });

  test("--set overrides are validated like the file", () => {
    const result = loadScenario(MINIMAL, {
      overrides: ["clients.0.dnsCache=forever", "loadBalancer.crossZone=false", "clients.0.pick=random"],
    });
    if (!result.ok) throw new Error(formatErrors(result.errors).join("\n"));
    expect(result.scenario.clients[0].dnsCache).toBe("forever");
    expect(result.scenario.clients[0].pick).toBe("random");
    expect(result.scenario.loadBalancer.crossZone).toBe(false);
    const thirty = loadScenario(MINIMAL, { overrides: ["clients.0.dnsCache=30s"] });
    expect(thirty.ok && thirty.scenario.clients[0].dnsCache).toBe(30);
  });

  test("a bad --set value points at --set PATH", () => {
    expect(problems(MINIMAL, { overrides: ["loadBalancer.crossZone=nah"] })).toEqual([
      "--set loadBalancer.crossZone: must be true or false, got nah",
    ]);
    expect(problems(MINIMAL, { overrides: ["loadBalancer.healthCheck={interval: 1s}"] })).toEqual([
      "--set loadBalancer.healthCheck.interval: must be 5s to 300s, got 1s",
    ]);
    expect(problems(MINIMAL, { overrides: ["loadBalancer.crossZones=false"] })).toEqual([
      "--set loadBalancer.crossZones: unknown key (did you mean crossZone?)",
    ]);
  });

  test("a --set without = or through a missing item is an error", () => {
    expect(problems(MINIMAL, { overrides: ["loadBalancer.crossZone"] })).toEqual([
      "--set loadBalancer.crossZone: must be PATH=VALUE, such as loadBalancer.crossZone=false",
    ]);
    expect(problems(MINIMAL, { overrides: ["clients.3.pick=random"] })).toEqual([
      "--set clients.3.pick: clients has 1 item, so there is no clients.3",
    ]);
  });

  test("--seed replaces the file's seed and is validated", () => {
    const result = loadScenario(MINIMAL, { seed: 7 });
    expect(result.ok && result.scenario.seed).toBe(7);
    expect(problems(MINIMAL, { seed: 1.5 })).toEqual(["--seed: must be a whole number, got 1.5"]);
  });
});

describe("traces", () => {
  const TRACE = MINIMAL.replace("rate: 100", "rate: { trace: traces/crowd.csv }");

  test("a trace replaces the rate with its points", () => {
    const files: Record<string, string> = { "traces/crowd.csv": "time,rps\n0,100\n300,6000\n" };
    const result = loadScenario(TRACE, { readFile: (path) => files[path] ?? failRead(path) });
    expect(result.ok && result.scenario.clients[0].rate).toEqual([
      { at: 0, rps: 100 },
      { at: 300, rps: 6000 },
    ]);
  });

  test("bad rows point at the trace with their line", () => {
    expect(problems(TRACE, { readFile: () => "time,rps\n0,100\n10,-1\n" })).toEqual([
      "clients.0.rate.trace: line 3: rps must not be negative, got -1",
    ]);
  });

  test("a missing trace file is reported at its path", () => {
    expect(problems(TRACE, { readFile: failRead })).toEqual(["clients.0.rate.trace: file traces/crowd.csv not found"]);
  });

  test("a reader's reason for not reading a file is reported at its path", () => {
    expect(
      problems(TRACE, { readFile: () => ({ problem: "traces/crowd.csv is not a regular file (a FIFO)" }) }),
    ).toEqual(["clients.0.rate.trace: traces/crowd.csv is not a regular file (a FIFO)"]);
  });

  test("without a way to read files, a trace is an error", () => {
    expect(problems(TRACE)).toEqual(["clients.0.rate.trace: trace files cannot be read here"]);
  });
});

function failRead(path: string): never {
  throw new Error(`ENOENT: ${path}`);
}

describe("validateScenario", () => {
  test("checks an object that is already parsed", () => {
    const raw = {
      version: 1,
      name: "t",
      duration: 60,
      zones: ["a"],
      targets: [{ zone: "z", concurrency: 1, serviceTime: 0.1 }],
      clients: [{ name: "c", rate: 1 }],
    };
    const result = validateScenario(raw);
    expect(result.ok ? [] : formatErrors(result.errors)).toEqual([
      "targets.0.zone: must be one of the zones (a), got z",
    ]);
  });
});

describe("client timeouts, retries and users", () => {
  const withClient = (client: string) =>
    MINIMAL.replace("clients: [{ name: web, count: 100, rate: 100 }]", `clients: [${client}]`);

  test("every retry setting is checked with its path", () => {
    expect(problems(withClient("{ name: web, rate: 10, retry: { policy: fixed, delay: -1s } }"))[0]).toMatch(
      /^clients\.0\.retry\.delay: /,
    );
    expect(
      problems(withClient("{ name: web, rate: 10, retry: { policy: aws-standard, baseDelay: 2s, maxDelay: 1s } }")),
    ).toEqual(["clients.0.retry.maxDelay: must be at least baseDelay (2s)"]);
    expect(problems(withClient("{ name: web, rate: 10, retry: { policy: fixed, on: [418] } }"))[0]).toMatch(
      /^clients\.0\.retry\.on\.0: /,
    );
    expect(problems(withClient("{ name: web, rate: 10, retry: { policy: sometimes } }"))[0]).toMatch(
      /^clients\.0\.retry\.policy: /,
    );
    expect(problems(withClient("{ name: web, rate: 10, timeout: 0s }"))[0]).toMatch(/^clients\.0\.timeout: /);
    expect(problems(withClient("{ name: web, rate: 10, connectTimeout: -1s }"))[0]).toMatch(
      /^clients\.0\.connectTimeout: /,
    );
  });

  test("every aws-adaptive setting is checked with its path", () => {
    const adaptive = (retry: string) =>
      problems(withClient(`{ name: web, rate: 10, retry: { policy: aws-adaptive, ${retry} } }`));
    expect(adaptive("baseDelay: 2s, maxDelay: 1s")).toEqual([
      "clients.0.retry.maxDelay: must be at least baseDelay (2s)",
    ]);
    expect(adaptive("throttling: [429]")[0]).toMatch(/^clients\.0\.retry\.throttling\.0: must be one of 500, 502, 503/);
    expect(adaptive("limiter: { beta: 1 }")).toEqual(["clients.0.retry.limiter.beta: must be at most 0.99, got 1"]);
    expect(adaptive("limiter: { minFillRate: 0 }")).toEqual([
      "clients.0.retry.limiter.minFillRate: must be at least 0.001, got 0",
    ]);
    expect(adaptive("limiter: { minCapacity: 0.5 }")).toEqual([
      "clients.0.retry.limiter.minCapacity: must be at least 1, got 0.5",
    ]);
    expect(adaptive("limiter: { smooth: 0.8 }")[0]).toMatch(/^clients\.0\.retry\.limiter(\.smooth)?: /);
    expect(adaptive('throttling: [timeout, "503"], limiter: { beta: 0.5 }')).toEqual([]);
  });

  test("a group has a rate or users, not both and not neither", () => {
    expect(problems(withClient("{ name: web, rate: 10, users: 5 }"))).toEqual([
      "clients.0: has a rate and users: give one",
    ]);
    expect(problems(withClient("{ name: web }"))).toEqual(["clients.0: needs a rate, users or arrivals"]);
    expect(problems(withClient("{ name: web, users: [{ at: 1m, users: 5 }, { at: 30s, users: 9 }] }"))).toEqual([
      "clients.0.users.1.at: must not be before the previous stage (1m)",
    ]);
    expect(problems(withClient("{ name: web, users: 5, thinkTime: 1s }"))).toEqual([]);
    expect(problems(withClient("{ name: web, rate: 10, users: { trace: users.csv } }"))).toContain(
      "clients.0: has a rate and users: give one",
    );
  });
});

test("a network load balancer takes no cookie stickiness: its target groups stick by source IP only", () => {
  expect(
    problems(
      MINIMAL.replace("version: 1", "version: 1\nloadBalancer: { type: network, stickiness: { type: lb_cookie } }"),
    ),
  ).toEqual([
    "loadBalancer.stickiness.type: must be none for a network load balancer (no cookies at layer 4), got lb_cookie",
  ]);
});
