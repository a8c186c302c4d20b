// The page's side of the checking thread (check-worker.ts). A check still running when a newer one
// is asked for is abandoned by terminating its worker, as a run is cancelled: only the newest
// answer matters, and a megabyte of YAML can take seconds.
import { type Remote, wrap } from "comlink";
import type { CheckRequest, CheckResult, Checker as Remoted } from "./check-worker";
import type { ScenarioSummary } from "./scenarios";

interface Thread {
  worker: Worker;
  remote: Remote<Remoted>;
  /** Resolves when the thread is terminated: its calls will never answer. */
  stopped: Promise<null>;
  stop: () => void;
  pending: number;
}

export class Checker {
  private thread: Thread | null = null;

  /** The check of `request`, or null when a newer check (or `stop`) replaced it first. */
  check(request: CheckRequest): Promise<CheckResult | null> {
    return this.call((remote) => remote.check(request));
  }

  /** What the page shows of a scenario's text before it is validated (title, variants…), or null when replaced. */
  summarize(text: string): Promise<ScenarioSummary | null> {
    return this.call((remote) => remote.summarize(text));
  }

  /** Abandons what is running. */
  stop(): void {
    this.thread?.worker.terminate();
    this.thread?.stop();
    this.thread = null;
  }

  private async call<T>(ask: (remote: Remote<Remoted>) => Promise<T>): Promise<T | null> {
    if (this.thread && this.thread.pending > 0) this.stop();
    this.thread ??= start();
    const thread = this.thread;
    thread.pending++;
    try {
      return await Promise.race([ask(thread.remote), thread.stopped]);
    } finally {
      thread.pending--;
    }
  }
}

function start(): Thread {
  const worker = new Worker(new URL("./check-worker.ts", import.meta.url), { type: "module", name: "elbsim check" });
  let stop!: () => void;
  const stopped = new Promise<null>((resolve) => (stop = () => resolve(null)));
  return { worker, remote: wrap<Remoted>(worker), stopped, stop, pending: 0 };
}
