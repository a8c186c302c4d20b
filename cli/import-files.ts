// What `elbsim import` writes: scenario.yaml and the traces it names, checked to load together
// first, each written beside its name and renamed once all are written.
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { csvNumber, timeseriesCsv } from "../reports/csv";
import type { ScenarioError } from "../sim/scenario/defaults";
import type { CsvTable, ImportResult } from "../sim/scenario/imported";
import { formatErrors, loadScenario } from "../sim/scenario/load";
import { reason } from "./reason";

/**
 * The files an import writes, by name: scenario.yaml and the traces it names, each name after
 * `prefix` (`traces/launch-` names `traces/launch-arrivals.csv`, and the scenario says so).
 */
export function importFiles(result: ImportResult, prefix = ""): Record<string, string> {
  const traces: Record<string, string> = {};
  for (const [name, table] of Object.entries(result.tables)) traces[name] = csv(table);
  if (result.arrivals) traces["arrivals.csv"] = arrivalsCsv(result.arrivals);
  traces["observed.csv"] = timeseriesCsv(result.observed);
  const scenario = renameTraces(result.scenario, (name) => `${prefix}${name}`);
  return {
    "scenario.yaml": `# ${result.comment}\n${stringify(scenario, { lineWidth: 100, aliasDuplicateObjects: false })}`,
    ...Object.fromEntries(Object.entries(traces).map(([name, text]) => [`${prefix}${name}`, text])),
  };
}

/** A copy of the scenario with every `trace:` file renamed. */
function renameTraces(value: unknown, rename: (name: string) => string): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== "object" || v === null) return v;
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, k === "trace" && typeof x === "string" ? rename(x) : walk(x)]),
    );
  };
  return walk(value) as Record<string, unknown>;
}

function csv(table: CsvTable): string {
  const rows = table.rows.map((row) => row.map((c) => (typeof c === "number" ? csvNumber(c) : c)).join(","));
  return `${[table.header, ...rows].join("\n")}\n`;
}

function arrivalsCsv(a: NonNullable<ImportResult["arrivals"]>): string {
  const parts: string[] = ["time,client,connection,service\n"];
  let chunk = "";
  for (let k = 0; k < a.time.length; k++) {
    const service = Number.isNaN(a.service[k]) ? "" : csvNumber(a.service[k]);
    chunk += `${csvNumber(a.time[k])},${a.client[k]},${a.connection[k]},${service}\n`;
    if (chunk.length > 1 << 16) {
      parts.push(chunk);
      chunk = "";
    }
  }
  parts.push(chunk);
  return parts.join("");
}

/**
 * Writes the import into `dir` (created if missing), after checking that the scenario loads with
 * its files: each file is written beside its name first and renamed once all are written.
 */
export function writeImport(
  result: ImportResult,
  dir: string,
): { ok: true; paths: string[] } | { ok: false; errors: ScenarioError[] } {
  const files = importFiles(result);
  const loaded = loadScenario(files["scenario.yaml"], {
    readFile: (name) => files[name] ?? { problem: "not written" },
  });
  if (!loaded.ok) throw new Error(`the imported scenario does not load:\n${formatErrors(loaded.errors).join("\n")}`);
  try {
    const stats = statSync(dir, { throwIfNoEntry: false });
    if (stats && !stats.isDirectory())
      return { ok: false, errors: [{ path: "--out", message: `${dir} is a file, not a folder` }] };
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    return { ok: false, errors: [{ path: "--out", message: `cannot create ${dir} (${reason(error)})` }] };
  }
  const temporary: string[] = [];
  try {
    for (const [name, text] of Object.entries(files)) {
      const path = join(dir, `.${name}.${process.pid}.tmp`);
      temporary.push(path);
      writeFileSync(path, text);
    }
    const paths = Object.keys(files).map((name, i) => {
      const path = join(dir, name);
      renameSync(temporary[i], path);
      return path;
    });
    return { ok: true, paths };
  } catch (error) {
    for (const path of temporary) rmSync(path, { force: true });
    return { ok: false, errors: [{ path: dir, message: `cannot write (${reason(error)})` }] };
  }
}
