import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, rowsOf } from "@/db/client";
import { agencies, auditLogs, creditLedgerEntries, organizations, partnerGroups } from "@/db/schema";
import { ForbiddenError, InsufficientCreditsError, NotFoundError, ValidationError } from "@/lib/errors";
import { createTestDatabase, usingPostgres } from "@/lib/testing/database";
import {
  addOrganizationMember,
  contextFor,
  createAgencyAdmin,
  createOrganizationRow,
  createUser,
  principalOf,
  superadminPrincipal,
} from "@/lib/testing/factories";

import { addCreditsToOrganization, agencyLedger, grantCreditsToAgency, organizationLedger } from "./ledger";

let handle: DatabaseHandle;
let admin: Awaited<ReturnType<typeof principalOf>>;
beforeAll(async () => {
  handle = await createTestDatabase({ maxConnections: 20 });
  admin = await superadminPrincipal(handle.db);
});
afterAll(async () => handle?.close());

const asAdmin = () => contextFor(handle.db, admin);

async function agencyWithAdmin(groupDiscount?: string) {
  const [group] = groupDiscount
    ? await handle.db
        .insert(partnerGroups)
        .values({ name: `G ${Math.random()}`, creditDiscountPercent: groupDiscount })
        .returning()
    : [undefined];
  const { agency, principal } = await createAgencyAdmin(handle.db, { partnerGroupId: group?.id ?? null });
  return { agency, ctx: contextFor(handle.db, principal) };
}

async function balanceMatchesLedger(account: { agencyId: number } | { organizationId: string }) {
  const where = "agencyId" in account ? sql`agency_id = ${account.agencyId}` : sql`organization_id = ${account.organizationId}`;
  const [{ sum }] = rowsOf<{ sum: string | null }>(
    await handle.db.execute(sql`select sum(amount)::text as sum from credit_ledger_entries where ${where}`),
  );
  const [row] =
    "agencyId" in account
      ? await handle.db.select({ b: agencies.creditBalance }).from(agencies).where(eq(agencies.id, account.agencyId))
      : await handle.db.select({ b: organizations.creditBalance }).from(organizations).where(eq(organizations.id, account.organizationId));
  return { cached: row.b, summed: Number(sum ?? 0) };
}

describe("credit ledger", () => {
  it("grants credits to an agency with its partner group's discount at that moment, audited", async () => {
    const { agency } = await agencyWithAdmin("20.00");
    const entry = await grantCreditsToAgency(asAdmin(), { id: agency.id, amount: 10_000, reason: "Monthly allocation" });
    expect(entry).toMatchObject({ amount: 10_000, balanceAfter: 10_000, kind: "grant", discountPercent: "20.00" });
    await handle.db.update(partnerGroups).set({ creditDiscountPercent: "5" }).where(eq(partnerGroups.id, agency.partnerGroupId!));
    const second = await grantCreditsToAgency(asAdmin(), { id: agency.id, amount: 1, reason: "Later" });
    expect(second.discountPercent).toBe("5.00");
    const actions = (await handle.db.select().from(auditLogs).where(eq(auditLogs.agencyId, agency.id))).map((a) => a.action);
    expect(actions.filter((a) => a === "credits.granted")).toHaveLength(2);
    expect(await balanceMatchesLedger({ agencyId: agency.id })).toEqual({ cached: 10_001, summed: 10_001 });
  });

  it("refuses an admin_id in the body that is not the agency in the path", async () => {
    const { agency } = await agencyWithAdmin();
    await expect(grantCreditsToAgency(asAdmin(), { id: agency.id, admin_id: agency.id + 1, amount: 5, reason: "x" })).rejects.toThrow(
      ValidationError,
    );
  });

  it("transfers from the agency to its organization, and refuses a short balance writing nothing", async () => {
    const { agency, ctx } = await agencyWithAdmin();
    const org = await createOrganizationRow(handle.db, { agencyId: agency.id });
    await grantCreditsToAgency(asAdmin(), { id: agency.id, amount: 3000, reason: "Start" });
    const entry = await addCreditsToOrganization(ctx, { id: org.id, amount: 2500, reason: "Client top-up" });
    expect(entry).toMatchObject({ amount: 2500, balanceAfter: 2500, kind: "transfer" });
    await expect(addCreditsToOrganization(ctx, { id: org.id, amount: 501, reason: "Too much" })).rejects.toThrow(InsufficientCreditsError);
    expect(await balanceMatchesLedger({ agencyId: agency.id })).toEqual({ cached: 500, summed: 500 });
    expect(await balanceMatchesLedger({ organizationId: org.id })).toEqual({ cached: 2500, summed: 2500 });
    const page = await organizationLedger(ctx, { id: org.id, limit: 50, offset: 0 });
    expect(page.data.map((e) => e.balanceAfter)).toEqual([2500]);
    expect((await agencyLedger(ctx, { id: agency.id, limit: 50, offset: 0 })).data.map((e) => e.balanceAfter)).toEqual([500, 3000]);
  });

  it("gives a superadmin's credits to an organization as a platform grant", async () => {
    const org = await createOrganizationRow(handle.db);
    const entry = await addCreditsToOrganization(asAdmin(), { id: org.id, amount: 700, reason: "Goodwill" });
    expect(entry).toMatchObject({ kind: "grant", balanceAfter: 700 });
  });

  it("answers 404 to another agency's admin, and 403 to a member of the organization, who sees it but may not fund it", async () => {
    const { agency } = await agencyWithAdmin();
    const { ctx: otherAgency } = await agencyWithAdmin();
    const org = await createOrganizationRow(handle.db, { agencyId: agency.id });
    await expect(addCreditsToOrganization(otherAgency, { id: org.id, amount: 1, reason: "x" })).rejects.toThrow(NotFoundError);
    await expect(agencyLedger(otherAgency, { id: agency.id, limit: 50, offset: 0 })).rejects.toThrow(NotFoundError);
    const member = await createUser(handle.db);
    await addOrganizationMember(handle.db, org.id, member.id, "owner");
    const memberCtx = contextFor(handle.db, await principalOf(handle.db, member));
    await expect(addCreditsToOrganization(memberCtx, { id: org.id, amount: 1, reason: "x" })).rejects.toThrow(ForbiddenError);
    expect((await organizationLedger(memberCtx, { id: org.id, limit: 50, offset: 0 })).total).toBe(0);
  });

  it("is append-only: the database refuses to change or remove an entry", async () => {
    const { agency } = await agencyWithAdmin();
    await grantCreditsToAgency(asAdmin(), { id: agency.id, amount: 10, reason: "x" });
    await expect(handle.db.execute(sql`update credit_ledger_entries set amount = 1000 where agency_id = ${agency.id}`)).rejects.toThrow();
    await expect(handle.db.execute(sql`delete from credit_ledger_entries where agency_id = ${agency.id}`)).rejects.toThrow();
    expect((await handle.db.select().from(creditLedgerEntries).where(eq(creditLedgerEntries.agencyId, agency.id)))[0].amount).toBe(10);
  });

  // Real races need several connections: PostgreSQL only (PGlite has one connection).
  it.runIf(usingPostgres())("never overdraws under 40 concurrent transfers: exactly what the balance allows succeeds", async () => {
    const { agency, ctx } = await agencyWithAdmin();
    const orgs = await Promise.all([1, 2, 3, 4].map(() => createOrganizationRow(handle.db, { agencyId: agency.id })));
    await grantCreditsToAgency(asAdmin(), { id: agency.id, amount: 1000, reason: "Pool" });
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => addCreditsToOrganization(ctx, { id: orgs[i % 4].id, amount: 100, reason: `t${i}` })),
    );
    const refused = results.filter((r) => r.status === "rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(InsufficientCreditsError);
    expect(await balanceMatchesLedger({ agencyId: agency.id })).toEqual({ cached: 0, summed: 0 });
    let total = 0;
    for (const org of orgs) {
      const b = await balanceMatchesLedger({ organizationId: org.id });
      expect(b.cached).toBe(b.summed);
      total += b.cached;
    }
    expect(total).toBe(1000);
  });
});
