// The built dashboard in headless Chromium: the gallery, a flash crowd run to the end with the
// CLI's digest, the charts and the flow, compare mode, the editor's errors, and cancelling.
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runScenario } from "../../sim/run";
import { loadScenario } from "../../sim/scenario/load";
import { launchChromium, recordLongTasks } from "./browser";

const base = inject("baseUrl");
const scenarios = new URL("../../scenarios/", import.meta.url);
const screenshots = new URL("./screenshots/", import.meta.url).pathname;
const viewport = { width: 1280, height: 800 };

let browser: Browser;
const consoleErrors: string[] = [];

async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(`${path}: ${m.text()}`);
  });
  page.on("pageerror", (e) => consoleErrors.push(`${path}: ${e.message}`));
  await recordLongTasks(page);
  await page.goto(new URL(path, base).href);
  return page;
}

/** Waits until the (first) run has simulated at least `seconds`. */
function simulatedAtLeast(page: Page, seconds: number): Promise<unknown> {
  return page.waitForFunction(
    (s) => Number(document.querySelector<HTMLElement>("[data-testid=run-progress]")?.dataset.now ?? 0) >= s,
    seconds,
    { timeout: 60_000 },
  );
}

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe("the dashboard", () => {
  it("lists every bundled scenario in the gallery", async () => {
    const names = readdirSync(scenarios)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => f.slice(0, -".yaml".length))
      .sort();
    const page = await open("./");
    await page.waitForSelector("[data-testid=scenario-card]");
    const listed = await page.$$eval("[data-testid=scenario-card]", (cards) =>
      cards.map((c) => (c as HTMLElement).dataset.scenario!).sort(),
    );
    expect(listed).toEqual(names);
    for (const name of names) expect(await page.locator(`[data-scenario="${name}"] h3`).textContent()).not.toBe("");
    await page.screenshot({ path: `${screenshots}gallery.png` });
    await page.close();
  });

  describe("a flash crowd run from a link", () => {
    let page: Page;

    beforeAll(async () => {
      page = await open("./?scenario=flash-crowd&run=1");
    });

    afterAll(async () => {
      await page?.close();
    });

    it("streams while it runs and ends with the digest the CLI computes", async () => {
      // Mid-run: the crowd arrived at 5 minutes.
      await simulatedAtLeast(page, 7 * 60);
      // Taking a screenshot is itself a long task on the page: marked, so it can be told apart.
      await page.evaluate(() => performance.mark("test:screenshot-start"));
      await page.screenshot({ path: `${screenshots}flash-crowd.png` });
      await page.evaluate(() => performance.mark("test:screenshot-end"));
      expect(await page.locator("[data-testid=digest]").textContent()).toBe("");

      // The same scenario and seed in Node, as the CLI runs it, while the browser goes on.
      const loaded = loadScenario(readFileSync(new URL("flash-crowd.yaml", scenarios), "utf8"), {
        readFile: (f) => readFileSync(new URL(f, scenarios), "utf8"),
      });
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
      const started = performance.now();
      const { result } = runScenario(loaded.scenario);
      const nodeSeconds = (performance.now() - started) / 1000;

      await page.waitForFunction(() => document.querySelector("[data-testid=digest]")?.textContent !== "", null, {
        timeout: 90_000,
      });
      expect(await page.locator("[data-testid=digest]").textContent()).toBe(result.digest);

      const progress = page.locator("[data-testid=run-progress]");
      const requests = Number(await progress.getAttribute("data-requests"));
      const workerSeconds = Number(await progress.getAttribute("data-wall-seconds"));
      expect(requests).toBe(result.requests.total);
      const speed = (x: number) => `${(x / 1e6).toFixed(2)} M`;
      console.log(
        `flash-crowd, ${requests} requests: worker ${workerSeconds.toFixed(1)} s (${speed(requests / workerSeconds)} simulated requests/s), ` +
          `Node ${nodeSeconds.toFixed(1)} s (${speed(result.requests.total / nodeSeconds)}/s), worker/Node time ${(workerSeconds / nodeSeconds).toFixed(2)}×`,
      );
    });

    it("draws the flow and every chart, with axes labelled", async () => {
      const flow = page.locator("[data-testid=flow] svg");
      expect(await flow.locator("g.node").count()).toBeGreaterThanOrEqual(3);
      expect(await flow.locator("path.link").count()).toBeGreaterThan(3);
      expect(await flow.locator("g.target").count()).toBe(30);
      // Node → zone links carry what the nodes sent (no estimate): into each zone, they add up to
      // what its targets received, as the zone's label states it (both rounded to 1 request/s).
      const sent = await flow.locator("g.links-out path title").allTextContents();
      const received = await flow.locator("g.inlet text").allTextContents();
      expect(sent.length).toBeGreaterThan(0);
      for (const label of received) {
        const [, zone, rps] = /^zone (\w+) targets · ([\d,]+) req\/s$/.exec(label)!;
        const links = sent
          .map((t) => new RegExp(`→ zone ${zone}: ([\\d,]+) requests/s`).exec(t))
          .filter((m) => m !== null);
        const total = links.reduce((a, m) => a + Number(m[1].replaceAll(",", "")), 0);
        expect(Math.abs(total - Number(rps.replaceAll(",", "")))).toBeLessThanOrEqual(links.length);
      }
      // Charts redraw a moment after the last chunk.
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll("figure.chart:not([hidden])")].every((f) =>
            f.querySelector("svg path, svg rect"),
          ),
        null,
        { timeout: 10_000 },
      );
      const charts = await page.$$eval("figure.chart:not([hidden])", (figures) =>
        figures.map((f) => ({
          id: (f as HTMLElement).dataset.chart,
          paths: f.querySelectorAll("svg path").length,
          bars: f.querySelectorAll("svg rect").length,
          texts: [...f.querySelectorAll("svg text")].map((t) => t.textContent ?? ""),
        })),
      );
      expect(charts.map((c) => c.id)).toEqual(["zones", "targets", "errors", "latency", "nodes", "health"]);
      for (const chart of charts) {
        expect(chart.texts, chart.id).toContain("simulated time →");
        if (chart.id !== "health" && chart.id !== "errors") expect(chart.paths, chart.id).toBeGreaterThan(0);
      }
      expect(charts.find((c) => c.id === "errors")!.bars).toBeGreaterThan(10);
      expect(charts.find((c) => c.id === "zones")!.texts).toContain("requests/s");
      expect(charts.find((c) => c.id === "latency")!.texts.some((t) => t.startsWith("latency ("))).toBe(true);
      expect(charts.find((c) => c.id === "latency")!.texts).toEqual(
        expect.arrayContaining(["p50", "p90", "p99", "mean"]),
      );
    });

    it("scrubs back in time with the keyboard", async () => {
      const slider = page.locator(".timeline .slider");
      await slider.focus();
      await page.keyboard.press("Home");
      expect(await page.locator(".timeline .clock").textContent()).toMatch(/^0:0\d \/ 30:00$/);
      // At the start only the three pre-warmed nodes exist.
      await page.waitForFunction(() => document.querySelectorAll("[data-testid=flow] svg g.node").length === 3, null, {
        timeout: 5_000,
      });
    });
  });

  it("compares two variants side by side, opened from the gallery", async () => {
    const page = await open("./");
    await page.click('[data-scenario="cross-zone"] a.primary');
    await page.waitForFunction(
      () => ["digest-a", "digest-b"].every((id) => document.querySelector(`[data-testid=${id}]`)?.textContent),
      null,
      { timeout: 60_000 },
    );
    const variants = await page.$$eval("[data-testid=run-column]", (columns) =>
      columns.map((c) => (c as HTMLElement).dataset.variant),
    );
    expect(variants).toEqual(["cross-zone-on", "cross-zone-off"]);
    expect(await page.locator("[data-testid=digest-a]").textContent()).not.toBe(
      await page.locator("[data-testid=digest-b]").textContent(),
    );
    expect(await page.locator("[data-testid=differences]").textContent()).toContain("loadBalancer.crossZone");
    expect(page.url()).toContain("compare=cross-zone-on,cross-zone-off");
    await page.waitForFunction(() => document.querySelectorAll("figure.chart svg").length === 12, null, {
      timeout: 10_000,
    });
    await page.screenshot({ path: `${screenshots}compare.png` });
    await page.close();
  });

  it("shows a broken scenario's errors on their lines and does not run it", async () => {
    const page = await open("./?scenario=cross-zone&view=editor");
    const editor = page.locator("[data-testid=editor]");
    const text = await editor.inputValue();
    await editor.fill(
      text.replace("algorithm: round_robin", "algorithm: round_robin\n  healthCheck: { interval: 1s }"),
    );
    const error = page.locator("[data-testid=editor-errors] li").first();
    await error.waitFor();
    expect(await error.textContent()).toMatch(
      /line \d+\s*loadBalancer\.healthCheck\.interval\s*must be 5s to 300s, got 1s/,
    );
    expect(await page.locator(".editor-gutter .bad").count()).toBe(1);
    expect(await page.locator("[data-testid=editor-run]").isDisabled()).toBe(true);
    await page.click("[data-testid=run]");
    await page.waitForTimeout(300);
    expect(await page.locator(".run-view").count()).toBe(0);
    expect(page.url()).not.toContain("run=1");
    await page.close();
  });

  it("keeps working after a run is cancelled", async () => {
    const page = await open("./?scenario=flash-crowd&run=1");
    await simulatedAtLeast(page, 60);
    await page.click("[data-testid=cancel]");
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=run-progress]")?.textContent?.startsWith("Cancelled"),
    );
    expect(await page.locator("[data-testid=run]").isVisible()).toBe(true);
    expect(await page.locator("[data-testid=digest]").textContent()).toBe("");
    await page.selectOption("[data-testid=scenario-picker]", "cross-zone");
    await page.click("[data-testid=run]");
    await page.waitForFunction(() => document.querySelector("[data-testid=digest]")?.textContent, null, {
      timeout: 30_000,
    });
    expect(page.url()).toContain("scenario=cross-zone");
    await page.close();
  });

  it("sets what was observed beside what was simulated for the bundled replay", async () => {
    const page = await open("./?scenario=product-launch-replay&run=1");
    await page.waitForFunction(() => document.querySelector("[data-testid=digest]")?.textContent, null, {
      timeout: 60_000,
    });
    const panel = page.locator("[data-testid=observed]");
    await page.waitForFunction(
      () => document.querySelectorAll("[data-testid=observed] figure svg").length === 3,
      null,
      {
        timeout: 10_000,
      },
    );
    expect(await panel.isVisible()).toBe(true);
    // The replay sends every logged request in its second: no difference in RequestCount.
    const first = await panel.locator("tbody tr").first().locator("th, td").allTextContents();
    expect(first).toEqual(["RequestCount", "lb", "12,718", "12,718", "0", "0.0"]);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshots}observed.png`, fullPage: true });
    await page.close();
  });

  it("logs no console error on any page", () => {
    expect(consoleErrors).toEqual([]);
  });
});
