#!/usr/bin/env node
// The elbsim command: runs sim/cli.ts through tsx, so a checkout works right after `npm ci`.
import { register } from "tsx/esm/api";
register();
const { main } = await import("../sim/cli.ts");
process.exitCode = await main(process.argv.slice(2));
