// The simulation thread: loads a scenario and streams its run to the page through comlink. The page
// cancels a run by terminating this worker, so nothing here listens for a stop.
import { expose } from "comlink";
import { loadScenario } from "../sim/scenario/load";
import type { RunOutcome, RunRequest, RunSink } from "./stream/protocol";
import { streamRun } from "./stream/stream-run";
import { whatIfSettings } from "./stream/what-if-settings";

const runner = {
  async run(request: RunRequest, sink: RunSink): Promise<RunOutcome> {
    const loaded = loadScenario(request.text, {
      variant: request.variant,
      seed: request.seed,
      overrides: request.overrides,
      readFile: (name) => {
        const text = request.files[name];
        if (text === undefined) throw new Error(`no file ${name}`);
        return text;
      },
    });
    if (!loaded.ok) return { ok: false, errors: loaded.errors };
    const result = await streamRun(loaded.scenario, sink, {
      variant: request.variant,
      clock: () => performance.now(),
      whatIf: whatIfSettings(loaded.scenario, loaded.raw),
      dnsCaches: request.dnsCaches,
    });
    return { ok: true, result };
  },
};

export type Runner = typeof runner;

expose(runner);
