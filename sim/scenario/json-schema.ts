// The scenario format as JSON Schema, for editors that complete and check scenario files
// (docs/design.md#scenario-files). Generated from the same zod schema the loader uses, so the two cannot disagree;
// `npm run schema` writes it to scenarios/schema.json and a test fails when that file is stale.
import { z } from "zod";
import { scenarioSchema } from "./schema";

export function scenarioJsonSchema(): object {
  // "input": what a file may say (durations as strings, `unlimited`), not what the loader makes of it.
  const schema = z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" });
  return {
    $schema: schema.$schema,
    $id: "urn:elbsim:scenario:1",
    title: "elbsim scenario",
    description: "A scenario for elbsim, the simulator of AWS Elastic Load Balancing (version 1).",
    ...schema,
  };
}
