// End-to-end suite: one production server (scripts/start.ts, which builds when the sources changed)
// on a fresh database, driven by Debian's Chromium and by Playwright's HTTP client.
//   npx playwright test                                   -> embedded PGlite in a new temporary DATA_DIR
//   E2E_DATABASE_URL=postgres://... npx playwright test   -> that (fresh) PostgreSQL database
// The server listens on a free port (E2E_PORT to pin one, see e2e/support.ts).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { E2E_SMTP_URL } from "./e2e/mail-server";
import { E2E_AUTH_SECRET, E2E_DNS_PORT, E2E_PORT, E2E_ROOT_DOMAIN, SUPERADMIN_EMAIL, SUPERADMIN_PASSWORD, baseURL, onPostgres } from "./e2e/support";

// The runner loads this file, then each worker loads it again with the runner's environment: only the
// first load makes the directory, and only the runner removes it when it exits.
if (!process.env.E2E_DATA_DIR) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cp-e2e-"));
  process.env.E2E_DATA_DIR = dir;
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
}
const dataDir = process.env.E2E_DATA_DIR;

export default defineConfig({
  testDir: "e2e",
  // The ledger's concurrency spec and the idempotency crash spec run a server of their own on the same
  // database, which only PostgreSQL allows: the PGlite run leaves them out rather than listing them as skipped.
  testIgnore: onPostgres ? [] : ["**/api-ledger-concurrency.spec.ts", "**/api-idempotency-crash.spec.ts"],
  outputDir: "test-results",
  // An SMTP server on loopback for the whole run: the server's mails land there (e2e/mail-server.ts).
  globalSetup: "./e2e/global-setup.ts",
  // Every spec seeds its own data with unique names, so files may run side by side.
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "playwright-report/results.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "npx tsx scripts/start.ts",
    url: `${baseURL}/api/health/live`,
    reuseExistingServer: false,
    // A build (when the sources changed) takes 20-40 s on 2 cores, then migrations and PGlite's start.
    timeout: 240_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      PORT: String(E2E_PORT),
      DATA_DIR: dataDir,
      // Empty means "not set" to lib/config.ts: never inherit a developer's DATABASE_URL.
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
      AUTH_SECRET: E2E_AUTH_SECRET,
      SUPERADMIN_EMAIL,
      SUPERADMIN_PASSWORD,
      // The sign-in lock-out counts failures per client ip as well as per email. Every request of the
      // suite comes from loopback, so ten failed attempts anywhere would lock every spec out. The server
      // therefore trusts one proxy hop, as it would behind a load balancer, and the specs that fail
      // sign-ins on purpose send their own X-Forwarded-For (freshClientIp()): each gets its own ip
      // counter, loopback's stays at zero. One server, no ordering between specs.
      TRUST_PROXY: "1",
      // Organizations' hosts ({slug}.cp-e2e.test) and domain verification against the DNS server that
      // the domains spec runs on this port (e2e/console-domains.spec.ts).
      ROOT_DOMAIN: E2E_ROOT_DOMAIN,
      DNS_SERVERS: `127.0.0.1:${E2E_DNS_PORT}`,
      // Mails go to the run's SMTP server (e2e/global-setup.ts); their links point at this server (APP_URL's default).
      SMTP_URL: E2E_SMTP_URL,
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
