import { describe, expect, it } from "vitest";
import { splitWatch } from "./gallery";

describe("a scenario's description", () => {
  it("is split into what happens and what to watch", () => {
    const { lead, more, watch } = splitWatch("One. Two. Three. Watch the spillover line. (The end.)");
    expect(lead).toBe("One. Two.");
    expect(more).toBe("Three. (The end.)");
    expect(watch).toBe("Watch the spillover line.");
  });
});
