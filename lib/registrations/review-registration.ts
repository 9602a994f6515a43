// The registration state machine: pending_approval -> approved -> active (provisioned), or -> rejected.
// Each step locks the request row, refuses impossible transitions with a 409 that says why, and is
// idempotent: repeating a step that already happened returns the same result.
import { eq } from "drizzle-orm";
import { organizationMembers, organizations, registrationRequests, users, type Organization, type RegistrationRequest } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, requireSuperadmin, withTransaction } from "@/lib/context";
import { InvalidStateError, NotFoundError, ValidationError, uniqueViolation } from "@/lib/errors";
import { mailRegistrationApproved, mailRegistrationRejected } from "@/lib/mail/mails";
import { defaultLimits, limitValues, limitsOr } from "@/lib/organizations/limits";
import { createOrganization } from "@/lib/organizations/organizations";
import { loadSettings } from "@/lib/settings/settings";
import { findUserByEmail } from "@/lib/users/find-user-by-email";
import { reportingProvisioningFailure } from "./provisioning-failure";
import type { ApproveInput } from "./schemas";
import { DESIRED_SLUG_TAKEN, ORG_SLUG_TAKEN, isSlugTaken } from "./slug-availability";

function hasOverrides(input: ApproveInput): boolean {
  return Object.values(input).some((v) => v !== undefined);
}

async function lockRequest(ctx: ServiceContext, id: number): Promise<RegistrationRequest> {
  const [request] = await ctx.db.select().from(registrationRequests).where(eq(registrationRequests.id, id)).for("update");
  if (!request) throw new NotFoundError("Registration request not found");
  return request;
}

function reviewerId(ctx: ServiceContext): number | null {
  return ctx.principal.kind === "user" ? ctx.principal.userId : null;
}

/** Approves a locked pending request; platform settings fill what the reviewer left out. */
export async function approveLocked(ctx: ServiceContext, request: RegistrationRequest, input: ApproveInput): Promise<RegistrationRequest> {
  // Approving again without changes is a no-op; with changes it amends the approval (say, a slug
  // that another tenant took meanwhile), which keeps an approved request from getting stuck.
  if (request.status === "approved" && !hasOverrides(input)) return request;
  if (request.status === "rejected") throw new InvalidStateError("This registration was rejected; a rejected request cannot be approved.");
  if (request.status === "active") throw new InvalidStateError("This registration is already provisioned.");

  const slug = input.org_slug ?? request.orgSlug ?? request.desiredOrgSlug;
  if (await isSlugTaken(ctx.db, slug, request.id)) {
    throw new ValidationError(input.org_slug ? { org_slug: [ORG_SLUG_TAKEN] } : { desired_org_slug: [DESIRED_SLUG_TAKEN] });
  }
  // A limit the reviewer leaves out keeps what an earlier approval gave it, or takes the platform's default.
  const unchanged = request.status === "approved" ? request : defaultLimits(await loadSettings(ctx.db));
  const given = {
    credit_limit: input.initial_credit_limit,
    storage_limit_gb: input.storage_limit_gb,
    max_users: input.max_users,
    bandwidth_limit_gb: input.bandwidth_limit_gb,
  };
  const [approved] = await ctx.db
    .update(registrationRequests)
    .set({
      status: "approved",
      orgName: input.org_name ?? request.orgName ?? request.desiredOrgName,
      orgSlug: slug,
      ...limitsOr(limitValues(given), unchanged),
      reviewedBy: reviewerId(ctx),
      reviewedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(eq(registrationRequests.id, request.id))
    .returning();
  await recordAudit(ctx, {
    action: "registration.approved",
    targetType: "registration_request",
    targetId: approved.id,
    metadata: {
      org_name: approved.orgName,
      org_slug: approved.orgSlug,
      credit_limit: approved.creditLimit,
      storage_limit_gb: approved.storageLimitGb,
      max_users: approved.maxUsers,
      bandwidth_limit_gb: approved.bandwidthLimitGb,
      auto: ctx.principal.kind !== "user",
    },
  });
  return approved;
}

/** Creates the owner, the organization and the membership for a locked approved request. */
interface Provisioned {
  request: RegistrationRequest;
  organizationId: string;
  organization: Organization;
}

export async function provisionLocked(ctx: ServiceContext, request: RegistrationRequest): Promise<Provisioned> {
  if (request.status === "active" && request.organizationId) {
    const [organization] = await ctx.db.select().from(organizations).where(eq(organizations.id, request.organizationId));
    if (organization) return { request, organizationId: organization.id, organization };
  }
  if (request.status === "active")
    throw new InvalidStateError("The organization of this registration no longer exists; register again to provision a new one.");
  if (request.status === "pending_approval") throw new InvalidStateError("This registration must be approved before it can be provisioned.");
  if (request.status === "rejected") throw new InvalidStateError("This registration was rejected; it cannot be provisioned.");

  const email = request.email.toLowerCase();
  const existingUser = await findUserByEmail(ctx.db, email);
  let ownerId = existingUser?.id;
  if (!ownerId) {
    const [owner] = await ctx.db
      .insert(users)
      .values({ email, name: request.contactName, passwordHash: request.passwordHash })
      .returning({ id: users.id });
    ownerId = owner.id;
    await recordAudit(ctx, {
      action: "user.created",
      targetType: "user",
      targetId: ownerId,
      metadata: { email, via: "registration", registration_id: request.id },
    });
  }
  const org = await createOrganization(
    ctx,
    { name: request.orgName ?? request.desiredOrgName, slug: request.orgSlug ?? request.desiredOrgSlug },
    {
      registration: request,
      limits: {
        credit_limit: request.creditLimit,
        storage_limit_gb: request.storageLimitGb,
        max_users: request.maxUsers,
        bandwidth_limit_gb: request.bandwidthLimitGb,
      },
    },
  );
  await ctx.db.insert(organizationMembers).values({ organizationId: org.id, userId: ownerId, role: "owner" });
  const [active] = await ctx.db
    .update(registrationRequests)
    .set({ status: "active", organizationId: org.id, updatedAt: new Date() })
    .where(eq(registrationRequests.id, request.id))
    .returning();
  await recordAudit(ctx, {
    action: "registration.provisioned",
    targetType: "registration_request",
    targetId: request.id,
    organizationId: org.id,
    metadata: { organization_id: org.id, owner_user_id: ownerId },
  });
  // Sent now rather than at approval: from this moment the registrant's sign-in works.
  await mailRegistrationApproved(ctx, active, org);
  return { request: active, organizationId: org.id, organization: org };
}

/** A slug claimed by a racing request surfaces as the same 422 as the pre-check. */
async function withSlugRace<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (uniqueViolation(err) === "registration_requests_open_slug_key") throw new ValidationError({ org_slug: [ORG_SLUG_TAKEN] });
    throw err;
  }
}

export async function approveRegistration(ctx: ServiceContext, input: ApproveInput & { id: number }): Promise<RegistrationRequest> {
  requireSuperadmin(ctx);
  const { id, ...changes } = input;
  return withSlugRace(() => withTransaction(ctx, async (tx) => approveLocked(tx, await lockRequest(tx, id), changes)));
}

export async function rejectRegistration(ctx: ServiceContext, input: { id: number; reason: string }): Promise<RegistrationRequest> {
  requireSuperadmin(ctx);
  return withTransaction(ctx, async (tx) => {
    const request = await lockRequest(tx, input.id);
    if (request.status === "rejected") return request;
    if (request.status === "active")
      throw new InvalidStateError("This registration is already provisioned; suspend or cancel its organization instead.");
    const [rejected] = await tx.db
      .update(registrationRequests)
      .set({ status: "rejected", rejectionReason: input.reason, reviewedBy: reviewerId(tx), reviewedAt: new Date(), updatedAt: new Date() })
      .where(eq(registrationRequests.id, request.id))
      .returning();
    await recordAudit(tx, {
      action: "registration.rejected",
      targetType: "registration_request",
      targetId: rejected.id,
      metadata: { reason: input.reason, previous_status: request.status },
    });
    await mailRegistrationRejected(tx, rejected);
    return rejected;
  });
}

export async function provisionRegistration(ctx: ServiceContext, input: { id: number }): Promise<Provisioned> {
  requireSuperadmin(ctx);
  return reportingProvisioningFailure(ctx, input.id, () =>
    withSlugRace(() => withTransaction(ctx, async (tx) => provisionLocked(tx, await lockRequest(tx, input.id)))),
  );
}
