import { describe, expect, test } from "vitest";
import { helpText, parseCommandLine } from "./args";

function options(...argv: string[]) {
  const parsed = parseCommandLine(argv);
  if (!parsed.ok) throw new Error(`expected success, got ${JSON.stringify(parsed.errors)}`);
  return parsed.options;
}

function errors(...argv: string[]) {
  const parsed = parseCommandLine(argv);
  if (parsed.ok) throw new Error(`expected errors for ${argv.join(" ")}`);
  return parsed.errors.map((e) => `${e.path}: ${e.message}`);
}

describe("the command line", () => {
  test("run takes a file, a variant, a seed, repeated --set, --json and --timeseries, in any order", () => {
    const o = options(
      "run",
      "--json",
      "s.yaml",
      "--set",
      "a=1",
      "--seed=7",
      "--set=b.c=x",
      "--variant",
      "off",
      "--timeseries",
      "t.csv",
    );
    expect(o).toMatchObject({
      command: "run",
      file: "s.yaml",
      json: true,
      seed: 7,
      set: ["a=1", "b.c=x"],
      variant: "off",
      timeseries: "t.csv",
    });
  });

  test("an unknown flag is an error naming it, with the likely flag it meant", () => {
    expect(errors("run", "s.yaml", "--sed", "3")).toContain("--sed: unknown flag (did you mean --seed?)");
    expect(errors("run", "s.yaml", "-x")).toEqual(["-x: unknown flag"]);
  });

  test("a flag of another command is an error", () => {
    expect(errors("validate", "s.yaml", "--json")).toEqual(["--json: is not a flag of validate"]);
  });

  test("a flag without its value, or a switch with one, is an error", () => {
    expect(errors("run", "s.yaml", "--seed")).toEqual(["--seed: needs a value (--seed N)"]);
    expect(errors("run", "s.yaml", "--variant", "--json")).toEqual(["--variant: needs a value (--variant NAME)"]);
    expect(errors("run", "s.yaml", "--json=yes")).toEqual(["--json: takes no value, got yes"]);
  });

  test("a seed must be a whole number", () => {
    expect(errors("run", "s.yaml", "--seed", "1.5")).toEqual(["--seed: must be a whole number, got 1.5"]);
  });

  test("replications must be at least 2, and flags belong to their commands", () => {
    expect(errors("run", "s.yaml", "--replications", "1")).toEqual([
      "--replications: must be a whole number from 2 up, got 1",
    ]);
    expect(errors("compare", "s.yaml", "--variant", "x")).toEqual(["--variant: is not a flag of compare"]);
    expect(errors("compare", "s.yaml", "--timeseries", "x.csv")).toEqual(["--timeseries: is not a flag of compare"]);
    expect(options("compare", "s.yaml", "--out", "dir", "--replications", "4", "--json")).toMatchObject({
      command: "compare",
      out: "dir",
      replications: 4,
      json: true,
    });
  });

  test("a missing file, an extra argument and an unknown command are errors", () => {
    expect(errors("run")[0]).toMatch(/^FILE: missing: elbsim run FILE/);
    expect(errors("validate", "a.yaml", "b.yaml")[0]).toMatch(/^b\.yaml: unexpected argument/);
    expect(errors("rnu", "a.yaml")).toEqual([
      "rnu: unknown command (did you mean run?); commands: run, compare, sweep, merge, validate, list, import, help",
    ]);
  });

  test("import takes one file or more, and its own flags", () => {
    expect(
      options("import", "a.log.gz", "b.log.gz", "--zone", "10.0.1.0/24=a", "--zone", "10.0.2.0/24=b", "--rate"),
    ).toMatchObject({
      command: "import",
      files: ["a.log.gz", "b.log.gz"],
      zone: ["10.0.1.0/24=a", "10.0.2.0/24=b"],
      rate: true,
    });
    expect(errors("import")[0]).toMatch(
      /^FILE\.\.\.: missing: elbsim import FILE\.\.\. \[--out DIR\] \[--format FORMAT\]/,
    );
    expect(errors("run", "a.yaml", "--zone", "x")).toEqual(["--zone: is not a flag of run"]);
  });

  test("--help works alone and after a command", () => {
    expect(options("--help")).toMatchObject({ command: "help", help: true });
    expect(options("run", "-h")).toMatchObject({ command: "run", help: true });
    expect(helpText("run")).toContain("elbsim run FILE [--variant NAME] [--seed N] [--set PATH=VALUE]... [--json]");
    expect(helpText()).toContain("elbsim validate FILE");
  });
});
