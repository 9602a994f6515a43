// Changing an organization: details, plugins, limits and status. Superadmins and the owning agency only.
import { and, eq } from "drizzle-orm";
import { organizations, type Organization } from "@/db/schema";
import { organizationAuditTarget, recordAudit } from "@/lib/audit/record-audit";
import type { UserPrincipal } from "@/lib/auth/principal";
import { type ServiceContext, requireUser, withTransaction } from "@/lib/context";
import { claimDomain } from "@/lib/domains/claims";
import { ForbiddenError, InvalidStateError, NotFoundError } from "@/lib/errors";
import { notifyUsers, organizationOwnerIds } from "@/lib/notifications/notify";
import { assertCatalogKeys } from "@/lib/plugins/plugins";
import type { LimitsInput, SetStatusInput, UpdateOrganizationInput } from "./schemas";
import { LIMIT_KEYS, limitValues } from "./limits";
import { canManageOrganization } from "./organizations";
import { findVisibleOrganization, visibleOrganizations } from "./scope";

/** 404 when the principal cannot see the organization, 403 when it sees but does not manage it (canManageOrganization). */
function assertManagedOrganization(user: UserPrincipal, org: Organization | undefined): Organization {
  if (!org) throw new NotFoundError("Tenant not found");
  if (!canManageOrganization(user, org)) throw new ForbiddenError("Only the platform or the organization's agency can change it.");
  return org;
}

/** The organization for those who manage it, to read what they manage; takes no lock. */
export async function getManagedOrganization(ctx: ServiceContext, id: string): Promise<Organization> {
  const user = requireUser(ctx);
  return assertManagedOrganization(user, await findVisibleOrganization(ctx.db, user, id));
}

/** As getManagedOrganization, and locks the row for a change made in the caller's transaction. */
export async function lockManagedOrganization(ctx: ServiceContext, id: string): Promise<Organization> {
  const user = requireUser(ctx);
  // NO KEY UPDATE, like the credit account lock: changes here touch no key, and the foreign-key
  // checks of rows that reference the organization (usage, mail, members) must not wait on it.
  const [org] = await ctx.db
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, id), visibleOrganizations(user)))
    .for("no key update");
  return assertManagedOrganization(user, org);
}

function changedFields(before: Organization, after: Organization, keys: (keyof Organization)[]) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of keys) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}

export async function updateOrganization(ctx: ServiceContext, input: UpdateOrganizationInput & { id: string }): Promise<Organization> {
  return withTransaction(ctx, async (tx) => {
    const before = await lockManagedOrganization(tx, input.id);
    const enabledPlugins = input.enabled_plugins === undefined ? undefined : await assertCatalogKeys(tx.db, input.enabled_plugins);
    // A new custom domain is a pending claim: it routes once its TXT record is verified.
    if (input.custom_domain !== undefined)
      await claimDomain(tx, { kind: "custom_domain", organizationId: before.id, agencyId: before.agencyId }, input.custom_domain, "custom_domain");
    const [after] = await tx.db
      .update(organizations)
      .set({ name: input.name, enabledPlugins, ...limitValues(input), updatedAt: new Date() })
      .where(eq(organizations.id, before.id))
      .returning();
    const changes = changedFields(before, after, ["name", "customDomain", "enabledPlugins", ...LIMIT_KEYS]);
    await recordAudit(tx, { action: "organization.updated", ...organizationAuditTarget(after), metadata: { changes } });
    return after;
  });
}

export async function updateOrganizationLimits(ctx: ServiceContext, input: LimitsInput & { id: string }): Promise<Organization> {
  return withTransaction(ctx, async (tx) => {
    const before = await lockManagedOrganization(tx, input.id);
    const [after] = await tx.db
      .update(organizations)
      .set({ ...limitValues(input), updatedAt: new Date() })
      .where(eq(organizations.id, before.id))
      .returning();
    await recordAudit(tx, {
      action: "organization.limits_updated",
      ...organizationAuditTarget(after),
      metadata: { changes: changedFields(before, after, [...LIMIT_KEYS]) },
    });
    return after;
  });
}

export async function setOrganizationCreditLimit(ctx: ServiceContext, input: { id: string; credit_limit: number | null }): Promise<Organization> {
  return withTransaction(ctx, async (tx) => {
    const before = await lockManagedOrganization(tx, input.id);
    const [after] = await tx.db
      .update(organizations)
      .set({ creditLimit: input.credit_limit, updatedAt: new Date() })
      .where(eq(organizations.id, before.id))
      .returning();
    await recordAudit(tx, {
      action: "organization.credit_limit_updated",
      ...organizationAuditTarget(after),
      metadata: { from: before.creditLimit, to: after.creditLimit },
    });
    return after;
  });
}

const STATUS_ACTIONS = { active: "organization.reactivated", suspended: "organization.suspended", cancelled: "organization.cancelled" } as const;

export async function setOrganizationStatus(ctx: ServiceContext, input: SetStatusInput & { id: string }): Promise<Organization> {
  return withTransaction(ctx, async (tx) => {
    const before = await lockManagedOrganization(tx, input.id);
    if (before.status === input.status) throw new InvalidStateError(`The organization is already ${input.status}.`);
    if (before.status === "provisioning")
      throw new InvalidStateError("The organization is still being provisioned; change its status when provisioning has finished.");
    const [after] = await tx.db
      .update(organizations)
      .set({ status: input.status, statusReason: input.status === "active" ? null : (input.reason ?? null), updatedAt: new Date() })
      .where(eq(organizations.id, before.id))
      .returning();
    await recordAudit(tx, {
      action: STATUS_ACTIONS[input.status],
      ...organizationAuditTarget(after),
      metadata: { from: before.status, to: after.status, reason: input.reason ?? null },
    });
    const verb = { active: "reactivated", suspended: "suspended", cancelled: "cancelled" }[input.status];
    await notifyUsers(tx, await organizationOwnerIds(tx, after.id), {
      type: `organization.${verb}`,
      title: `${after.name} was ${verb}`,
      body: input.reason ? `Reason: ${input.reason}` : `The organization ${after.name} was ${verb}.`,
      link: `/organizations/${after.id}`,
    });
    return after;
  });
}
