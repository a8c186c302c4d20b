// Runs many scenarios on worker threads, one worker per core (os.availableParallelism()). Run from
// source, the workers are TypeScript: each starts from a two-line ES module that registers tsx's
// loader and then imports replication-worker.ts (Node 20 ignores `--import tsx` in a worker's
// execArgv); run from the CLI bundle, they start the bundled replication-worker.js.
// Results come back in job order whatever order the workers finish in, so the statistics never
// depend on scheduling.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { RunResult } from "../sim/metrics/result";
import { runScenario } from "../sim/run";
import type { Scenario } from "../sim/scenario/defaults";
import type { JobMessage } from "./replication-worker";

export interface Job {
  scenario: Scenario;
  variant: string | null;
}

export interface PoolOptions {
  /** Worker threads; default one per core, at most one per job. 0 runs every job on this thread. */
  workers?: number;
  /** Called after each job with the number done and the total. */
  onProgress?: (done: number, total: number) => void;
}

type Reply = { id: number; result: RunResult } | { id: number; error: string };

/** Runs every job and returns the results (logs emptied) in job order. */
export async function runJobs(jobs: readonly Job[], options: PoolOptions = {}): Promise<RunResult[]> {
  const count = Math.min(options.workers ?? availableParallelism(), jobs.length);
  if (count <= 0) return runHere(jobs, options);
  const results = new Array<RunResult>(jobs.length);
  const workers = Array.from({ length: count }, () => startWorker());
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (worker: Worker) => {
        if (next >= jobs.length) return;
        const id = next++;
        worker.postMessage({ id, ...jobs[id] } satisfies JobMessage);
      };
      for (const worker of workers) {
        worker.on("message", (reply: Reply) => {
          if ("error" in reply) return reject(new Error(`replication ${reply.id} failed: ${reply.error}`));
          results[reply.id] = reply.result;
          options.onProgress?.(++done, jobs.length);
          if (done === jobs.length) resolve();
          else feed(worker);
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (done < jobs.length)
            reject(new Error(`a replication worker exited (code ${code}) before the jobs were done`));
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

function startWorker(): Worker {
  // From the bundle (build/cli/, JavaScript) the worker is its own bundled entry beside this file.
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./replication-worker.js", import.meta.url));
  const tsx = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./replication-worker.ts", import.meta.url).href;
  const source = `import { register } from ${JSON.stringify(tsx)};\nregister();\nawait import(${JSON.stringify(entry)});\n`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`));
}

/** The same jobs on this thread, yielding between runs so a progress bar can draw. */
async function runHere(jobs: readonly Job[], options: PoolOptions): Promise<RunResult[]> {
  const results: RunResult[] = [];
  for (const job of jobs) {
    const { result } = runScenario(job.scenario, { variant: job.variant });
    results.push({ ...result, log: [] });
    options.onProgress?.(results.length, jobs.length);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return results;
}
