// The browser's figures for `npm run bench` (docs/design.md#performance): the built dashboard, served from dist/
// on 127.0.0.1, runs a scenario from its link in headless Chromium; we read the worker's
// simulated requests per second (what the page reports when the run ends) and the page's long
// tasks (Chrome's Long Tasks API: every main-thread task over 50 ms) while the run streams.
import { existsSync, readdirSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { CHROMIUM, launchChromium, recordLongTasks } from "../ui/e2e/browser";
import { serve } from "../ui/e2e/global-setup";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(ROOT, "dist");
/** What the site is built from: a change to any of these makes dist/ stale. */
const SOURCES = ["ui", "sim", "reports", "scenarios", "vite.config.ts", "package.json"];

export interface BrowserRun {
  requests: number;
  workerWallSeconds: number;
  requestsPerSecond: number;
  digest: string;
  /** The longest main-thread task while the run streamed, in ms; 0 when none took over 50 ms. */
  longestTaskMs: number;
  /** Tasks over 50 ms while the run streamed, and their time past 50 ms (total blocking time). */
  longTasks: number;
  blockingMs: number;
  /** The longest task from the end of the run until its last charts were drawn. */
  longestTaskAfterMs: number;
}

export type BrowserFigures = { skipped: string } | { built: boolean; query: string; runs: BrowserRun[] };

/** The longest main-thread tasks while a dashboard page's runs stream (longTasks). */
export interface PageTasks {
  query: string;
  runs: { longestTaskMs: number; longTasks: number; blockingMs: number }[];
}

/**
 * Opens each of `queries` (any dashboard link that runs: a lesson, a what-if beside its baseline)
 * `repeat` times in a fresh page and records its long tasks from the first run's start to the last
 * run's end; skips without Chromium.
 */
export async function longTasks(queries: string[], repeat: number): Promise<{ skipped: string } | PageTasks[]> {
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM}` };
  if (stale()) await build({ configFile: join(ROOT, "vite.config.ts"), root: join(ROOT, "ui"), logLevel: "warn" });
  const server = await serve(DIST);
  const browser = await launchChromium();
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const out: PageTasks[] = [];
    for (const query of queries) {
      const runs = [];
      for (let i = 0; i < repeat; i++) runs.push(await streamingTasks(browser, new URL(query, base).href));
      out.push({ query, runs });
    }
    return out;
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function streamingTasks(browser: Awaited<ReturnType<typeof launchChromium>>, url: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await recordLongTasks(page);
    await page.goto(url);
    await page.waitForFunction(
      () => {
        const digests = [...document.querySelectorAll("[data-testid^=digest]")];
        return digests.length > 0 && digests.every((d) => d.textContent);
      },
      null,
      { timeout: 300_000 },
    );
    const seen = await page.evaluate(() => ({
      tasks: (window as unknown as { longTasks: [number, number][] }).longTasks,
      start: performance.getEntriesByName("elbsim:run-start")[0].startTime,
      end: Math.max(...performance.getEntriesByName("elbsim:run-end").map((e) => e.startTime)),
    }));
    const during = seen.tasks.filter(([t]) => t >= seen.start && t <= seen.end).map(([, d]) => d);
    return {
      longestTaskMs: Math.round(Math.max(0, ...during)),
      longTasks: during.length,
      blockingMs: Math.round(during.reduce((a, d) => a + d - 50, 0)),
    };
  } finally {
    await page.close();
  }
}

/** Runs `?scenario=NAME&run=1` `repeat` times, each in a fresh page; skips without Chromium. */
export async function measureBrowser(scenario: string, repeat: number): Promise<BrowserFigures> {
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM} (on Debian: apt-get install -y chromium)` };
  const built = stale();
  if (built) await build({ configFile: join(ROOT, "vite.config.ts"), root: join(ROOT, "ui"), logLevel: "warn" });
  const server = await serve(DIST);
  const browser = await launchChromium();
  const query = `?scenario=${encodeURIComponent(scenario)}&run=1`;
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const runs: BrowserRun[] = [];
    for (let i = 0; i < repeat; i++) runs.push(await once(browser, new URL(query, base).href));
    return { built, query, runs };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function once(browser: Awaited<ReturnType<typeof launchChromium>>, url: string): Promise<BrowserRun> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await recordLongTasks(page);
    await page.goto(url);
    await page.waitForFunction(() => document.querySelector("[data-testid=digest]")?.textContent, null, {
      timeout: 300_000,
    });
    // The charts' last redraw follows the run's end: wait for it, so its tasks are counted.
    await page.waitForFunction(() => performance.getEntriesByName("elbsim:charts-final").length > 0, null, {
      timeout: 30_000,
    });
    // Plain data out of the page, worked on here: tsx names the functions it compiles with a helper
    // the page does not have, so nothing inside evaluate declares one.
    const seen = await page.evaluate(() => ({
      tasks: (window as unknown as { longTasks: [number, number][] }).longTasks,
      start: performance.getEntriesByName("elbsim:run-start")[0].startTime,
      end: performance.getEntriesByName("elbsim:run-end")[0].startTime,
      requests: Number(document.querySelector<HTMLElement>("[data-testid=run-progress]")!.dataset.requests),
      workerWallSeconds: Number(document.querySelector<HTMLElement>("[data-testid=run-progress]")!.dataset.wallSeconds),
      digest: document.querySelector("[data-testid=digest]")!.textContent ?? "",
    }));
    const during = seen.tasks.filter(([t]) => t >= seen.start && t <= seen.end).map(([, d]) => d);
    const after = seen.tasks.filter(([t]) => t > seen.end).map(([, d]) => d);
    return {
      requests: seen.requests,
      workerWallSeconds: seen.workerWallSeconds,
      digest: seen.digest,
      requestsPerSecond: Math.round(seen.requests / seen.workerWallSeconds),
      longestTaskMs: Math.round(Math.max(0, ...during)),
      longTasks: during.length,
      blockingMs: Math.round(during.reduce((a, d) => a + d - 50, 0)),
      longestTaskAfterMs: Math.round(Math.max(0, ...after)),
    };
  } finally {
    await page.close();
  }
}

/** Whether dist/ is missing or older than a file it is built from. */
function stale(): boolean {
  const index = join(DIST, "index.html");
  if (!existsSync(index)) return true;
  const builtAt = statSync(index).mtimeMs;
  const newer = (path: string): boolean => {
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.mtimeMs > builtAt;
    // The browser tests and their screenshots are not part of the site.
    return readdirSync(path).some((name) => name !== "node_modules" && name !== "e2e" && newer(join(path, name)));
  };
  return SOURCES.some((source) => existsSync(join(ROOT, source)) && newer(join(ROOT, source)));
}
