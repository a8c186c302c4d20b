// Trace files the user loads in the browser (a rate trace, arrivals, service times, what was
// observed), beside the bundled ones: a scenario that names traces/my-own.csv finds the file once
// it is loaded. Kept in local storage, so a reload keeps them; a link does not carry them.
import { TRACES } from "./scenarios";

const KEY = "elbsim:traces";

function stored(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? "{}");
    return parsed && typeof parsed === "object" ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** The user's files by file name. */
export function userTraces(): Record<string, string> {
  return stored();
}

export function addUserTrace(name: string, text: string): void {
  const files = { ...stored(), [name]: text };
  try {
    localStorage.setItem(KEY, JSON.stringify(files));
  } catch {
    // Too big for storage: kept for this page only.
    memory[name] = text;
  }
}

const memory: Record<string, string> = {};

/** Every file a scenario may name, bundled and the user's, under each name a scenario may use. */
export function traceFiles(): Record<string, string> {
  const files: Record<string, string> = { ...TRACES };
  for (const [name, text] of Object.entries({ ...stored(), ...memory })) {
    files[`traces/${name}`] = text;
    files[`./traces/${name}`] = text;
    files[name] = text;
  }
  return files;
}
