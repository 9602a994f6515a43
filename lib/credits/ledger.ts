// The credit ledger: grants and transfers. Every balance change appends its entry and updates the
// cached balance in one transaction, under the account row's lock, so no credit is lost or counted
// twice however many instances write at once; a balance never goes below zero.
import { randomUUID } from "node:crypto";
import { count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { agencies, creditLedgerEntries, organizations, partnerGroups, type CreditLedgerEntry } from "@/db/schema";
import { activeAgencyIds } from "@/lib/auth/principal";
import { agencyAuditTarget, organizationAuditTarget, recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, requirePlatformOrAgencyAdmin, requireSuperadmin, requireUser, withTransaction } from "@/lib/context";
import type { UserPrincipal } from "@/lib/auth/principal";
import { ForbiddenError, InsufficientCreditsError, NotFoundError, ValidationError } from "@/lib/errors";
import { agencyOwnerIds, notifyUsers, organizationOwnerIds } from "@/lib/notifications/notify";
import { canManageOrganization, getOrganization } from "@/lib/organizations/organizations";
import { getAgency } from "@/lib/agencies/agencies";
import { PageQuery, type Page } from "@/lib/pagination";

const Amount = z.number().int().positive().max(1_000_000_000);
export const GrantCreditsInput = z.object({
  admin_id: z.number().int().positive().optional(),
  amount: Amount,
  reason: z.string().trim().min(1).max(500),
});
export const AddCreditsInput = z.object({ amount: Amount, reason: z.string().trim().min(1).max(500) });
export const LedgerQuery = PageQuery;

export const LedgerEntryView = z.object({
  id: z.number().int(),
  amount: z.number().int(),
  balance_after: z.number().int(),
  kind: z.string(),
  reason: z.string().nullable(),
  actor_user_id: z.number().int().nullable(),
  discount_percent: z.number().nullable(),
  transfer_id: z.string().nullable(),
  created_at: z.string(),
});

export function toLedgerEntryView(e: CreditLedgerEntry): z.infer<typeof LedgerEntryView> {
  return {
    id: e.id,
    amount: e.amount,
    balance_after: e.balanceAfter,
    kind: e.kind,
    reason: e.reason,
    actor_user_id: e.actorUserId,
    discount_percent: e.discountPercent === null ? null : Number(e.discountPercent),
    transfer_id: e.transferId,
    created_at: e.createdAt.toISOString(),
  };
}

type Account = { agencyId: number } | { organizationId: string };
type EntryInput = { amount: number; kind: CreditLedgerEntry["kind"]; reason: string; discountPercent?: string | null; transferId?: string | null };

function actorId(ctx: ServiceContext): number | null {
  return ctx.principal.kind === "user" ? ctx.principal.userId : null;
}

/**
 * The account lock: FOR NO KEY UPDATE, not FOR UPDATE. It serializes every balance change of the
 * account as strictly (the UPDATE of credit_balance takes this same lock), but unlike FOR UPDATE it
 * lets through the foreign-key checks (FOR KEY SHARE) of rows that merely reference the account row.
 * FOR UPDATE deadlocked (PostgreSQL 40P01, answered 500) with two servers under
 * e2e/api-ledger-concurrency.spec.ts, replayed in lib/usage/ingest-concurrency.test.ts:
 *   - a usage batch without credits inserted an event, then waited in the event's foreign-key check
 *     for the organization's lock, whose holder (a credit batch) waited for that event's key;
 *   - consumption holding an organization's lock queued a low-balance mail (mail_outbox.agency_id
 *     references the agency) and waited for the agency's lock, whose holder (a transfer) waited for
 *     that organization's lock.
 */
const ACCOUNT_LOCK = "no key update";

/** Locks the account, checks the balance stays >= 0, appends the entry and caches the new balance. */
async function appendEntry(ctx: ServiceContext, account: Account, entry: EntryInput): Promise<CreditLedgerEntry> {
  const isAgency = "agencyId" in account;
  const [row] = isAgency
    ? await ctx.db.select({ balance: agencies.creditBalance }).from(agencies).where(eq(agencies.id, account.agencyId)).for(ACCOUNT_LOCK)
    : await ctx.db
        .select({ balance: organizations.creditBalance })
        .from(organizations)
        .where(eq(organizations.id, account.organizationId))
        .for(ACCOUNT_LOCK);
  if (!row) throw new NotFoundError(isAgency ? "Admin not found" : "Tenant not found");
  const balanceAfter = row.balance + entry.amount;
  if (balanceAfter < 0) throw new InsufficientCreditsError();
  if (isAgency) await ctx.db.update(agencies).set({ creditBalance: balanceAfter }).where(eq(agencies.id, account.agencyId));
  else await ctx.db.update(organizations).set({ creditBalance: balanceAfter }).where(eq(organizations.id, account.organizationId));
  const [created] = await ctx.db
    .insert(creditLedgerEntries)
    .values({
      agencyId: isAgency ? account.agencyId : null,
      organizationId: isAgency ? null : account.organizationId,
      amount: entry.amount,
      balanceAfter,
      kind: entry.kind,
      reason: entry.reason,
      actorUserId: actorId(ctx),
      discountPercent: entry.discountPercent ?? null,
      transferId: entry.transferId ?? null,
    })
    .returning();
  return created;
}

interface Consumption {
  amount: number;
  idempotencyKey: string;
  reason: string;
}

/**
 * Appends consumption entries to an organization's ledger, in order, each with its running balance.
 * The caller holds the organization row's lock (taken by lockOrganizationCredits) and has already
 * decided that every consumption fits the balance; the table's check refuses one that would not.
 */
export async function appendConsumptions(
  ctx: ServiceContext,
  organizationId: string,
  balanceBefore: number,
  consumptions: Consumption[],
): Promise<number> {
  if (consumptions.length === 0) return balanceBefore;
  let balance = balanceBefore;
  const rows = consumptions.map((c) => {
    balance -= c.amount;
    return {
      organizationId,
      amount: -c.amount,
      balanceAfter: balance,
      kind: "consumption" as const,
      reason: c.reason,
      actorUserId: actorId(ctx),
      idempotencyKey: c.idempotencyKey,
    };
  });
  await ctx.db.insert(creditLedgerEntries).values(rows);
  await ctx.db.update(organizations).set({ creditBalance: balance }).where(eq(organizations.id, organizationId));
  return balance;
}

/** Locks an organization's credit account for the rest of the transaction and reads it. */
export async function lockOrganizationCredits(ctx: ServiceContext, organizationId: string): Promise<{ balance: number; creditLimit: number | null }> {
  const [row] = await ctx.db
    .select({ balance: organizations.creditBalance, creditLimit: organizations.creditLimit })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .for(ACCOUNT_LOCK);
  if (!row) throw new NotFoundError("Tenant not found");
  return row;
}

/** A superadmin grants credits to an agency, recording its partner group's discount at this moment. */
export async function grantCreditsToAgency(
  ctx: ServiceContext,
  input: z.infer<typeof GrantCreditsInput> & { id: number },
): Promise<CreditLedgerEntry> {
  requireSuperadmin(ctx);
  if (input.admin_id !== undefined && input.admin_id !== input.id)
    throw new ValidationError({ admin_id: ["The admin id must match the admin in the path."] });
  return withTransaction(ctx, async (tx) => {
    const [agency] = await tx.db
      .select({ id: agencies.id, name: agencies.name, discount: partnerGroups.creditDiscountPercent })
      .from(agencies)
      .leftJoin(partnerGroups, eq(partnerGroups.id, agencies.partnerGroupId))
      .where(eq(agencies.id, input.id));
    if (!agency) throw new NotFoundError("Admin not found");
    const entry = await appendEntry(
      tx,
      { agencyId: agency.id },
      { amount: input.amount, kind: "grant", reason: input.reason, discountPercent: agency.discount ?? "0" },
    );
    await recordAudit(tx, {
      action: "credits.granted",
      ...agencyAuditTarget(agency),
      metadata: {
        amount: input.amount,
        reason: input.reason,
        discount_percent: Number(entry.discountPercent),
        balance_after: entry.balanceAfter,
        entry_id: entry.id,
      },
    });
    await notifyUsers(tx, await agencyOwnerIds(tx, agency.id), {
      type: "credits.granted",
      title: `${input.amount.toLocaleString("en-US")} credits granted`,
      body: `${agency.name} received ${input.amount} credits: ${input.reason}. Balance: ${entry.balanceAfter}.`,
      link: `/agencies/${agency.id}`,
    });
    return entry;
  });
}

const NOT_A_FUNDER = "Only the platform or the organization's agency can add credits.";

/** Who may add credits to organizations at all (the route's guard): superadmins and admins of an active agency. */
export function requireOrganizationFunder(ctx: ServiceContext): UserPrincipal {
  return requirePlatformOrAgencyAdmin(ctx, NOT_A_FUNDER);
}

/**
 * Credits for an organization: a superadmin's is a platform grant; the owning agency's admin's is a
 * transfer from the agency's balance (refused, with nothing written, when the balance is short).
 */
export async function addCreditsToOrganization(
  ctx: ServiceContext,
  input: z.infer<typeof AddCreditsInput> & { id: string },
): Promise<CreditLedgerEntry> {
  const user = requireUser(ctx);
  return withTransaction(ctx, async (tx) => {
    const org = await getOrganization(tx, { id: input.id });
    // getOrganization answered 404 to whoever may not see it; its members see it but may not fund it.
    if (!canManageOrganization(user, org)) throw new ForbiddenError(NOT_A_FUNDER);
    let entry: CreditLedgerEntry;
    if (user.isSuperadmin) {
      entry = await appendEntry(tx, { organizationId: org.id }, { amount: input.amount, kind: "grant", reason: input.reason });
    } else {
      if (org.agencyId === null || !activeAgencyIds(user).includes(org.agencyId)) throw new NotFoundError("Tenant not found");
      const transferId = randomUUID();
      // Agency first, then the organization: every transfer locks in this order, so none deadlock.
      await appendEntry(tx, { agencyId: org.agencyId }, { amount: -input.amount, kind: "transfer", reason: input.reason, transferId });
      entry = await appendEntry(tx, { organizationId: org.id }, { amount: input.amount, kind: "transfer", reason: input.reason, transferId });
    }
    await recordAudit(tx, {
      action: user.isSuperadmin ? "credits.granted" : "credits.transferred",
      ...organizationAuditTarget(org),
      metadata: { amount: input.amount, reason: input.reason, balance_after: entry.balanceAfter, entry_id: entry.id, transfer_id: entry.transferId },
    });
    await notifyUsers(tx, await organizationOwnerIds(tx, org.id), {
      type: user.isSuperadmin ? "credits.granted" : "credits.transferred",
      title: `${input.amount.toLocaleString("en-US")} credits added`,
      body: `${org.name} received ${input.amount} credits: ${input.reason}. Balance: ${entry.balanceAfter}.`,
      link: `/organizations/${org.id}`,
    });
    return entry;
  });
}

async function ledgerPage(ctx: ServiceContext, where: ReturnType<typeof eq>, query: z.infer<typeof LedgerQuery>): Promise<Page<CreditLedgerEntry>> {
  const [rows, [{ total }]] = await Promise.all([
    ctx.db.select().from(creditLedgerEntries).where(where).orderBy(desc(creditLedgerEntries.id)).limit(query.limit).offset(query.offset),
    ctx.db.select({ total: count() }).from(creditLedgerEntries).where(where),
  ]);
  return { data: rows, total, limit: query.limit, offset: query.offset };
}

/** An agency's ledger, newest first: the superadmin's and its own admins' to read. */
export async function agencyLedger(ctx: ServiceContext, input: z.infer<typeof LedgerQuery> & { id: number }): Promise<Page<CreditLedgerEntry>> {
  const agency = await getAgency(ctx, { id: input.id });
  return ledgerPage(ctx, eq(creditLedgerEntries.agencyId, agency.id), input);
}

/** An organization's ledger, newest first, for whoever may see the organization. */
export async function organizationLedger(ctx: ServiceContext, input: z.infer<typeof LedgerQuery> & { id: string }): Promise<Page<CreditLedgerEntry>> {
  const org = await getOrganization(ctx, { id: input.id });
  return ledgerPage(ctx, eq(creditLedgerEntries.organizationId, org.id), input);
}
