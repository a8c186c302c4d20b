#!/usr/bin/env node
// The elbsim command. It runs the bundle that `npm ci` builds (build/cli/, see build-cli.js) when
// that bundle is newer than every source file; otherwise it runs cli/main.ts through tsx, so a
// checkout works right after an edit too, only slower to start.
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bundle = `${root}build/cli/cli.js`;

function newestSource() {
  let newest = 0;
  for (const dir of ["cli", "reports", "sim"]) {
    for (const name of readdirSync(`${root}${dir}`, { recursive: true })) {
      if (!name.endsWith(".ts") || name.endsWith(".test.ts")) continue;
      newest = Math.max(newest, statSync(`${root}${dir}/${name}`).mtimeMs);
    }
  }
  return newest;
}

let cli;
if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource()) {
  cli = await import(bundle);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  cli = await import("../cli/main.ts");
}
process.exitCode = await cli.main(process.argv.slice(2));
