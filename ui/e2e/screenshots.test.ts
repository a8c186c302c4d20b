// Screenshots for a reader to look at (ui/e2e/screenshots/, not committed): the flash crowd,
// az-outage, rolling-deploy and a lesson step, at a desktop's 1440 × 900 and a phone's 390 × 844,
// each at the moment its story turns on. The assertions only check that each page got there.
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";

const base = inject("baseUrl");
const screenshots = new URL("./screenshots/", import.meta.url).pathname;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const PAGES: { name: string; path: string; at: number | null }[] = [
  { name: "flash-crowd", path: "./?scenario=flash-crowd&run=1", at: 7 * 60 },
  { name: "az-outage", path: "./?scenario=az-outage&run=1", at: 5 * 60 + 20 },
  { name: "rolling-deploy", path: "./?scenario=rolling-deploy&run=1", at: 110 },
  { name: "lesson-az-outage-step2", path: "./?lesson=az-outage&step=2", at: null },
];
const SIZES = [
  { label: "desktop", width: 1440, height: 900 },
  { label: "phone", width: 390, height: 844 },
];

describe("screenshots", () => {
  for (const { name, path, at } of PAGES)
    for (const size of SIZES)
      it(`${name} at ${size.width} × ${size.height}`, async () => {
        const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
        await page.goto(new URL(path, base).href);
        await page.waitForFunction(() => document.querySelector("[data-testid=digest]")?.textContent, null, {
          timeout: 90_000,
        });
        if (at !== null)
          await page.evaluate((s) => {
            const slider = document.querySelector<HTMLInputElement>(".timeline .slider")!;
            slider.value = String(Math.floor(s / Number(slider.dataset.interval)));
            slider.dispatchEvent(new Event("input", { bubbles: true }));
          }, at);
        else
          await page.waitForFunction(() => document.querySelector<HTMLElement>("[data-testid=lesson]")?.dataset.step);
        await page.waitForFunction(() => performance.getEntriesByName("elbsim:charts-final").length > 0, null, {
          timeout: 30_000,
        });
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await page.screenshot({ path: `${screenshots}${name}-${size.label}.png` });
        expect(await page.locator("[data-testid=flow] svg g.node").count()).toBeGreaterThan(0);
        await page.close();
      });
});
