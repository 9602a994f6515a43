import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, rowsOf } from "@/db/client";
import { auditLogs, notifications, organizations, usageDaily } from "@/db/schema";
import { addCreditsToOrganization } from "@/lib/credits/ledger";
import { ForbiddenError, InsufficientCreditsError, NotFoundError, UnauthorizedError, ValidationError } from "@/lib/errors";
import { createTestDatabase } from "@/lib/testing/database";
import {
  addAgencyMember,
  addOrganizationMember,
  contextFor,
  createAgency,
  createOrganizationRow,
  createUser,
  principalOf,
  superadminPrincipal,
  unique,
} from "@/lib/testing/factories";
import { anonymous } from "@/lib/auth/principal";
import { parseInput } from "@/lib/validation";
import { reportUsage } from "./ingest";
import { lastDays, monthBounds } from "./period";
import { BYTES_PER_GB, organizationUsage } from "./report";
import { ReportUsageInput } from "./schemas";
import { DAY_MS } from "@/lib/time";

let handle: DatabaseHandle;
let admin: Awaited<ReturnType<typeof principalOf>>;
beforeAll(async () => {
  handle = await createTestDatabase();
  admin = await superadminPrincipal(handle.db);
});
afterAll(async () => handle?.close());

const asAdmin = () => contextFor(handle.db, admin);
const batch = (body: unknown) => parseInput(ReportUsageInput, body);
const report = (orgId: string, body: unknown, ctx = asAdmin()) => reportUsage(ctx, { ...batch(body), id: orgId });
const key = () => unique("evt");

/** An organization of its own agency, with an owner, credits and a monthly limit. */
async function fundedOrganization({ credits = 1000, creditLimit = 10_000 as number | null, storageLimitGb = 1, bandwidthLimitGb = 1 } = {}) {
  const agency = await createAgency(handle.db);
  const agencyOwner = await createUser(handle.db);
  await addAgencyMember(handle.db, agency.id, agencyOwner.id);
  const org = await createOrganizationRow(handle.db, { agencyId: agency.id, creditLimit, storageLimitGb, bandwidthLimitGb, maxUsers: 4 });
  const owner = await createUser(handle.db);
  await addOrganizationMember(handle.db, org.id, owner.id, "owner");
  if (credits > 0) await addCreditsToOrganization(asAdmin(), { id: org.id, amount: credits, reason: "Test funds" });
  return { agency, agencyOwner, org, owner };
}

async function balanceOf(orgId: string) {
  const [row] = await handle.db.select({ balance: organizations.creditBalance }).from(organizations).where(eq(organizations.id, orgId));
  const [{ sum }] = rowsOf<{ sum: string }>(
    await handle.db.execute(sql`select coalesce(sum(amount), 0)::text as sum from credit_ledger_entries where organization_id = ${orgId}`),
  );
  return { cached: row.balance, ledger: Number(sum) };
}

async function notificationTypes(userId: number) {
  return (await handle.db.select({ type: notifications.type }).from(notifications).where(eq(notifications.userId, userId))).map((n) => n.type).sort();
}

describe("usage ingestion", () => {
  it("accepts one event and a batch, counting a repeated idempotency key once", async () => {
    const { org } = await fundedOrganization();
    const first = key();
    expect(await report(org.id, { metric: "api_calls", quantity: 5, idempotency_key: first })).toMatchObject({
      accepted: 1,
      duplicates: 0,
      refused: 0,
    });
    const again = await report(org.id, {
      events: [
        { metric: "api_calls", quantity: 5, idempotency_key: first },
        { metric: "api_calls", quantity: 7, idempotency_key: "b-1" },
        { metric: "api_calls", quantity: 7, idempotency_key: "b-1" },
      ],
    });
    expect(again.results.map((r) => r.status)).toEqual(["duplicate", "accepted", "duplicate"]);
    expect((await organizationUsage(asAdmin(), { id: org.id })).api_calls.used).toBe(12);
  });

  it("consumes credits from the balance through the ledger, and refuses what the balance cannot cover", async () => {
    const { org } = await fundedOrganization({ credits: 100 });
    const result = await report(org.id, {
      events: [
        { metric: "credits", quantity: 60, idempotency_key: "c-1" },
        { metric: "credits", quantity: 50, idempotency_key: "c-2" },
        { metric: "credits", quantity: 40, idempotency_key: "c-3" },
      ],
    });
    expect(result.results.map((r) => r.status)).toEqual(["accepted", "refused", "accepted"]);
    expect(result.results[1].error).toBe("Insufficient credits: 50 requested, 40 available.");
    expect(result.credit_balance).toBe(0);
    expect(await balanceOf(org.id)).toEqual({ cached: 0, ledger: 0 });
    // The refused event left nothing: retried once credits arrive, it is counted, not a duplicate.
    await addCreditsToOrganization(asAdmin(), { id: org.id, amount: 50, reason: "Top-up" });
    expect((await report(org.id, { metric: "credits", quantity: 50, idempotency_key: "c-2" })).accepted).toBe(1);
    expect((await organizationUsage(asAdmin(), { id: org.id })).credits).toMatchObject({ used: 150, balance: 0 });
  });

  it("answers a single refused event with 422 and the reason, writing nothing", async () => {
    const { org } = await fundedOrganization({ credits: 10 });
    const auditBefore = await handle.db.select().from(auditLogs).where(eq(auditLogs.organizationId, org.id));
    await expect(report(org.id, { metric: "credits", quantity: 11, idempotency_key: key() })).rejects.toThrow(
      new InsufficientCreditsError("Insufficient credits: 11 requested, 10 available."),
    );
    expect(await handle.db.select().from(usageDaily).where(eq(usageDaily.organizationId, org.id))).toEqual([]);
    expect(await handle.db.select().from(auditLogs).where(eq(auditLogs.organizationId, org.id))).toHaveLength(auditBefore.length);
  });

  it("refuses consumption beyond the month's credit limit, and a limit of 0 allows none", async () => {
    const { org } = await fundedOrganization({ credits: 1000, creditLimit: 100 });
    const result = await report(org.id, {
      events: [
        { metric: "credits", quantity: 90, idempotency_key: "l-1" },
        { metric: "credits", quantity: 20, idempotency_key: "l-2" },
        { metric: "credits", quantity: 10, idempotency_key: "l-3" },
      ],
    });
    expect(result.results.map((r) => r.status)).toEqual(["accepted", "refused", "accepted"]);
    expect(result.results[1].error).toMatch(/^Monthly credit limit reached: 90 of 100 credits used in \d{4}-\d{2}, 20 requested\.$/);
    const none = await fundedOrganization({ credits: 10, creditLimit: 0 });
    await expect(report(none.org.id, { metric: "credits", quantity: 1, idempotency_key: key() })).rejects.toThrow(
      /Monthly credit limit reached: 0 of 0/,
    );
    const unlimited = await fundedOrganization({ credits: 10, creditLimit: null });
    expect((await report(unlimited.org.id, { metric: "credits", quantity: 10, idempotency_key: key() })).accepted).toBe(1);
  });

  it("refuses a whole batch with a malformed event, naming the event, and writes nothing", async () => {
    const { org } = await fundedOrganization();
    const input = {
      events: [
        { metric: "api_calls", quantity: 1, idempotency_key: "ok" },
        { metric: "cpu", quantity: -1 },
      ],
    };
    const error = (() => {
      try {
        batch(input);
      } catch (err) {
        return err as ValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.fieldErrors).toEqual({
      "events.1.metric": ["The selected metric is invalid."],
      "events.1.quantity": ["The quantity field must be at least 0."],
      "events.1.idempotency_key": ["The idempotency key field is required."],
    });
    expect(() => batch({ events: [] })).toThrow(ValidationError);
    expect(() => batch({ events: Array.from({ length: 1001 }, (_, i) => ({ metric: "api_calls", quantity: 1, idempotency_key: `k${i}` })) })).toThrow(
      ValidationError,
    );
    const future = new Date(Date.now() + 3_600_000).toISOString();
    await expect(
      report(org.id, {
        events: [
          { metric: "api_calls", quantity: 1, idempotency_key: "fine" },
          { metric: "api_calls", quantity: 1, occurred_at: future, idempotency_key: "future" },
        ],
      }),
    ).rejects.toThrow(ValidationError);
    expect((await organizationUsage(asAdmin(), { id: org.id })).api_calls.used).toBe(0);
  });

  it("accepts a batch of 1,000", async () => {
    const { org } = await fundedOrganization({ credits: 0 });
    const events = Array.from({ length: 1000 }, (_, i) => ({ metric: "bandwidth_bytes", quantity: 1000, idempotency_key: `bw-${i}` }));
    expect((await report(org.id, { events })).accepted).toBe(1000);
    expect((await organizationUsage(asAdmin(), { id: org.id })).bandwidth.used).toBe(1_000_000);
  });

  it("lets the owning agency and usage-scoped tokens report; members, other agencies and anonymous cannot", async () => {
    const { org, agencyOwner, owner } = await fundedOrganization();
    const event = () => ({ metric: "api_calls", quantity: 1, idempotency_key: key() });
    const agencyCtx = contextFor(handle.db, await principalOf(handle.db, agencyOwner));
    expect((await report(org.id, event(), agencyCtx)).accepted).toBe(1);
    const member = await principalOf(handle.db, owner, "api_token");
    await expect(report(org.id, event(), contextFor(handle.db, member))).rejects.toThrow(ForbiddenError);
    expect((await report(org.id, event(), contextFor(handle.db, { ...member, tokenScopes: ["usage"] }))).accepted).toBe(1);
    const other = await fundedOrganization();
    const otherAgency = contextFor(handle.db, await principalOf(handle.db, other.agencyOwner));
    await expect(report(org.id, event(), otherAgency)).rejects.toThrow(NotFoundError);
    await expect(
      report(org.id, event(), contextFor(handle.db, { ...(await principalOf(handle.db, other.owner)), tokenScopes: ["usage"] })),
    ).rejects.toThrow(NotFoundError);
    await expect(report(org.id, event(), contextFor(handle.db, anonymous))).rejects.toThrow(UnauthorizedError);
  });
});

describe("usage report", () => {
  it("shows the month against every limit and 30 days of series, gauges at their latest level", async () => {
    const { org, owner } = await fundedOrganization({ credits: 1000, creditLimit: 500, storageLimitGb: 2, bandwidthLimitGb: 1 });
    const now = new Date();
    const yesterday = new Date(now.getTime() - DAY_MS).toISOString();
    await report(org.id, {
      events: [
        { metric: "storage_bytes", quantity: BYTES_PER_GB, occurred_at: yesterday, idempotency_key: "s-1" },
        { metric: "storage_bytes", quantity: BYTES_PER_GB / 2, idempotency_key: "s-2" },
        { metric: "credits", quantity: 125, idempotency_key: "cr-1" },
        { metric: "active_users", quantity: 3, idempotency_key: "u-1" },
      ],
    });
    const ownerCtx = contextFor(handle.db, await principalOf(handle.db, owner));
    const usage = await organizationUsage(ownerCtx, { id: org.id });
    expect(usage.period).toEqual({ start: monthBounds(now).start, end: monthBounds(now).end });
    expect(usage.credits).toEqual({ used: 125, limit: 500, percent: 25, balance: 875 });
    expect(usage.storage).toEqual({ used: BYTES_PER_GB / 2, limit: 2 * BYTES_PER_GB, percent: 25 });
    expect(usage.users).toEqual({ used: 1, limit: 4, percent: 25 });
    expect(usage.daily.map((d) => d.date)).toEqual(lastDays(30, now));
    expect(usage.daily.at(-1)).toMatchObject({ credits: 125, storage_bytes: BYTES_PER_GB / 2, active_users: 3 });
    expect(usage.daily.at(-2)).toMatchObject({ storage_bytes: BYTES_PER_GB, credits: 0 });
  });

  it("is hidden from other agencies' admins", async () => {
    const { org } = await fundedOrganization();
    const other = await fundedOrganization();
    await expect(organizationUsage(contextFor(handle.db, await principalOf(handle.db, other.agencyOwner)), { id: org.id })).rejects.toThrow(
      NotFoundError,
    );
  });
});

describe("usage notifications", () => {
  it("tells the organization's and the agency's owners once per threshold and month", async () => {
    const { org, owner, agencyOwner } = await fundedOrganization({ credits: 10_000, creditLimit: 1000 });
    await report(org.id, { metric: "credits", quantity: 800, idempotency_key: key() });
    await report(org.id, { metric: "credits", quantity: 10, idempotency_key: key() });
    expect(await notificationTypes(owner.id)).toEqual(["credits.granted", "usage.limit_80"]);
    await report(org.id, { metric: "credits", quantity: 190, idempotency_key: key() });
    expect(await notificationTypes(owner.id)).toEqual(["credits.granted", "usage.limit_100", "usage.limit_80"]);
    expect(await notificationTypes(agencyOwner.id)).toEqual(["usage.limit_100", "usage.limit_80"]);
  });

  it("tells of one jump past both thresholds once, and of a low balance once", async () => {
    const { org, owner } = await fundedOrganization({ credits: 1000, creditLimit: null, bandwidthLimitGb: 1 });
    await report(org.id, { metric: "bandwidth_bytes", quantity: 2 * BYTES_PER_GB, idempotency_key: key() });
    await report(org.id, { metric: "credits", quantity: 950, idempotency_key: key() });
    await report(org.id, { metric: "credits", quantity: 10, idempotency_key: key() });
    expect(await notificationTypes(owner.id)).toEqual(["credits.granted", "credits.low_balance", "usage.limit_100"]);
  });
});
