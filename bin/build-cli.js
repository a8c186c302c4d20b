#!/usr/bin/env node
// Bundles the elbsim command into build/cli/ (run by `npm ci` through `prepare`), so that
// `npx elbsim` starts in a tenth of a second instead of compiling TypeScript on every start.
// bin/elbsim.js uses the bundle only while it is newer than every source file it was built from.
import { rmSync } from "node:fs";
import { build } from "esbuild";

rmSync("build/cli", { recursive: true, force: true });
await build({
  entryPoints: { cli: "cli/main.ts", "replication-worker": "cli/replication-worker.ts" },
  outdir: "build/cli",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Dependencies are bundled too: loading zod's and yaml's hundreds of modules one by one was
  // most of the start-up. yaml's Node build is CommonJS and requires "process", hence require.
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
  chunkNames: "[name]-[hash]",
  logLevel: "warning",
});
