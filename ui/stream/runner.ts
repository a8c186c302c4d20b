// Starts a run in its own worker and gathers what it streams into a RunData. Cancelling
// terminates the worker: the run stops at once, mid-event, and what arrived stays on the page.
import { proxy, wrap } from "comlink";
import type { Runner } from "../worker";
import type { Chunk, RunMeta, RunRequest } from "./protocol";
import { RunData } from "./run-data";

export interface RunHandle {
  /** Resolves with the run's data once its layout (meta) is known, or rejects with scenario errors. */
  readonly data: Promise<RunData>;
  /** Resolves when the run ends: done, cancelled or failed. */
  readonly finished: Promise<RunData | null>;
  cancel(): void;
}

export class ScenarioErrors extends Error {
  constructor(readonly errors: { path: string; message: string }[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  }
}

/** Runs `request` in a fresh worker; `onUpdate` is called after each chunk and at the end. */
export function startRun(request: RunRequest, onUpdate: (data: RunData) => void): RunHandle {
  const worker = new Worker(new URL("../worker.ts", import.meta.url), { type: "module", name: "elbsim run" });
  const runner = wrap<Runner>(worker);
  let data: RunData | null = null;
  let resolveData!: (d: RunData) => void;
  let rejectData!: (e: unknown) => void;
  const dataReady = new Promise<RunData>((res, rej) => {
    resolveData = res;
    rejectData = rej;
  });
  let settle!: (d: RunData | null) => void;
  const finished = new Promise<RunData | null>((res) => (settle = res));
  let over = false;

  const end = (status: "cancelled" | "failed", error: string | null) => {
    if (over) return;
    over = true;
    worker.terminate();
    if (data) {
      data.stop(status, error);
      onUpdate(data);
    } else rejectData(new Error(error ?? status));
    settle(data);
  };

  const sink = proxy({
    // The worker waits for this before it simulates: the page lays the run out (its costliest
    // frame) while the worker does not yet compete for the machine's cores.
    meta(meta: RunMeta): Promise<void> {
      data = new RunData(meta);
      resolveData(data);
      onUpdate(data);
      return afterNextFrame();
    },
    chunk(chunk: Chunk) {
      if (!data || over) return;
      data.append(chunk);
      onUpdate(data);
    },
  });

  worker.addEventListener("error", (e) => end("failed", e.message || "the simulation worker failed"));
  runner.run(request, sink).then(
    (outcome) => {
      if (over) return;
      if (!outcome.ok) {
        over = true;
        worker.terminate();
        rejectData(new ScenarioErrors(outcome.errors));
        settle(null);
        return;
      }
      over = true;
      worker.terminate();
      data!.finish(outcome.result);
      onUpdate(data!);
      settle(data);
    },
    (e: unknown) => end("failed", e instanceof Error ? e.message : String(e)),
  );

  return { data: dataReady, finished, cancel: () => end("cancelled", null) };
}

/** Resolves once the next frame has been drawn, or after 250 ms (a hidden page draws none). */
function afterNextFrame(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 250);
  });
}
