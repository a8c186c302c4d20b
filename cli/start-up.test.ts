// What each command loads before it runs (docs/design.md#the-command-line): the start-up budget
// is measured in `npm run bench`; here the module graph that makes it possible is checked, from
// the same bundle build-cli.js makes. `--help` must load no zod, YAML parser, simulator or d3;
// `validate` no simulator and no reports.
import { type Metafile, build } from "esbuild";
import { describe, expect, it } from "vitest";
import { ROOT } from "./test-cli";

async function bundle(): Promise<Metafile> {
  const { metafile } = await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: "cli/main.ts" },
    outdir: "build/start-up-test",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return metafile;
}

/** The source files of an output chunk and of every chunk it imports statically, transitively. */
function loadedWith(metafile: Metafile, chunk: string): string[] {
  const seen = new Set<string>();
  const inputs = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const output = metafile.outputs[name];
    for (const input of Object.keys(output.inputs)) inputs.add(input);
    for (const i of output.imports) if (i.kind === "import-statement" && !i.external) visit(i.path);
  };
  visit(chunk);
  return [...inputs].sort();
}

function chunkOf(metafile: Metafile, source: string): string {
  const found = Object.entries(metafile.outputs).find(([, o]) => o.entryPoint === source || source in o.inputs);
  if (!found) throw new Error(`no chunk holds ${source}`);
  return found[0];
}

const heavy = (inputs: string[], patterns: RegExp[]) => inputs.filter((i) => patterns.some((p) => p.test(i)));

describe("start-up", () => {
  it("--help loads only the argument parser: no zod, YAML, simulator or d3", async () => {
    const metafile = await bundle();
    const loaded = loadedWith(metafile, chunkOf(metafile, "cli/main.ts"));
    expect(loaded).toContain("cli/args.ts");
    expect(
      heavy(loaded, [/node_modules\/(zod|yaml|d3)/, /^sim\/run\.ts$/, /^sim\/scenario\/schema\.ts$/, /^reports\//]),
    ).toEqual([]);
  });

  it("validate loads the schema and the YAML parser, but not the simulator or the reports", async () => {
    const metafile = await bundle();
    const loaded = loadedWith(metafile, chunkOf(metafile, "cli/validate-command.ts"));
    expect(loaded).toContain("sim/scenario/schema.ts");
    expect(
      heavy(loaded, [/node_modules\/d3/, /^sim\/run\.ts$/, /^sim\/model\/load-balancer\.ts$/, /^reports\//]),
    ).toEqual([]);
  });
});
