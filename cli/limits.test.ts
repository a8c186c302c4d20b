// Work too big for the machine (sim/scenario/work-estimate.ts), spawned as a user runs it: each
// of these once ended in an out-of-memory abort (exit 134, no message) or ran for weeks. Now
// each is refused before anything runs: exit 2, nothing on stdout, no stack, and one line that
// names the setting and quotes the estimate.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "elbsim-limits-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// What once ran out of memory or for weeks must fail its test, not stall the suite.
const STALL = 30_000;
const SPAWNS = { timeout: STALL + 10_000 };

function elbsim(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/elbsim.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: STALL,
    maxBuffer: 1 << 24,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A small scenario with some parts replaced, written into the temporary folder. */
function scenario(
  name: string,
  parts: { duration?: string; targets?: string; clients?: string; more?: string } = {},
): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `version: 1
name: ${name}
duration: ${parts.duration ?? "30m"}
zones: [a, b, c]
targets: ${parts.targets ?? "[{ zone: a, count: 2, concurrency: 4, serviceTime: 20ms }]"}
clients: ${parts.clients ?? "[{ name: users, count: 100, rate: 50 }]"}
${parts.more ?? ""}
`,
  );
  return file;
}

/** The command is refused: exit 2, stdout empty, no stack, one line `path: message`. */
function refused(args: string[], path: string, message: RegExp = /./): string {
  const r = elbsim(...args);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toContain("    at ");
  const lines = r.stderr.replace(/\n$/, "").split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0].startsWith(`${path}: `), `${lines[0]} should start with ${path}: `).toBe(true);
  expect(lines[0].slice(path.length + 2)).toMatch(message);
  expect(r.code).toBe(2);
  return lines[0];
}

const list = (n: number, item: (i: number) => string) => `[${Array.from({ length: n }, (_, i) => item(i)).join(", ")}]`;

describe("work too big for the machine is refused before it runs, with the estimate", () => {
  test("10⁹ requests a second for an hour", SPAWNS, () => {
    const file = scenario("torrent", { clients: "[{ name: users, rate: 1e9 }]", duration: "1h" });
    expect(refused(["run", file], "clients.0.rate")).toBe(
      "clients.0.rate: about 3.6e12 requests, more than the 1e9 limit; pass --allow-large to run it",
    );
  });

  test("100 target groups of 10,000 targets", SPAWNS, () => {
    const file = scenario("wide", {
      targets: list(100, (i) => `{ zone: ${"abc"[i % 3]}, count: 10000, concurrency: 4, serviceTime: 20ms }`),
    });
    refused(
      ["run", file],
      "targets",
      /^about 3\.6e9 metric values \(1,800 buckets × 2,000,042 series\), more than the 5e7 limit; pass --allow-large/,
    );
  });

  test("20 client groups of 10 million clients", SPAWNS, () => {
    const file = scenario("crowds", { clients: list(20, (i) => `{ name: c${i}, count: 10000000, rate: 1 }`) });
    refused(["run", file], "clients.0.count", /^about 11 GiB of memory, mostly for 2\.0e8 clients/);
  });

  test("10,000 targets with 1 ms buckets", SPAWNS, () => {
    const file = scenario("fine", {
      targets: "[{ zone: a, count: 10000, concurrency: 4, serviceTime: 20ms }]",
      duration: "60s",
      more: "metricsInterval: 1ms",
    });
    refused(["run", file], "metricsInterval", /^about 1\.2e9 metric values \(60,000 buckets × 20,\d+ series\)/);
  });

  test("a 47 MB file of 1.2 million events, before it is read", SPAWNS, () => {
    const file = join(dir, "events.yaml");
    const events = "  - { at: 10s, fail: { target: a-1 } }\n".repeat(1_200_000);
    writeFileSync(file, `${readFileSync(scenario("events-head"), "utf8")}events:\n${events}`);
    refused(["run", file], file, /^is 44\.6 MiB, more than the 1 MiB limit for a scenario; pass --allow-large/);
  });

  test("a scenario that never ends (/dev/zero), after the first MiB", SPAWNS, () => {
    refused(["validate", "/dev/zero"], "/dev/zero", /^is more than the 1 MiB limit for a scenario/);
  });

  test("more variants than can be checked in seconds", SPAWNS, () => {
    const variants = Array.from({ length: 1500 }, (_, i) => `  v${i}: { seed: ${i} }`).join("\n");
    const file = scenario("variety", { more: `variants:\n${variants}` });
    refused(
      ["validate", file],
      "variants",
      /^1,500 variants, each checked with the whole scenario .* more than the 1e6 limit$/,
    );
  });

  test("--replications 20000000", SPAWNS, () => {
    refused(["run", scenario("many"), "--replications", "20000000"], "--replications");
  });

  test("compare adds up its variants, and validate says what run would refuse", SPAWNS, () => {
    const file = scenario("variants", {
      clients: "[{ name: users, rate: 1e5 }]",
      targets: "[{ zone: a, count: 2, concurrency: 4, queue: 10, serviceTime: 20ms }]",
      duration: "1h",
      more: "variants: { a: { seed: 2 }, b: { seed: 3 }, c: { seed: 4 } }",
    });
    refused(["compare", file], "variants", /^about 1\.1e9 requests in 3 runs, more than the 1e9 limit/);
    expect(elbsim("validate", file).code).toBe(0);
    const big = scenario("big-variant", { more: "variants: { huge: { clients.0.rate: 1e9 } }" });
    refused(["validate", big], "variants.huge", /^clients\.0\.rate: about 1\.8e12 requests/);
  });
});

describe("--allow-large", () => {
  test("lets validate pass what the limits refuse, and run a file over the size limit", SPAWNS, () => {
    const torrent = scenario("allowed", { clients: "[{ name: users, rate: 1e9 }]" });
    expect(elbsim("validate", torrent, "--allow-large")).toMatchObject({ code: 0, stderr: "" });
    const long = join(dir, "long.yaml");
    writeFileSync(
      long,
      readFileSync(scenario("long-description", { duration: "10s" }), "utf8").replace(
        "version: 1",
        `version: 1\ndescription: ${"x".repeat(1_100_000)}`,
      ),
    );
    refused(["run", long], long, /^is 1\.05 MiB, more than the 1 MiB limit/);
    const r = elbsim("run", long, "--allow-large", "--json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).scenario).toBe("long-description");
  });
});
