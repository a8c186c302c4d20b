// What ships with elbsim: the bundled scenarios (scenarios/ at the package's root), which a
// command may name instead of a file (`elbsim run flash-crowd`), and the package's version.
// The root is found upward from this file, as it may run from the bundle in build/cli/.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { closest } from "../sim/scenario/closest";

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const ROOT = packageRoot();

/** The bundled scenarios' folder. */
export const SCENARIOS_DIR = join(ROOT, "scenarios");

/** The bundled scenarios' names: their files without `.yaml`, sorted. */
export function bundledNames(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

/** A bare name (`flash-crowd`) that could be a bundled scenario's: no folder, no extension. */
export function isBareName(file: string): boolean {
  return /^[a-z0-9][a-z0-9_-]*$/.test(file);
}

/**
 * The file a command's FILE argument means: the file itself when it exists or is not a bare name,
 * else the bundled scenario of that name when there is one, else the argument unchanged (its
 * reader reports it missing).
 */
export function scenarioPath(file: string): string {
  if (existsSync(file) || !isBareName(file)) return file;
  const bundled = join(SCENARIOS_DIR, `${file}.yaml`);
  return existsSync(bundled) ? bundled : file;
}

/** For a missing bare name: ` (did you mean flash-crowd?); bundled: az-outage, …`. */
export function bundledHint(file: string): string {
  const names = bundledNames();
  const near = closest(file, names);
  return `${near ? ` (did you mean ${near}?)` : ""}; bundled: ${names.join(", ")}`;
}

/** elbsim's version, from its package.json. */
export function version(): string {
  return (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
}
