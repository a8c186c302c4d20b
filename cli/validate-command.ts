// `elbsim validate` and `elbsim list` (docs/design.md#the-command-line): scenarios checked and
// summarised, nothing run, so neither the simulator nor the reports load.
import { readdirSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { loadScenario, validateScenario } from "../sim/scenario/load";
import type { CliOptions } from "./args";
import { SCENARIOS_DIR } from "./bundled";
import { load, source } from "./files";
import { refusedWork } from "./limits";
import { problems } from "./problems";

const OK = 0;

export function validate(options: CliOptions): number {
  const file = options.file;
  const read = source(file, options);
  if (!read.ok) return problems(read.errors);
  const loaded = loadScenario(read.text, read.options);
  if (!loaded.ok) return problems(loaded.errors);
  const s = loaded.scenario;
  // What `run` would refuse, as written and with each variant (a variant's own problems at its name).
  const tooLarge = refusedWork({ scenarios: [s] }, options.allowLarge);
  const seen = new Set(tooLarge.map((e) => `${e.path}: ${e.message}`));
  for (const variant of Object.keys(s.variants)) {
    // The file is parsed once, and its variants were all checked with it.
    const changed = validateScenario(loaded.raw, { ...read.options, variant, otherVariants: false });
    if (!changed.ok) continue;
    for (const e of refusedWork({ scenarios: [changed.scenario] }, options.allowLarge))
      if (!seen.has(`${e.path}: ${e.message}`))
        tooLarge.push({ path: `variants.${variant}`, message: `${e.path}: ${e.message}` });
  }
  if (tooLarge.length > 0) return problems(tooLarge);
  const targets = s.targets.reduce((n, group) => n + group.count, 0);
  const variants = Object.keys(s.variants).length;
  const parts = [`scenario ${s.name}`, plural(targets, "target"), plural(s.clients.length, "client group")];
  const groups = s.autoScalingGroups?.length ?? 0;
  if (groups > 0) parts.splice(2, 0, plural(groups, "Auto Scaling group"));
  if (variants > 0) parts.push(plural(variants, "variant"));
  process.stdout.write(`${file}: ok (${parts.join(", ")})\n`);
  return OK;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** The bundled scenarios: name, title, and the first sentence of the description. */
export function list(): number {
  const files = readdirSync(SCENARIOS_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const entries = files.map((f) => {
    const file = join(SCENARIOS_DIR, f);
    const loaded = load(file);
    if (!loaded.ok)
      return {
        name: basename(f).replace(/\.ya?ml$/, ""),
        file,
        title: "(does not validate: run elbsim validate on it)",
        first: "",
      };
    const s = loaded.scenario;
    return { name: s.name, file, title: s.title, first: firstSentence(s.description) };
  });
  const width = Math.max(0, ...entries.map((e) => e.name.length));
  const lines = entries.flatMap((e) => [
    `${e.name.padEnd(width)}  ${e.title}`,
    ...wrap(e.first, 96 - width - 2).map((line) => `${" ".repeat(width + 2)}${line}`),
  ]);
  const example = entries[0] ? shortPath(entries[0].file) : "FILE";
  process.stdout.write(`${lines.join("\n")}\n\nRun one with: elbsim run ${example}\n`);
  return OK;
}

/** A path relative to the working folder when it lies inside it, absolute otherwise. */
function shortPath(file: string): string {
  const near = relative(process.cwd(), file);
  return near && !near.startsWith("..") ? near : file;
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const end = /[.!?](\s|$)/.exec(flat);
  return end ? flat.slice(0, end.index + 1) : flat;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ").filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
