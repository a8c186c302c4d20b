// Shared by the tests that spawn the elbsim command as a user runs it (`node bin/elbsim.js …` from
// the repository root, output read from its pipes, so stderr is not a terminal and no progress
// bar is drawn), and the tiny scenario they run.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Runs the command with `args`; a run that outlasts `timeout` ms is killed (code null). */
export function elbsim(args: readonly string[], timeout?: number) {
  const r = spawnSync(process.execPath, ["bin/elbsim.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout,
    maxBuffer: 1 << 24,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

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
