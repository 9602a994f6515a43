// Values shared by playwright.config.ts (which hands them to the server) and the specs. No Playwright
// test APIs here: the config imports this file before the test runtime exists.
import { execFileSync } from "node:child_process";

/** A port nobody listens on right now, as the OS hands them out. */
export function freePort(): number {
  const script = "const s=require('node:net').createServer();s.listen(0,()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ["-e", script]).toString());
}

// E2E_PORT pins the port. Otherwise each run takes a free one, chosen once by the runner (its workers
// inherit the runner's environment): with a fixed default, two runs at once (a developer's and `npm
// test` in another clone) would share it, and one run's specs could silently talk to the other's server.
process.env.E2E_PORT ||= String(freePort());
export const E2E_PORT = Number(process.env.E2E_PORT);
// Next rewrites 127.0.0.1 to localhost in request URLs, so the suite browses localhost too.
export const baseURL = `http://localhost:${E2E_PORT}`;

/** A UDP port nobody uses right now: the DNS server of the domains spec (e2e/console-domains.spec.ts). */
function freeUdpPort(): number {
  const script =
    "const s=require('node:dgram').createSocket('udp4');s.bind(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ["-e", script]).toString());
}

// The server verifies domains through this resolver, which the domains spec runs in its own process;
// chosen once by the runner like E2E_PORT.
process.env.E2E_DNS_PORT ||= String(freeUdpPort());
export const E2E_DNS_PORT = Number(process.env.E2E_DNS_PORT);
/** Tenant sites live at {slug}.{E2E_ROOT_DOMAIN}; Chromium maps these hosts to loopback (--host-resolver-rules). */
export const E2E_ROOT_DOMAIN = "cp-e2e.test";

export const SUPERADMIN_EMAIL = "superadmin@e2e.example.com";
export const SUPERADMIN_PASSWORD = "e2e-superadmin-Passw0rd";
export const E2E_AUTH_SECRET = "e2e-auth-secret-not-for-production-0123456789";

/** Whether the server under test runs on PostgreSQL (else embedded PGlite). */
export const onPostgres = Boolean(process.env.E2E_DATABASE_URL);
