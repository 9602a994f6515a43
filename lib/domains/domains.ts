// Domain verification as services: an organization's custom domain and an agency's console domain,
// each managed by superadmins and the owning agency's admins. Setting one makes a pending claim; verify
// checks its TXT record and moves it to verified or failed. Only verified claims route (resolve-host.ts).
import { and, eq } from "drizzle-orm";
import { domains, type DomainClaim } from "@/db/schema";
import { getManagedAgency, lockManagedAgency } from "@/lib/agencies/agencies";
import { recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, withTransaction } from "@/lib/context";
import { NotFoundError, uniqueViolation } from "@/lib/errors";
import { getManagedOrganization, lockManagedOrganization } from "@/lib/organizations/manage-organization";
import { type DomainOwner, KIND_LABEL, auditTargetOf, claimDomain, currentClaim, domainTakenError, verifiedElsewhere } from "./claims";
import { type ChallengeResult, checkChallenge } from "./dns-challenge";

/** Whose domain: an organization's custom domain or an agency's console domain. */
export type DomainOwnerRef = { organizationId: string } | { agencyId: number };

const TAKEN_REASON = "The domain is already verified by another owner.";

/** Reading an owner's claim takes no lock; changing it locks the owner's row, so changes of one claim queue up. */
type Access = "read" | "change";

const ORGANIZATION_BY_ACCESS = { read: getManagedOrganization, change: lockManagedOrganization };
const AGENCY_BY_ACCESS = { read: getManagedAgency, change: lockManagedAgency };

/**
 * Authorizes the principal for the owner (404 unseen, 403 seen but not managed). For a change, also locks
 * the owner's row in the caller's transaction; a read must not wait for a change of that row (a credit
 * transfer holds the agency's), nor hold one up.
 */
async function ownerFor(ctx: ServiceContext, ref: DomainOwnerRef, access: Access): Promise<DomainOwner> {
  if ("organizationId" in ref) {
    const org = await ORGANIZATION_BY_ACCESS[access](ctx, ref.organizationId);
    return { kind: "custom_domain", organizationId: org.id, agencyId: org.agencyId };
  }
  const agency = await AGENCY_BY_ACCESS[access](ctx, ref.agencyId);
  return { kind: "console_domain", agencyId: agency.id };
}

async function requireClaim(ctx: ServiceContext, owner: DomainOwner): Promise<DomainClaim> {
  const claim = await currentClaim(ctx, owner);
  if (!claim) throw new NotFoundError(`No ${KIND_LABEL[owner.kind]} is set.`);
  return claim;
}

/** The owner's claim, or null when it has set no domain (the console shows a form then). */
export async function findDomain(ctx: ServiceContext, ref: DomainOwnerRef): Promise<DomainClaim | null> {
  return currentClaim(ctx, await ownerFor(ctx, ref, "read"));
}

/** The owner's claim; 404 when it has set no domain. */
export async function getDomain(ctx: ServiceContext, ref: DomainOwnerRef): Promise<DomainClaim> {
  return requireClaim(ctx, await ownerFor(ctx, ref, "read"));
}

/** Sets or replaces the domain: a new pending claim with a fresh token (unchanged when it is the same domain). */
export async function setDomain(ctx: ServiceContext, input: DomainOwnerRef & { domain: string }): Promise<DomainClaim> {
  return withTransaction(ctx, async (tx) => (await claimDomain(tx, await ownerFor(tx, input, "change"), input.domain))!);
}

export async function removeDomain(ctx: ServiceContext, ref: DomainOwnerRef): Promise<void> {
  await withTransaction(ctx, async (tx) => {
    const owner = await ownerFor(tx, ref, "change");
    await requireClaim(tx, owner);
    await claimDomain(tx, owner, null);
  });
}

async function recordCheck(ctx: ServiceContext, owner: DomainOwner, claim: DomainClaim, result: ChallengeResult): Promise<DomainClaim> {
  const now = new Date();
  const [after] = await ctx.db
    .update(domains)
    .set(
      result.ok
        ? { status: "verified", failureReason: null, checkedAt: now, verifiedAt: now, updatedAt: now }
        : { status: "failed", failureReason: result.reason, checkedAt: now, updatedAt: now },
    )
    .where(eq(domains.id, claim.id))
    .returning();
  await recordAudit(ctx, {
    action: result.ok ? "domain.verified" : "domain.verification_failed",
    ...auditTargetOf(owner),
    metadata: { kind: owner.kind, domain: claim.domain, ...(result.ok ? {} : { reason: result.reason }) },
  });
  return after;
}

/** Applies a check's outcome to the claim that was checked; a claim replaced meanwhile is returned as it is. */
async function applyCheck(ctx: ServiceContext, ref: DomainOwnerRef, checked: DomainClaim, result: ChallengeResult): Promise<DomainClaim> {
  return withTransaction(ctx, async (tx) => {
    const owner = await ownerFor(tx, ref, "change");
    const [claim] = await tx.db
      .select()
      .from(domains)
      .where(and(eq(domains.id, checked.id), eq(domains.token, checked.token)))
      .for("update");
    if (!claim) return requireClaim(tx, owner);
    const taken = result.ok && (await verifiedElsewhere(tx, claim.domain, claim.id));
    return recordCheck(tx, owner, claim, taken ? { ok: false, reason: TAKEN_REASON } : result);
  });
}

/**
 * Checks the TXT record and records the outcome: verified, or failed with the reason (200 either way).
 * The DNS lookup runs outside any transaction, so no row stays locked while a resolver answers. A
 * domain verified by another owner first is a 409 (the claim is marked failed), enforced by the
 * unique index of verified domains when two verifications race.
 */
export async function verifyDomain(ctx: ServiceContext, ref: DomainOwnerRef): Promise<DomainClaim> {
  // A read: applyCheck locks the owner and re-reads the claim (by id and token) before it writes.
  const checked = await requireClaim(ctx, await ownerFor(ctx, ref, "read"));
  if (checked.status === "verified") return checked;
  const result = await checkChallenge(checked.domain, checked.token);
  const after = await applyCheck(ctx, ref, checked, result).catch((err: unknown) => {
    if (uniqueViolation(err) !== "domains_verified_domain_key") throw err;
    return applyCheck(ctx, ref, checked, { ok: false, reason: TAKEN_REASON });
  });
  if (after.status === "failed" && after.failureReason === TAKEN_REASON) throw domainTakenError(after.domain);
  return after;
}
