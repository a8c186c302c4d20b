// A worker thread of the replication pool: runs the scenarios it is sent, one at a time, and
// answers with each result (without its log, which the statistics do not read). The scenario
// arrives fully loaded, so the worker reads no file.
import { parentPort } from "node:worker_threads";
import { runScenario } from "../sim/run";
import type { Scenario } from "../sim/scenario/defaults";

export interface JobMessage {
  id: number;
  scenario: Scenario;
  variant: string | null;
}

parentPort!.on("message", ({ id, scenario, variant }: JobMessage) => {
  try {
    const { result } = runScenario(scenario, { variant });
    parentPort!.postMessage({ id, result: { ...result, log: [] } });
  } catch (e) {
    parentPort!.postMessage({ id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
