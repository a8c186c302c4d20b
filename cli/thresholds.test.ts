import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { SPAWNS, TINY, elbsim, tempDir, writeScenario } from "./test-cli";
import { THRESHOLD_BREACHED } from "./thresholds";

const dir = tempDir("elbsim-thresholds-");
const file = writeScenario(dir, "tiny.yaml", `${TINY}thresholds: ["errorRate<0.1%"]\n`);

describe("thresholds on the command line", () => {
  test("a breached threshold exits 99 with every threshold marked in the summary", SPAWNS, () => {
    const r = elbsim(["run", file, "--threshold", "latency.p99 < 1ms", "--threshold", "zone.a.share>=40%"]);
    expect(r.code).toBe(THRESHOLD_BREACHED);
    expect(r.stderr).toBe("");
    const lines = r.stdout.slice(r.stdout.indexOf("Thresholds:")).trimEnd().split("\n");
    expect(lines[0]).toBe("Thresholds: 2 of 3 met, 1 breached");
    expect(lines[1]).toMatch(/^ {2}✓ errorRate<0\.1% {3,}0 %$/);
    expect(lines[2]).toMatch(/^ {2}✗ latency\.p99 < 1ms {3,}[\d.]+ ms$/);
    expect(lines[3]).toMatch(/^ {2}✓ zone\.a\.share>=40% {3,}[\d.]+ %$/);
  });

  test("--json and summary.json carry them; all met exits 0", SPAWNS, () => {
    const out = join(dir, "out");
    const r = elbsim(["run", file, "--json", "--out", out, "--threshold", "requests[30s..]>1000"]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.thresholds.map((t: { threshold: string; pass: boolean }) => [t.threshold, t.pass])).toEqual([
      ["errorRate<0.1%", true],
      ["requests[30s..]>1000", true],
    ]);
    expect(result.thresholds[1]).toMatchObject({ metric: "requests[30s..]", kind: "count", op: ">", judgedOn: "run" });
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).thresholds).toEqual(result.thresholds);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain('<section id="thresholds">');
  });

  test(
    "with --replications a threshold is judged on the mean, or with 95 % confidence on the interval's bound",
    SPAWNS,
    () => {
      // The p99 of 60 s runs varies by several ms between seeds: its interval straddles a limit
      // just above the mean, which the mean meets and the interval's high end does not.
      const probe = JSON.parse(elbsim(["run", file, "--replications", "4", "--json"]).stdout);
      const p99 = probe.variants[0].metrics.find((m: { key: string }) => m.key === "latencyP99");
      const limit = `${((p99.mean + p99.halfWidth / 2) * 1000).toFixed(3)}ms`;
      const r = elbsim([
        "run",
        file,
        "--replications",
        "4",
        "--json",
        "--threshold",
        `latency.p99<${limit}`,
        "--threshold",
        `latency.p99<${limit} with 95% confidence`,
      ]);
      expect(r.code).toBe(THRESHOLD_BREACHED);
      const judged = JSON.parse(r.stdout).variants[0].thresholds;
      expect(judged.map((j: { judgedOn: string; pass: boolean }) => [j.judgedOn, j.pass])).toEqual([
        ["mean", true],
        ["mean", true],
        ["high", false],
      ]);
      expect(judged[2].value).toBeCloseTo(p99.high, 12);
    },
  );

  test("compare marks each variant and exits 99 when one breaches; --base puts the reference first", SPAWNS, () => {
    const r = elbsim(["compare", file, "--base", "tiny", "--threshold", "zone.a.share<=50.5%"]);
    expect(r.code).toBe(THRESHOLD_BREACHED);
    expect(r.stdout).toMatch(/^metric +tiny +off \(vs tiny\)$/m);
    expect(r.stdout).toMatch(/^zone\.a\.share<=50\.5% +✓ 50\.0 % +✗ 52\.8 %$/m);
  });

  test("a threshold that cannot be read is a bad argument (exit 2), not a breach", SPAWNS, () => {
    const r = elbsim(["run", file, "--threshold", "zone.c.share>1%"]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: "--threshold zone.c.share>1%: no zone c (zones: a, b)\n" });
  });
});
