// Writes scenarios/schema.json from the zod schema (`npm run schema`). A dev tool, so Node's fs is
// fine here (sim/ itself uses none); sim/scenario/json-schema.test.ts fails when the file is stale.
import { writeFileSync } from "node:fs";
import { scenarioJsonSchema } from "../sim/scenario/json-schema";

const file = new URL("../scenarios/schema.json", import.meta.url);
writeFileSync(file, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
