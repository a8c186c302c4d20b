// The dashboard as a teaching instrument (issue 16), in headless Chromium: failures drawn where
// they happen, cards and charts at the cursor, work in the editor kept, legible colours and a
// phone's width. Each test failed before its fix.
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readFileSync } from "node:fs";
import { timeseriesCsv } from "../../reports/csv";
import { jsonFile } from "../../reports/json";
import { runScenario } from "../../sim/run";
import { loadScenario } from "../../sim/scenario/load";
import { launchChromium } from "./browser";

const base = inject("baseUrl");
const screenshots = new URL("./screenshots/", import.meta.url).pathname;

let browser: Browser;
const consoleErrors: string[] = [];

async function open(path: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(`${path}: ${m.text()}`);
  });
  page.on("pageerror", (e) => consoleErrors.push(`${path}: ${e.message}`));
  await page.goto(new URL(path, base).href);
  return page;
}

/** Waits for every run on the page to end (its digest shown). */
async function finished(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const digests = [...document.querySelectorAll("[data-testid^=digest]")];
      return digests.length > 0 && digests.every((d) => d.textContent);
    },
    null,
    { timeout: 90_000 },
  );
}

/** Moves the time slider to `seconds` of simulated time, as a user dragging it would. */
async function scrubTo(page: Page, seconds: number): Promise<void> {
  await page.evaluate((s) => {
    const slider = document.querySelector<HTMLInputElement>(".timeline .slider")!;
    slider.value = String(Math.floor(s / Number(slider.dataset.interval)));
    slider.dispatchEvent(new Event("input", { bubbles: true }));
  }, seconds);
  // Drawn on the next frame.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Where two JSON values differ beyond 1e-12 relative for numbers, as paths. */
function closeTo(a: unknown, b: unknown, path = ""): string[] {
  if (typeof a === "number" && typeof b === "number")
    return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)) ? [] : [path];
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      closeTo((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`),
    );
  }
  return a === b ? [] : [path];
}

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe("failures in the flow", () => {
  it("draws az-outage's 502s into zone a, where its dead targets are", async () => {
    const page = await open("./?scenario=az-outage&run=1");
    await finished(page);
    await scrubTo(page, 5 * 60 + 20);
    const flow = page.locator("[data-testid=flow] svg");
    const into = await flow.locator("g.errors path.e502 title").allTextContents();
    expect(into.length).toBeGreaterThan(0);
    for (const title of into) expect(title).toMatch(/→ zone a: [\d,]+\/s answered 502 by the load balancer/);
    // About a third of what clients send then: every node sends zone a's share of its requests.
    const total = Number(
      /([\d,]+) req\/s/.exec((await flow.locator(".box-clients .box-line2").textContent())!)![1].replaceAll(",", ""),
    );
    const errors = into.map((t) => Number(/: ([\d,]+)\/s/.exec(t)![1].replaceAll(",", ""))).reduce((a, b) => a + b, 0);
    expect(errors / total).toBeGreaterThan(0.2);
    expect(errors / total).toBeLessThan(0.45);
    await page.screenshot({ path: `${screenshots}az-outage-5m20.png` });
    await page.close();
  });

  it("shows each node's surge queue and the flash crowd's spilled 503s off the node", async () => {
    const page = await open("./?scenario=flash-crowd&run=1");
    await finished(page);
    // 7:00: the crowd has been at the door for two minutes and the first nodes are full.
    await scrubTo(page, 7 * 60);
    const flow = page.locator("[data-testid=flow] svg");
    const levels = await flow
      .locator("g.node rect.surge")
      .evaluateAll((rects) =>
        rects.map((r) => ({ width: Number(r.getAttribute("width")), level: Number(r.getAttribute("data-level")) })),
      );
    expect(levels.some((l) => l.level > 0 && l.width > 0)).toBe(true);
    const stubs = await flow.locator("g.errors path.stub.e503 title").allTextContents();
    expect(stubs.length).toBeGreaterThan(0);
    expect(stubs[0]).toMatch(/[\d,]+\/s 503/);
    await page.close();
  });

  it("counts down a draining target's deregistration delay and shows its workers busy", async () => {
    const page = await open("./?scenario=rolling-deploy&run=1");
    await finished(page);
    // The first moment some target drains, found by scrubbing through the run 15 s at a time.
    let found = "";
    for (let t = 0; t <= 7 * 60 && !found; t += 15) {
      await scrubTo(page, t);
      const rates = await page.locator("[data-testid=flow] svg g.target-draining text.target-rate").allTextContents();
      found = rates.find((r) => /draining \d+:\d\d left · [\d,]+ in flight/.test(r)) ?? "";
    }
    expect(found).toMatch(/draining \d+:\d\d left/);
    const busy = await page
      .locator("[data-testid=flow] svg g.target rect.gauge-fill")
      .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute("width"))));
    expect(busy.some((w) => w > 0)).toBe(true);
    await page.close();
  });
});

describe("the flow's colours", () => {
  it("keeps warm colours for trouble: utilisation is blue, cross-zone purple; every state is in the legend", async () => {
    const page = await open("./?scenario=flash-crowd&run=1");
    await finished(page);
    await scrubTo(page, 12 * 60);
    const fills = await page
      .locator("[data-testid=flow] svg g.node-in-service rect.node-box")
      .evaluateAll((rects) => rects.map((r) => getComputedStyle(r).fill));
    expect(fills.length).toBeGreaterThan(0);
    for (const fill of fills) {
      const [r, , b] = fill.match(/\d+/g)!.map(Number);
      expect(b, fill).toBeGreaterThanOrEqual(r);
    }
    const legend = await page.locator(".flow-legend").textContent();
    for (const words of ["not registered", "node starting", "cross-zone", "502 (ELB)", "503 (ELB)", "surge queue"])
      expect(legend).toContain(words);
    await page.close();
  });

  it("draws a starting node as a full line with a bold outline", async () => {
    const page = await open("./?scenario=flash-crowd&run=1");
    await finished(page);
    const ready = await page.evaluate(() =>
      [...document.querySelectorAll(".timeline .marker")].map((m) => (m as HTMLElement).title),
    );
    const scaleOut = ready.find((t) => t.includes("scale-out"))!;
    const [m, s] = scaleOut.split(" ")[0].split(":").map(Number);
    await scrubTo(page, m * 60 + s + 20);
    const box = page.locator("[data-testid=flow] svg g.node-provisioning rect.node-box").first();
    expect(Number(await box.getAttribute("height"))).toBeGreaterThanOrEqual(20);
    const style = await box.evaluate((r) => ({
      dash: getComputedStyle(r).strokeDasharray,
      opacity: getComputedStyle(r.parentElement!).opacity,
    }));
    expect(style.dash).not.toBe("none");
    expect(Number(style.opacity)).toBe(1);
    await page.close();
  });
});

describe("cards, latency and charts", () => {
  it("show the moment at the cursor first and the run's totals second", async () => {
    const page = await open("./?scenario=flash-crowd&run=1");
    await finished(page);
    // 4:00, a minute before the crowd: nothing has gone wrong yet, whatever the run's totals.
    await scrubTo(page, 4 * 60);
    const card = (name: string) => page.locator(`[data-card=${name}]`);
    expect(await card("errors").locator(".card-label").textContent()).toBe("Error rate at 4:00");
    expect(await card("errors").locator(".card-value").textContent()).toBe("0 %");
    expect(await card("spillover").locator(".card-value").textContent()).toBe("0/s");
    expect(await card("errors").locator(".card-note").first().textContent()).toMatch(
      /^[\d.]+ % in the run \([\d,]+ errors\)$/,
    );
    expect(await card("spillover").locator(".card-note").first().textContent()).toMatch(/^[\d,]+ in the run/);
    await scrubTo(page, 7 * 60);
    expect(await card("spillover").locator(".card-value").textContent()).not.toBe("0/s");
    await page.close();
  });

  it("gives latency with its denominator: answered requests, and how many were rejected", async () => {
    const page = await open("./?scenario=health-check-cascade&compare=default-timeout,longer-timeout&run=1");
    await finished(page);
    for (const suffix of ["a", "b"]) {
      const notes = await page
        .locator(`[data-testid=run-column]:has([data-testid=digest-${suffix}]) [data-card=p99] .card-note`)
        .allTextContents();
      expect(notes.join(" ")).toMatch(/of [\d,]+ answered · [\d,]+ rejected, not timed/);
      expect(notes.join(" ")).toMatch(
        /Run: p99 .* of [\d,]+ answered requests; [\d,]+ rejected by the load balancer are not timed/,
      );
    }
    const table = await page.locator("[data-testid=differences]").textContent();
    expect(table).toContain("(answered requests only)");
    expect(table).toContain("rejected by the load balancer (not timed)");
    await page.close();
  });

  it("draws every chart while a run streams, in view or not, and the latency chart pools its bins", async () => {
    const page = await open("./?scenario=flash-crowd&run=1");
    await page.waitForFunction(
      () => Number(document.querySelector<HTMLElement>("[data-testid=run-progress]")?.dataset.now ?? 0) >= 8 * 60,
      null,
      { timeout: 60_000 },
    );
    expect(await page.locator("[data-testid=digest]").textContent()).toBe("");
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll("figure.chart:not([hidden])")].every((f) =>
          f.querySelector("svg path, svg rect"),
        ),
      null,
      { timeout: 20_000 },
    );
    const hidden = await page.$$eval(
      "figure.chart",
      (figures) => figures.filter((f) => getComputedStyle(f).contentVisibility === "auto").length,
    );
    expect(hidden).toBe(0);
    const caption = await page.locator("[data-chart=latency] figcaption").textContent();
    expect(caption).toMatch(/pools every answered request in its 10s bin/);
    expect(caption).toContain("not the largest of the intervals' percentiles");
    await page.close();
  });
});

describe("a phone's width, and labels", () => {
  it("fits the flow's targets column on a 390 × 844 screen, under a header of at most an eighth of it", async () => {
    const page = await open("./?scenario=flash-crowd&run=1", { width: 390, height: 844 });
    await finished(page);
    const header = await page.locator("header.topbar").boundingBox();
    expect(header!.height).toBeLessThanOrEqual(844 / 8);
    // Every target's row is on screen, not scrolled off to the right.
    const rows = await page
      .locator("[data-testid=flow] svg g.target")
      .evaluateAll((targets) => targets.map((t) => (t as SVGGElement).getBoundingClientRect().right));
    expect(rows.length).toBe(30);
    for (const right of rows) expect(right).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${screenshots}flash-crowd-phone.png` });
    await page.close();
  });

  for (const width of [1440, 390])
    it(`draws the node chart's scaling labels without overlap at ${width} px`, async () => {
      const page = await open("./?scenario=flash-crowd&run=1", { width, height: 900 });
      await finished(page);
      await page.waitForFunction(() => performance.getEntriesByName("elbsim:charts-final").length > 0, null, {
        timeout: 30_000,
      });
      const boxes = await page.locator("[data-chart=nodes] svg text[font-size='10']").evaluateAll((texts) =>
        texts.map((t) => {
          const b = (t as SVGTextElement).getBoundingClientRect();
          return { text: t.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom };
        }),
      );
      expect(boxes.length).toBeGreaterThan(3);
      for (const a of boxes)
        for (const b of boxes) {
          if (a === b) continue;
          const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          expect(overlap, `${a.text} / ${b.text}`).toBe(false);
        }
      await page.close();
    });
});

describe("lessons", () => {
  it("opens at the step a link names, pauses there with its highlights, and plays on to the next", async () => {
    const page = await open("./?lesson=flash-crowd&step=2");
    const lesson = page.locator("[data-testid=lesson]");
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>("[data-testid=lesson]")?.dataset.step === "2",
      null,
      {
        timeout: 60_000,
      },
    );
    expect(await page.locator(".timeline .clock").textContent()).toMatch(/^5:40 \//);
    expect(await lesson.locator("[data-testid=lesson-text]").textContent()).toContain("surge queue");
    expect(await page.locator("[data-testid=flow] svg g.errors.lesson-highlight").count()).toBe(1);
    expect(await page.locator("[data-card=spillover].lesson-highlight").count()).toBe(1);
    await page.screenshot({ path: `${screenshots}lesson-flash-crowd-step2.png` });
    // Step 3 asks a question first; Play on goes there and stops at 6:00.
    await page.click("[data-testid=lesson-next]");
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>("[data-testid=lesson]")?.dataset.step === "3",
      null,
      {
        timeout: 30_000,
      },
    );
    expect(await page.locator(".timeline .clock").textContent()).toMatch(/^6:00 \//);
    expect(await lesson.locator("[data-testid=lesson-question]").textContent()).toMatch(/^What do you expect\? /);
    expect(page.url()).toContain("lesson=flash-crowd&step=3");
    await page.close();
  });

  it("shows a lesson's problems instead of running it, for a lesson that does not exist", async () => {
    const page = await open("./?lesson=no-such-lesson");
    await page.locator("[data-testid=link-problem]").waitFor();
    expect(await page.locator("[data-testid=link-problem]").textContent()).toContain(
      'There is no lesson "no-such-lesson"',
    );
    expect(await page.locator(".run-view").count()).toBe(0);
    await page.close();
  });

  it("works offline once the site has been opened", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(new URL("./?lesson=cross-zone", base).href);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>("[data-testid=lesson]")?.dataset.step === "1",
      null,
      {
        timeout: 60_000,
      },
    );
    await context.setOffline(true);
    await page.goto(new URL("./?lesson=cross-zone&step=2", base).href);
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>("[data-testid=lesson]")?.dataset.step === "2",
      null,
      {
        timeout: 60_000,
      },
    );
    expect(await page.locator("[data-testid=lesson-text]").textContent()).toContain("a quarter of all requests");
    await context.close();
  });

  it("opens jvm-dns-cache's Compare with ttl and forever, and shows each node's share", async () => {
    const page = await open("./");
    const compare = page.locator('[data-scenario="jvm-dns-cache"] a.primary');
    expect(await compare.textContent()).toBe("Compare ttl / forever");
    await compare.click();
    await finished(page);
    const shares = await page.locator("[data-testid=node-shares] tr").allTextContents();
    expect(shares.length).toBeGreaterThan(3);
    // Under forever the nodes added later get nothing.
    expect(shares.find((r) => r.startsWith("a-n2"))).toMatch(/0 %$/);
    await page.close();
  });
});

describe("what if", () => {
  it("reruns with a changed setting on the same seed beside the baseline, the override in the link and the digest the CLI's", async () => {
    const page = await open("./?scenario=az-outage&run=1");
    await finished(page);
    await page.click("[data-testid=what-if] summary");
    await page.selectOption('[data-testid=what-if] [data-path="loadBalancer.crossZone"]', "false");
    await page.click("[data-testid=what-if-run]");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid^=digest-]").length === 2, null, {
      timeout: 10_000,
    });
    await finished(page);
    expect(page.url()).toContain("set=loadBalancer.crossZone=false");
    expect(page.url()).toContain("compare=");
    const differences = await page.locator("[data-testid=differences]").textContent();
    expect(differences).toContain("loadBalancer.crossZone");
    const text = readFileSync(new URL("../../scenarios/az-outage.yaml", import.meta.url), "utf8");
    const digest = (overrides: string[]) => {
      const loaded = loadScenario(text, { overrides });
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
      return runScenario(loaded.scenario).result.digest;
    };
    expect(await page.locator("[data-testid=digest-a]").textContent()).toBe(digest([]));
    expect(await page.locator("[data-testid=digest-b]").textContent()).toBe(digest(["loadBalancer.crossZone=false"]));
    // The link alone reproduces both runs.
    const again = await open(page.url().replace(base, "./"));
    await finished(again);
    expect(await again.locator("[data-testid=digest-b]").textContent()).toBe(digest(["loadBalancer.crossZone=false"]));
    await again.close();
    await page.close();
  });
});

describe("DNS as a lookup", () => {
  it("shows forever clients stuck on the first three nodes, and TTL clients spread over the new ones", async () => {
    const page = await open("./?scenario=jvm-dns-cache&compare=ttl,forever&run=1");
    await finished(page);
    await scrubTo(page, 14 * 60);
    const share = async (suffix: string, node: string) =>
      (await page.locator(`[data-testid=dns-caches-${suffix}] tr[data-node="${node}"] .dns-share`).textContent())!;
    expect(await share("b", "a-n1")).toMatch(/^100(\.0)? %$/);
    expect(await share("b", "a-n2")).toBe("0 %");
    expect(await share("a", "a-n2")).not.toBe("0 %");
    expect(await page.locator("[data-testid=dns-caches-b] [data-testid=dns-stale]").textContent()).toMatch(
      /^100(\.0)? % from an older record set/,
    );
    expect(await page.locator("[data-testid=dns-caches-b] .dns-facts").textContent()).toContain("cached forever");
    expect(await page.locator("[data-testid=dns-caches-a] .dns-facts").textContent()).toMatch(
      /of a 60s cache, [\d.]+ % past it/,
    );
    await page.close();
  });
});

describe("taking results away", () => {
  it("downloads the run's summary.json, timeseries.csv and report.html, as elbsim run --out writes them", async () => {
    const page = await open("./?scenario=cross-zone&run=1");
    await finished(page);
    const text = readFileSync(new URL("../../scenarios/cross-zone.yaml", import.meta.url), "utf8");
    const loaded = loadScenario(text);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const { result, timeseries } = runScenario(loaded.scenario);
    const fetch = async (name: string) => {
      const [download] = await Promise.all([page.waitForEvent("download"), page.click(`[data-download="${name}"]`)]);
      expect(download.suggestedFilename()).toBe(`cross-zone-${name}`);
      return readFileSync((await download.path())!, "utf8");
    };
    const summary = JSON.parse(await fetch("summary.json"));
    expect(summary.digest).toBe(result.digest);
    // The same result but for wall time, and the last bit of a few derived floats (a quantile read
    // through Math.exp, a mean): Chromium's and Node's Math functions may round them differently.
    const written = JSON.parse([...jsonFile(result)].join(""));
    expect(closeTo({ ...summary, wallSeconds: 0 }, { ...written, wallSeconds: 0 })).toEqual([]);
    expect(await fetch("timeseries.csv")).toBe(timeseriesCsv(timeseries));
    const report = await fetch("report.html");
    expect(report).toContain(result.digest);
    expect(report).toContain("<svg");
    expect(report).not.toContain("<script");
    await page.close();
  });

  it("loads the user's own trace file for a scenario that names it", async () => {
    const page = await open("./?scenario=product-launch&view=editor");
    const editor = page.locator("[data-testid=editor]");
    await page.waitForFunction(() => (document.querySelector("[data-testid=editor]") as HTMLTextAreaElement)?.value);
    await editor.fill(
      (await editor.inputValue()).replace("{ trace: traces/product-launch.csv }", "{ trace: traces/my-own.csv }"),
    );
    const error = page.locator("[data-testid=editor-errors] li").first();
    await error.waitFor();
    expect(await error.textContent()).toContain("traces/my-own.csv");
    await page.setInputFiles("[data-testid=editor-trace]", {
      name: "my-own.csv",
      mimeType: "text/csv",
      buffer: readFileSync(new URL("../../scenarios/traces/product-launch.csv", import.meta.url)),
    });
    await page.waitForFunction(() => document.querySelector(".editor-status")?.classList.contains("ok"), null, {
      timeout: 20_000,
    });
    expect(await page.locator("[data-testid=editor-traces]").textContent()).toContain("traces/my-own.csv");
    await page.click("[data-testid=editor-run]");
    await finished(page);
    await page.close();
  });
});

it("logs no console error on any page", () => {
  expect(consoleErrors).toEqual([]);
});

describe("the editor", () => {
  it("keeps edits across tabs and a reload, and asks before discarding them", async () => {
    const page = await open("./?scenario=cross-zone&view=editor");
    const editor = page.locator("[data-testid=editor]");
    await page.waitForFunction(() => (document.querySelector("[data-testid=editor]") as HTMLTextAreaElement)?.value);
    const bundled = await editor.inputValue();
    const edited = bundled.replace("seed:", "# my change\nseed:");
    await editor.fill(edited);
    await page.click('a.tab[data-view="gallery"]');
    await page.click('a.tab[data-view="editor"]');
    await page.waitForFunction(
      (t) => (document.querySelector("[data-testid=editor]") as HTMLTextAreaElement).value === t,
      edited,
    );
    await page.reload();
    await page.waitForFunction(
      (t) => (document.querySelector("[data-testid=editor]") as HTMLTextAreaElement)?.value === t,
      edited,
    );
    expect(await page.locator("[data-testid=editor-draft]").isVisible()).toBe(true);
    // Dismissing the question keeps the edits; accepting it discards them.
    const asked: string[] = [];
    page.once("dialog", (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.click("[data-testid=editor-discard]");
    expect(asked[0]).toMatch(/Discard your edits/);
    expect(await editor.inputValue()).toBe(edited);
    page.once("dialog", (d) => void d.accept());
    await page.click("[data-testid=editor-discard]");
    await page.waitForFunction(
      (t) => (document.querySelector("[data-testid=editor]") as HTMLTextAreaElement).value === t,
      bundled,
    );
    await page.close();
  });
});
