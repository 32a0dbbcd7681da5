// Runway's browser tests: Debian's Chromium (never a downloaded browser) against the release site
// and a server on a free port with a fresh, demo-seeded SQLite database (see start-server.sh).
import { defineConfig } from "@playwright/test";
import { tmpdir } from "node:os";
import { join } from "node:path";

// `make test` chooses a free port and a database path; these defaults serve a manual run.
process.env.RUNWAY_E2E_PORT ??= "3100";
process.env.RUNWAY_E2E_IDP_PORT ??= "3101";
// A folder of its own: the demo server publishes templates' repositories beside the database.
process.env.RUNWAY_E2E_DB ??= join(tmpdir(), `runway-e2e-${process.env.RUNWAY_E2E_PORT}`, "runway.db");
const baseURL = `http://127.0.0.1:${process.env.RUNWAY_E2E_PORT}`;

export default defineConfig({
  testDir: "./tests",
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    colorScheme: "light",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.RUNWAY_CHROMIUM ?? "/usr/bin/chromium",
      // The machine has no network but loopback: keep Chromium from calling home.
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    // Signs in once per role and saves the session for the other projects (.auth/<role>.json).
    { name: "setup", testMatch: /auth\.setup\.ts$/ },
    { name: "hydrated", dependencies: ["setup"], testIgnore: [/\/api\//, /\/self-service\//], use: { storageState: ".auth/admin.json" } },
    // Read-only pages must work from server-rendered HTML alone; interactive specs are named
    // *.hydrate.spec.ts and run only hydrated.
    {
      name: "no-js",
      dependencies: ["setup"],
      use: { javaScriptEnabled: false, storageState: ".auth/admin.json" },
      testIgnore: [/\.hydrate\.spec\.ts$/, /\/api\//, /\/self-service\//],
    },
    // Clients of the REST APIs, without a browser. They add entities, so they run after the
    // pages' tests, which count what the demo holds.
    { name: "api", dependencies: ["hydrated", "no-js"], testMatch: /\/api\/.*\.spec\.ts$/ },
    // Templates run for real (repositories pushed, entities registered), also after the pages.
    { name: "self-service", dependencies: ["hydrated", "no-js"], testMatch: /\/self-service\/.*\.spec\.ts$/ },
  ],
  webServer: [
    {
      command: "node idp/provider.mjs",
      url: `http://127.0.0.1:${process.env.RUNWAY_E2E_IDP_PORT}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: "./start-server.sh",
      url: `${baseURL}/readyz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
