// Agencies (the seeds' "admins"): white-label resellers that own organizations and hold credits.
import { type SQL, and, asc, count, desc, eq, getTableColumns, ilike, inArray, or, sql } from "drizzle-orm";
import { agencies, agencyMembers, organizations, partnerGroups, users, type Agency, type User } from "@/db/schema";

import { agencyAuditTarget, recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, requireSuperadmin, requireUser, withTransaction } from "@/lib/context";
import { type UserPrincipal, activeAgencyIds } from "@/lib/auth/principal";
import { ForbiddenError, InvalidStateError, NotFoundError, ValidationError } from "@/lib/errors";
import { mailAgencyOwnerInvitation } from "@/lib/mail/mails";
import { agencyOwnerIds, notifyUsers } from "@/lib/notifications/notify";
import type { Page } from "@/lib/pagination";
import { type CreateUserInput, createUser } from "@/lib/users/users";
import type { AgencyInput, AgencyUpdate, ListAgenciesQuery } from "./schemas";

type AgencyRow = Agency & { partnerGroupName: string | null; organizationsCount: number };

export function toAgencyView(a: AgencyRow) {
  return {
    id: a.id,
    name: a.name,
    contact_email: a.contactEmail,
    company_name: a.companyName,
    phone: a.phone,
    partner_group_id: a.partnerGroupId,
    partner_group_name: a.partnerGroupName,
    owner_user_id: a.ownerUserId,
    status: a.status,
    suspended_reason: a.suspendedReason,
    credit_balance: a.creditBalance,
    console_domain: a.consoleDomain,
    organizations_count: a.organizationsCount,
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
  };
}

/** Superadmins see every agency; an agency's admins see their own (suspended included); others none. */
function visibleAgencies(ctx: ServiceContext): SQL | undefined {
  const user = requireUser(ctx);
  if (user.isSuperadmin) return undefined;
  const mine = user.agencies.map((a) => a.id);
  return mine.length ? inArray(agencies.id, mine) : sql`false`;
}

/**
 * Who may use an agency's own routes (the agency, its ledger, branding and console domain) at all:
 * superadmins and the admins of some agency. A role-level guard, run by the routes before any input
 * is read; another agency than the caller's own is a 404 (visibleAgencies).
 */
export function requireAgencyAdmin(ctx: ServiceContext): UserPrincipal {
  const user = requireUser(ctx);
  if (!user.isSuperadmin && user.agencies.length === 0) throw new ForbiddenError("This action is reserved to superadmins and agency admins.");
  return user;
}

const organizationsCount = sql<number>`(select count(*) from ${organizations} o where o.agency_id = ${agencies.id})`.mapWith(Number);

function agencyQuery(ctx: ServiceContext) {
  return ctx.db
    .select({ ...getTableColumns(agencies), partnerGroupName: partnerGroups.name, organizationsCount })
    .from(agencies)
    .leftJoin(partnerGroups, eq(partnerGroups.id, agencies.partnerGroupId));
}

export async function listAgencies(ctx: ServiceContext, query: ListAgenciesQuery): Promise<Page<AgencyRow>> {
  const conditions: (SQL | undefined)[] = [visibleAgencies(ctx)];
  if (query.status) conditions.push(eq(agencies.status, query.status));
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(agencies.name, pattern), ilike(agencies.companyName, pattern), ilike(agencies.contactEmail, pattern)));
  }
  const where = and(...conditions);
  const [rows, [{ total }]] = await Promise.all([
    agencyQuery(ctx).where(where).orderBy(asc(agencies.name), desc(agencies.id)).limit(query.limit).offset(query.offset),
    ctx.db.select({ total: count() }).from(agencies).where(where),
  ]);
  return { data: rows, total, limit: query.limit, offset: query.offset };
}

/** 404 for an agency the principal may not see. */
export async function getAgency(ctx: ServiceContext, input: { id: number }): Promise<AgencyRow> {
  const [row] = await agencyQuery(ctx).where(and(eq(agencies.id, input.id), visibleAgencies(ctx)));
  if (!row) throw new NotFoundError("Admin not found");
  return row;
}

async function assertPartnerGroup(ctx: ServiceContext, id: number | null | undefined) {
  if (id == null) return;
  const [group] = await ctx.db.select({ id: partnerGroups.id }).from(partnerGroups).where(eq(partnerGroups.id, id));
  if (!group) throw new ValidationError({ partner_group_id: ["The selected partner group id is invalid."] });
}

async function lockAgency(ctx: ServiceContext, id: number): Promise<Agency> {
  // NO KEY UPDATE: as the credit account lock, so that rows referencing the agency are not held up.
  const [agency] = await ctx.db.select().from(agencies).where(eq(agencies.id, id)).for("no key update");
  if (!agency) throw new NotFoundError("Admin not found");
  return agency;
}

/**
 * Superadmins and the agency's own admins (owners and members) manage what the agency itself may
 * change (its console domain); the admins of a suspended agency see it but do not manage it.
 */
export function canManageAgency(principal: UserPrincipal, agency: Pick<Agency, "id">): boolean {
  return principal.isSuperadmin || activeAgencyIds(principal).includes(agency.id);
}

function managedAgencyQuery(ctx: ServiceContext, id: number) {
  return ctx.db
    .select()
    .from(agencies)
    .where(and(eq(agencies.id, id), visibleAgencies(ctx)));
}

/** 404 when the principal cannot see the agency, 403 when it sees but does not manage it (canManageAgency). */
function assertManagedAgency(user: UserPrincipal, agency: Agency | undefined): Agency {
  if (!agency) throw new NotFoundError("Admin not found");
  if (!canManageAgency(user, agency)) throw new ForbiddenError("The admin is suspended; it cannot be changed.");
  return agency;
}

/** The agency for those who manage it, to read what they manage; takes no lock. */
export async function getManagedAgency(ctx: ServiceContext, id: number): Promise<Agency> {
  const user = requireUser(ctx);
  const [agency] = await managedAgencyQuery(ctx, id);
  return assertManagedAgency(user, agency);
}

/** As getManagedAgency, and locks the row for a change made in the caller's transaction. */
export async function lockManagedAgency(ctx: ServiceContext, id: number): Promise<Agency> {
  const user = requireUser(ctx);
  const [agency] = await managedAgencyQuery(ctx, id).for("no key update");
  return assertManagedAgency(user, agency);
}

export async function createAgency(ctx: ServiceContext, input: AgencyInput): Promise<AgencyRow> {
  requireSuperadmin(ctx);
  return withTransaction(ctx, async (tx) => {
    await assertPartnerGroup(tx, input.partner_group_id);
    const [agency] = await tx.db
      .insert(agencies)
      .values({
        name: input.name,
        contactEmail: input.contact_email,
        companyName: input.company_name,
        phone: input.phone,
        partnerGroupId: input.partner_group_id,
      })
      .returning();
    await recordAudit(tx, { action: "agency.created", ...agencyAuditTarget(agency), metadata: { name: agency.name } });
    return getAgency(tx, { id: agency.id });
  });
}

export async function updateAgency(ctx: ServiceContext, input: AgencyUpdate & { id: number }): Promise<AgencyRow> {
  requireSuperadmin(ctx);
  return withTransaction(ctx, async (tx) => {
    const before = await lockAgency(tx, input.id);
    await assertPartnerGroup(tx, input.partner_group_id);
    const [after] = await tx.db
      .update(agencies)
      .set({
        name: input.name,
        contactEmail: input.contact_email,
        companyName: input.company_name,
        phone: input.phone,
        partnerGroupId: input.partner_group_id,
        updatedAt: new Date(),
      })
      .where(eq(agencies.id, before.id))
      .returning();
    const changes = Object.fromEntries(
      (["name", "contactEmail", "companyName", "phone", "partnerGroupId"] as const)
        .filter((k) => before[k] !== after[k])
        .map((k) => [k, { from: before[k], to: after[k] }]),
    );
    await recordAudit(tx, { action: "agency.updated", ...agencyAuditTarget(after), metadata: { changes } });
    return getAgency(tx, { id: after.id });
  });
}

/** Suspending an agency locks its admins out of the console and the API; its organizations keep running. */
export async function suspendAgency(ctx: ServiceContext, input: { id: number; reason: string }): Promise<AgencyRow> {
  requireSuperadmin(ctx);
  return withTransaction(ctx, async (tx) => {
    const agency = await lockAgency(tx, input.id);
    if (agency.status === "suspended") throw new InvalidStateError("The admin is already suspended.");
    await tx.db.update(agencies).set({ status: "suspended", suspendedReason: input.reason, updatedAt: new Date() }).where(eq(agencies.id, agency.id));
    await recordAudit(tx, { action: "agency.suspended", ...agencyAuditTarget(agency), metadata: { reason: input.reason } });
    await notifyUsers(tx, await agencyOwnerIds(tx, agency.id), {
      type: "agency.suspended",
      title: `${agency.name} was suspended`,
      body: `Its admins cannot use the console or the API until it is reactivated; its organizations keep running. Reason: ${input.reason}`,
      link: `/agencies/${agency.id}`,
    });
    return getAgency(tx, { id: agency.id });
  });
}

export async function reactivateAgency(ctx: ServiceContext, input: { id: number }): Promise<AgencyRow> {
  requireSuperadmin(ctx);
  return withTransaction(ctx, async (tx) => {
    const agency = await lockAgency(tx, input.id);
    if (agency.status === "active") throw new InvalidStateError("The admin is already active.");
    await tx.db.update(agencies).set({ status: "active", suspendedReason: null, updatedAt: new Date() }).where(eq(agencies.id, agency.id));
    await recordAudit(tx, { action: "agency.reactivated", ...agencyAuditTarget(agency) });
    await notifyUsers(tx, await agencyOwnerIds(tx, agency.id), {
      type: "agency.reactivated",
      title: `${agency.name} was reactivated`,
      body: `${agency.name} is active again.`,
      link: `/agencies/${agency.id}`,
    });
    return getAgency(tx, { id: agency.id });
  });
}

/** Makes an existing user the agency's owner (an owner member); the previous owner stays a member. */
export async function assignAgencyOwner(ctx: ServiceContext, input: { id: number; user_id: number }): Promise<AgencyRow> {
  requireSuperadmin(ctx);
  return withTransaction(ctx, async (tx) => {
    const agency = await lockAgency(tx, input.id);
    const [user] = await tx.db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, input.user_id));
    if (!user) throw new NotFoundError("User not found");
    await tx.db
      .insert(agencyMembers)
      .values({ agencyId: agency.id, userId: user.id, role: "owner" })
      .onConflictDoUpdate({ target: [agencyMembers.agencyId, agencyMembers.userId], set: { role: "owner" } });
    if (agency.ownerUserId && agency.ownerUserId !== user.id) {
      await tx.db
        .update(agencyMembers)
        .set({ role: "member" })
        .where(and(eq(agencyMembers.agencyId, agency.id), eq(agencyMembers.userId, agency.ownerUserId)));
    }
    await tx.db.update(agencies).set({ ownerUserId: user.id, updatedAt: new Date() }).where(eq(agencies.id, agency.id));
    await recordAudit(tx, {
      action: "agency.owner_assigned",
      ...agencyAuditTarget(agency),
      metadata: { user_id: user.id, email: user.email, previous_owner_user_id: agency.ownerUserId },
    });
    return getAgency(tx, { id: agency.id });
  });
}

/**
 * Creates a user and makes them the agency's owner in one transaction, so a refusal (a taken email,
 * an unknown agency) writes nothing: no user without an agency, no half-made invitation. Without a
 * password, the user's one-time set-password link is returned (once) for the superadmin to send.
 */
export async function inviteAgencyOwner(
  ctx: ServiceContext,
  input: CreateUserInput & { id: number },
): Promise<{ agency: AgencyRow; user: User; setPasswordPath: string | null }> {
  requireSuperadmin(ctx);
  const { id, ...invitee } = input;
  return withTransaction(ctx, async (tx) => {
    // The agency first: an unknown one is a 404 whatever the email. This takes no row lock, so the
    // password hashing inside createUser holds none; assignAgencyOwner locks the agency afterwards.
    await getAgency(tx, { id });
    const { user, setPasswordPath } = await createUser(tx, invitee);
    const agency = await assignAgencyOwner(tx, { id, user_id: user.id });
    await recordAudit(tx, {
      action: "agency.owner_invited",
      ...agencyAuditTarget(agency),
      metadata: { user_id: user.id, email: user.email, set_password_link: setPasswordPath !== null },
    });
    await mailAgencyOwnerInvitation(tx, { agency, user, setPasswordPath });
    return { agency, user, setPasswordPath };
  });
}
