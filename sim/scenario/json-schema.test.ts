import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { scenarioJsonSchema } from "./json-schema";

test("scenarios/schema.json is generated from the current schema", () => {
  const written = readFileSync(new URL("../../scenarios/schema.json", import.meta.url), "utf8");
  const current = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
  expect(written === current, "scenarios/schema.json is stale: run `npm run schema`").toBe(true);
});

test("the JSON schema forbids unknown keys and names what is required", () => {
  const schema = scenarioJsonSchema() as {
    additionalProperties: unknown;
    required: string[];
    properties: Record<string, unknown>;
  };
  expect(schema.additionalProperties).toBe(false);
  expect(schema.required).toEqual(["version", "name", "duration", "zones", "targets", "clients"]);
  expect(Object.keys(schema.properties)).toContain("loadBalancer");
});
