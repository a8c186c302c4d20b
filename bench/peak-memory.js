// Preloaded into a benchmarked process (`node --import ./bench/peak-memory.js …`): as it exits,
// it writes its peak resident memory to stderr as one JSON line, so bin/bench.js can measure the
// real `elbsim run` process without a platform tool such as /usr/bin/time.
process.on("exit", () => {
  // maxRSS is in kilobytes (getrusage); stderr is synchronous for pipes and files on Linux and macOS.
  process.stderr.write(`${JSON.stringify({ peakMemoryBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
});
