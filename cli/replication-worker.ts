// A worker thread of the pool (replication-pool.ts): runs the jobs it is sent, one at a time, and
// answers with each output (run-job.ts). The scenario arrives fully loaded, so the worker reads no
// file.
import { parentPort } from "node:worker_threads";
import { type JobMessage, type JobReply, runJob } from "./run-job";

parentPort!.on("message", ({ id, ...job }: JobMessage) => {
  let reply: JobReply;
  try {
    reply = { id, output: runJob(job) };
  } catch (e) {
    reply = { id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  parentPort!.postMessage(reply);
});
