import { describe, expect, test } from "vitest";
import { applyOverride, parseAssignment } from "./overrides";

describe("parseAssignment", () => {
  test("reads the value as YAML", () => {
    expect(parseAssignment("loadBalancer.crossZone=false")).toEqual({ path: "loadBalancer.crossZone", value: false });
    expect(parseAssignment("clients.0.dnsCache=30s")).toEqual({ path: "clients.0.dnsCache", value: "30s" });
    expect(parseAssignment("loadBalancer.nodesPerZone=10")).toEqual({ path: "loadBalancer.nodesPerZone", value: 10 });
    expect(parseAssignment("zones=[a, b]")).toEqual({ path: "zones", value: ["a", "b"] });
    expect(parseAssignment("loadBalancer.node={capacity: 1}")).toEqual({
      path: "loadBalancer.node",
      value: { capacity: 1 },
    });
  });

  test("splits at the first = and keeps the rest of the value", () => {
    expect(parseAssignment("title=a=b")).toEqual({ path: "title", value: "a=b" });
  });

  test("keeps a value that is not valid YAML as text", () => {
    expect(parseAssignment("zones=[a, b")).toEqual({ path: "zones", value: "[a, b" });
  });

  test("gives an error for YAML it cannot resolve, such as an alias with no anchor", () => {
    expect(parseAssignment("title=*nope")).toEqual({
      path: "title",
      error: "cannot read *nope as YAML (Unresolved alias (the anchor must be set before the alias): nope)",
    });
  });

  test("reads an empty value as YAML's empty value", () => {
    expect(parseAssignment("title=")).toEqual({ path: "title", value: null });
  });

  test("returns null for text without =", () => {
    expect(parseAssignment("loadBalancer.crossZone")).toBeNull();
  });
});

describe("applyOverride", () => {
  const raw = { loadBalancer: { crossZone: true }, clients: [{ name: "web" }], zones: ["a"] };

  test("sets a dotted path in a copy and leaves the original alone", () => {
    const result = applyOverride(raw, "loadBalancer.crossZone", false);
    expect(result).toEqual({ ok: true, value: { ...raw, loadBalancer: { crossZone: false } } });
    expect(raw.loadBalancer.crossZone).toBe(true);
  });

  test("indexes lists with numeric segments", () => {
    expect(applyOverride(raw, "clients.0.dnsCache", "forever")).toEqual({
      ok: true,
      value: { ...raw, clients: [{ name: "web", dnsCache: "forever" }] },
    });
  });

  test("creates missing mappings on the way", () => {
    expect(applyOverride(raw, "loadBalancer.healthCheck.interval", "10s")).toEqual({
      ok: true,
      value: { ...raw, loadBalancer: { crossZone: true, healthCheck: { interval: "10s" } } },
    });
    expect(applyOverride({ loadBalancer: null }, "loadBalancer.crossZone", false)).toEqual({
      ok: true,
      value: { loadBalancer: { crossZone: false } },
    });
  });

  test("appends an item one past the end of a list", () => {
    expect(applyOverride(raw, "zones.1", "b")).toEqual({ ok: true, value: { ...raw, zones: ["a", "b"] } });
  });

  test("refuses an index past the end of a list", () => {
    expect(applyOverride(raw, "clients.3.name", "x")).toEqual({
      ok: false,
      message: "clients has 1 item, so there is no clients.3",
    });
  });

  test("refuses a path through a value that is not a mapping", () => {
    expect(applyOverride(raw, "loadBalancer.crossZone.x", 1)).toEqual({
      ok: false,
      message: "loadBalancer.crossZone is true, not a mapping, so loadBalancer.crossZone.x cannot be set",
    });
  });

  test("refuses a name where a list wants an index", () => {
    const result = applyOverride(raw, "clients.web.name", "x");
    expect(result.ok).toBe(false);
  });

  test("refuses an index into a list that is not there", () => {
    expect(applyOverride(raw, "targets.0.zone", "a")).toEqual({
      ok: false,
      message: "targets is not set, so it has no item 0",
    });
  });

  test("refuses empty segments", () => {
    for (const path of ["", "loadBalancer.", "a..b"]) expect(applyOverride(raw, path, 1).ok).toBe(false);
  });
});
