// Preloaded into a benchmarked process (`node --import ./bench/peak-memory.js …`): as it exits,
// it writes its peak resident memory and the CPU time it used to stderr as one JSON line, so
// bin/bench.js can measure the real `elbsim run` process without a platform tool such as
// /usr/bin/time. CPU time is the figure to read when other work shares the machine's cores.
process.on("exit", () => {
  // maxRSS is in kilobytes and the CPU times in microseconds (getrusage); stderr is synchronous
  // for pipes and files on Linux and macOS.
  const usage = process.resourceUsage();
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  process.stderr.write(`${JSON.stringify({ peakMemoryBytes: usage.maxRSS * 1024, cpuSeconds })}\n`);
});
