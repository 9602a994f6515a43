// Setting, replacing and removing an owner's domain claim. The caller has authorized the change and
// locked the owner's row; this keeps the owner's column (custom_domain, console_domain) in step.
import { randomBytes } from "node:crypto";
import { and, eq, ne } from "drizzle-orm";
import { agencies, domains, organizations, type DomainClaim, type DomainKind } from "@/db/schema";
import { agencyAuditTarget, organizationAuditTarget, recordAudit } from "@/lib/audit/record-audit";
import type { ServiceContext } from "@/lib/context";
import { config } from "@/lib/config";
import { ConflictError, ValidationError } from "@/lib/errors";
import { isUnderRootDomain } from "./resolve-host";

export type DomainOwner = { kind: "custom_domain"; organizationId: string; agencyId: number | null } | { kind: "console_domain"; agencyId: number };

export const KIND_LABEL: Record<DomainKind, string> = { custom_domain: "custom domain", console_domain: "console domain" };

function newChallengeToken(): string {
  return randomBytes(16).toString("hex");
}

function ownerWhere(owner: DomainOwner) {
  return owner.kind === "custom_domain" ? eq(domains.organizationId, owner.organizationId) : eq(domains.agencyId, owner.agencyId);
}

/** Where the owner's audit rows go: the organization's or the agency's trail. */
export function auditTargetOf(owner: DomainOwner) {
  return owner.kind === "custom_domain"
    ? organizationAuditTarget({ id: owner.organizationId, agencyId: owner.agencyId })
    : agencyAuditTarget({ id: owner.agencyId });
}

export async function currentClaim(ctx: ServiceContext, owner: DomainOwner): Promise<DomainClaim | null> {
  const [claim] = await ctx.db.select().from(domains).where(ownerWhere(owner));
  return claim ?? null;
}

/** A verified claim of the same domain by anyone else: the domain routes there, nobody else may claim it. */
export async function verifiedElsewhere(ctx: ServiceContext, domain: string, claimId: number | null): Promise<boolean> {
  const [other] = await ctx.db
    .select({ id: domains.id })
    .from(domains)
    .where(and(eq(domains.domain, domain), eq(domains.status, "verified"), claimId === null ? undefined : ne(domains.id, claimId)));
  return other !== undefined;
}

export function domainTakenError(domain: string): ConflictError {
  return new ConflictError(`The domain ${domain} is already verified by another owner.`, "domain");
}

async function mirrorOnOwner(ctx: ServiceContext, owner: DomainOwner, domain: string | null) {
  const updatedAt = new Date();
  if (owner.kind === "custom_domain")
    await ctx.db.update(organizations).set({ customDomain: domain, updatedAt }).where(eq(organizations.id, owner.organizationId));
  else await ctx.db.update(agencies).set({ consoleDomain: domain, updatedAt }).where(eq(agencies.id, owner.agencyId));
}

/**
 * Sets the owner's domain (a new pending claim with a fresh token), keeps it as it is when unchanged,
 * or removes it (null). `field` names the input field in a validation error.
 */
export async function claimDomain(ctx: ServiceContext, owner: DomainOwner, domain: string | null, field = "domain"): Promise<DomainClaim | null> {
  const current = await currentClaim(ctx, owner);
  const audit = auditTargetOf(owner);
  if (domain === null) {
    if (!current) return null;
    await ctx.db.delete(domains).where(eq(domains.id, current.id));
    await mirrorOnOwner(ctx, owner, null);
    await recordAudit(ctx, { action: "domain.removed", ...audit, metadata: { kind: owner.kind, domain: current.domain, status: current.status } });
    return null;
  }
  if (current?.domain === domain) return current;
  if (isUnderRootDomain(domain))
    throw new ValidationError({
      [field]: [`The ${KIND_LABEL[owner.kind]} must not be ${config().ROOT_DOMAIN} or one of its subdomains: those are the platform's.`],
    });
  if (await verifiedElsewhere(ctx, domain, null)) throw domainTakenError(domain);

  const fresh = {
    domain,
    status: "pending" as const,
    token: newChallengeToken(),
    failureReason: null,
    checkedAt: null,
    verifiedAt: null,
    updatedAt: new Date(),
  };
  const [claim] = current
    ? await ctx.db.update(domains).set(fresh).where(eq(domains.id, current.id)).returning()
    : await ctx.db
        .insert(domains)
        .values({
          ...fresh,
          kind: owner.kind,
          organizationId: owner.kind === "custom_domain" ? owner.organizationId : null,
          agencyId: owner.kind === "console_domain" ? owner.agencyId : null,
        })
        .returning();
  await mirrorOnOwner(ctx, owner, domain);
  await recordAudit(ctx, { action: "domain.set", ...audit, metadata: { kind: owner.kind, domain, previous: current?.domain ?? null } });
  return claim;
}
