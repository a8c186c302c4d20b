// The dashboard (ui/) is a static site: `npm start` serves it, `npm run build` writes dist/ with
// relative URLs (base "./") so it works from any static host or sub-path. The same file holds
// vitest's projects: fast unit tests, and the browser end-to-end tests against the built site.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const top = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: "ui",
  base: "./",
  // Caches stay in the project's node_modules, not in a node_modules under ui/.
  cacheDir: "../node_modules/.vite",
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    // d3 and the simulator make a few hundred kB; the site loads them once.
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: "es" },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          root: top,
          include: [
            "sim/**/*.test.ts",
            "cli/**/*.test.ts",
            "reports/**/*.test.ts",
            "ui/**/*.test.ts",
            "docs/**/*.test.ts",
          ],
          exclude: ["ui/e2e/**", "**/node_modules/**"],
          // Theory tests simulate for a second or two each; on a busy two-core machine that can pass
          // vitest's 5 s default, so the bound is generous (it guards hangs, not speed).
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          root: top,
          include: ["ui/e2e/**/*.test.ts"],
          globalSetup: ["ui/e2e/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
