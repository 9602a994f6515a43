// Seeding for the registration and platform-settings specs: public registrations left pending, and a
// lock for the one platform-settings row that several spec files change.
import { mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect } from "@playwright/test";
import { freshClientIp, uniqueTag } from "./helpers";

export interface Registrant {
  email: string;
  password: string;
  company_name: string;
  contact_name: string;
  phone: string;
  desired_org_name: string;
  desired_org_slug: string;
}

/** A registration form's worth of unique answers. */
export function newRegistrant(prefix = "reg"): Registrant {
  const tag = uniqueTag();
  return {
    email: `${prefix}-${tag}@e2e.example.com`,
    password: `${prefix}-${tag}-Passw0rd`,
    company_name: `${prefix} ${tag} Corp`,
    contact_name: `Rita ${tag}`,
    phone: "+1 555 0100",
    desired_org_name: `${prefix} ${tag} Org`,
    desired_org_slug: `${prefix}-${tag}`,
  };
}

/**
 * Submits a registration through the public API from an address of its own (registrations are rate
 * limited per client ip) and returns its id; it stays pending unless auto-approval is on, which no
 * spec leaves on.
 */
export async function submitRegistration(request: APIRequestContext, registrant: Registrant, extra: Record<string, unknown> = {}): Promise<number> {
  const response = await request.post("/api/tenants/register", {
    headers: { "x-forwarded-for": freshClientIp() },
    data: { ...registrant, ...extra },
  });
  expect(response.status(), await response.text()).toBe(201);
  const body = await response.json();
  expect(body.status).toBe("pending_approval");
  return body.id as number;
}

// A lock left behind by a worker that died mid-test is taken over after this long.
const STALE_LOCK_MS = 120_000;

/**
 * Runs fn while no other spec changes the platform settings. They are one row for the whole server
 * and spec files run side by side, so a spec that sets defaults and then reads them back would
 * otherwise see another spec's values now and then. The lock is a directory in the run's data dir
 * (mkdir is atomic), released when fn settles.
 */
export async function withPlatformSettingsLock<T>(fn: () => Promise<T>): Promise<T> {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error("E2E_DATA_DIR is not set: run the specs through playwright.config.ts");
  const lock = path.join(dir, "platform-settings.lock");
  await expect(() => {
    try {
      if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
    } catch {
      // No lock yet.
    }
    mkdirSync(lock);
  }, "waiting for the platform settings lock").toPass({ timeout: 45_000 });
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
