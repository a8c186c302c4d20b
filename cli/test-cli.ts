// Shared by the tests that spawn the elbsim command as a user runs it (`node bin/elbsim.js …` from
// the repository root, output read from its pipes, so stderr is not a terminal and no progress
// bar is drawn), the tiny scenario they run, and scenario files in a temporary folder. Each spawn
// costs a few tenths of a second: tests keep scenarios tiny and spawns few.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Spawns have a minute each: a busy two-core machine can take seconds to start Node and workers. */
export const SPAWNS = { timeout: 60_000 };

export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the command with `args`, with `env` added to this process's environment; a run that
 * outlasts `timeout` ms is killed (code null).
 */
export function elbsim(args: readonly string[], timeout?: number, env: Record<string, string> = {}): Spawned {
  const r = spawnSync(process.execPath, ["bin/elbsim.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout,
    maxBuffer: 1 << 24,
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary folder removed after the file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `text` to `dir/name` and returns the path. */
export function writeScenario(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Two zones, four targets, 50 requests/s for 60 s: a run takes a tenth of a second. */
export const TINY = `version: 1
name: tiny
title: A tiny scenario
seed: 7
duration: 60s
metricsInterval: 5s
zones: [a, b]
loadBalancer:
  type: application
  healthCheck: { interval: 10s }
targets:
  - { zone: a, count: 2, concurrency: 4, serviceTime: { distribution: exponential, mean: 20ms } }
  - { zone: b, count: 2, concurrency: 4, serviceTime: 20ms }
clients:
  - { name: users, count: 100, rate: 50 }
variants:
  off: { loadBalancer.crossZone: false }
`;
