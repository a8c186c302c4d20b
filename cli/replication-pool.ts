// Runs many scenarios on worker threads, one worker per core (os.availableParallelism()). Run from
// source, the workers are TypeScript: each starts from a two-line ES module that registers tsx's
// loader and then imports replication-worker.ts (Node 20 ignores `--import tsx` in a worker's
// execArgv); run from the CLI bundle, they start the bundled replication-worker.js.
// Results come back in job order whatever order the workers finish in, so the statistics never
// depend on scheduling. A pool lives across batches (a precision stop adds replications in rounds)
// so that workers start once.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { type Job, type JobMessage, type JobOutput, type JobReply, runJob } from "./run-job";

export type { Job, JobOutput };

export interface PoolOptions {
  /** Worker threads; default one per core, at most one per job. 0 runs every job on this thread. */
  workers?: number;
  /** Called after each job with the number done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** Runs every job and returns the outputs in job order. */
export async function runJobs(jobs: readonly Job[], options: PoolOptions = {}): Promise<JobOutput[]> {
  const pool = new WorkerPool(Math.min(options.workers ?? availableParallelism(), jobs.length));
  try {
    return await pool.run(jobs, options.onProgress);
  } finally {
    await pool.close();
  }
}

/** Worker threads that run batches of jobs; `close` ends them. Size 0 runs jobs on this thread. */
export class WorkerPool {
  private readonly workers: Worker[] = [];

  constructor(readonly size: number = availableParallelism()) {}

  async run(jobs: readonly Job[], onProgress?: (done: number, total: number) => void): Promise<JobOutput[]> {
    // Before the first run ends (a long one takes a while): the bar shows what is to come.
    if (jobs.length > 0) onProgress?.(0, jobs.length);
    if (this.size <= 0) return runHere(jobs, onProgress);
    while (this.workers.length < Math.min(this.size, jobs.length)) this.workers.push(startWorker());
    const outputs = new Array<JobOutput>(jobs.length);
    if (jobs.length === 0) return outputs;
    let next = 0;
    let done = 0;
    const busy = this.workers.slice(0, Math.min(this.workers.length, jobs.length));
    // Listeners are this batch's; they are taken off by name afterwards (removeAllListeners would
    // also take the worker's own, and its port would stop delivering messages).
    const detach: (() => void)[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        const feed = (worker: Worker) => {
          if (next >= jobs.length) return;
          const id = next++;
          worker.postMessage({ id, ...jobs[id] } satisfies JobMessage);
        };
        for (const worker of busy) {
          const onMessage = (reply: JobReply) => {
            if ("error" in reply) return reject(new Error(`run ${reply.id} failed: ${reply.error}`));
            outputs[reply.id] = reply.output;
            onProgress?.(++done, jobs.length);
            if (done === jobs.length) resolve();
            else feed(worker);
          };
          const onExit = (code: number) => {
            if (done < jobs.length) reject(new Error(`a worker exited (code ${code}) before the jobs were done`));
          };
          worker.on("message", onMessage).on("error", reject).on("exit", onExit);
          detach.push(() => worker.off("message", onMessage).off("error", reject).off("exit", onExit));
          feed(worker);
        }
      });
    } finally {
      for (const off of detach) off();
    }
    return outputs;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }
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
async function runHere(jobs: readonly Job[], onProgress?: (done: number, total: number) => void): Promise<JobOutput[]> {
  const outputs: JobOutput[] = [];
  for (const job of jobs) {
    outputs.push(runJob(job));
    onProgress?.(outputs.length, jobs.length);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return outputs;
}
