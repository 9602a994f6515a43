// Seed 000's "Create Tenant": every field optional. The tenant is an organization made by the one
// createOrganization (its slug checked, the platform's defaults, its audit row, its website build), with
// an owner: the user the email names, within the caller's reach, or the caller.
import { randomBytes, randomInt } from "node:crypto";
import { and, eq, ne, notInArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "@/db/client";
import { agencyMembers, organizationMembers, organizations, type User } from "@/db/schema";
import type { UserPrincipal } from "@/lib/auth/principal";
import { type ServiceContext, withTransaction } from "@/lib/context";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { putOrganizationMember } from "@/lib/organizations/members";
import { requireOrganizationCreator } from "@/lib/organizations/guards";
import { createOrganization, owningAgencyFor } from "@/lib/organizations/organizations";
import { OrganizationName } from "@/lib/organizations/schemas";
import { findUserByEmail } from "@/lib/users/find-user-by-email";
import { Subdomain } from "@/lib/validation";

const EMAIL_FORMAT = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * An owner's email as Laravel's `email|exists:users,email` words a malformed one: both rules fail. A
 * well-formed email of nobody in reach is the seed's 404 "User not found", not a field error.
 */
const OwnerEmail = z
  .string()
  .trim()
  .max(255)
  .superRefine((value, ctx) => {
    if (EMAIL_FORMAT.test(value) && z.email().safeParse(value).success) return;
    ctx.addIssue({ code: "custom", message: "The email field must be a valid email address." });
    ctx.addIssue({ code: "custom", message: "The selected email is invalid." });
  });

export const CreateTenantInput = z.object({
  email: OwnerEmail.nullish(),
  name: OrganizationName.nullish(),
  subdomain: Subdomain.nullish(),
  /** Beyond the seed: the agency a superadmin creates for, or one of several an agency admin administers. */
  admin_id: z.number().int().positive().nullish(),
});
export type CreateTenantInput = z.infer<typeof CreateTenantInput>;

export const SUBDOMAIN_TAKEN = "The subdomain has already been taken.";
export const USER_NOT_FOUND = "User not found";

// A generated tenant: a pleasant name and a subdomain from it, with a random suffix.
const WORDS = ["Amber", "Cedar", "Harbor", "Maple", "Nova", "Orbit", "Pine", "River", "Summit", "Willow"];
const THINGS = ["Studio", "Works", "Collective", "Labs", "House", "Garden", "Market", "Atelier"];
const GENERATED_ATTEMPTS = 5;

function generatedName(): string {
  return `${WORDS[randomInt(WORDS.length)]} ${THINGS[randomInt(THINGS.length)]} ${randomBytes(2).toString("hex")}`;
}

const slugOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/**
 * Whether the user may own a tenant the caller creates: never a superadmin (impersonating the owner
 * would cross every tenant), and for an agency's tenant nobody who administers another agency or belongs
 * to an organization outside that agency.
 */
async function ownerInReach(ctx: ServiceContext, user: User, agencyId: number | null): Promise<boolean> {
  if (user.isSuperadmin || user.status !== "active") return false;
  if (agencyId === null) return true;
  const elsewhere = rowsOf<{ found: boolean }>(
    await ctx.db.execute(sql`select
      exists(${ctx.db
        .select({ id: agencyMembers.agencyId })
        .from(agencyMembers)
        .where(and(eq(agencyMembers.userId, user.id), ne(agencyMembers.agencyId, agencyId)))})
      or exists(${ctx.db
        .select({ id: organizationMembers.organizationId })
        .from(organizationMembers)
        .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
        .where(
          and(eq(organizationMembers.userId, user.id), or(sql`${organizations.agencyId} is null`, notInArray(organizations.agencyId, [agencyId]))),
        )})
      as found`),
  );
  return !elsewhere[0]?.found;
}

async function ownerFor(
  ctx: ServiceContext,
  user: UserPrincipal,
  email: string | null | undefined,
  agencyId: number | null,
): Promise<{ id: number; email: string }> {
  if (!email) return { id: user.userId, email: user.email };
  const owner = await findUserByEmail(ctx.db, email);
  if (!owner || !(await ownerInReach(ctx, owner, agencyId))) throw new NotFoundError(USER_NOT_FOUND);
  return owner;
}

/** Creates the tenant and its owner's membership in one transaction; its website builds after commit. */
export async function createTenant(ctx: ServiceContext, input: CreateTenantInput): Promise<{ tenant_id: string }> {
  const user = requireOrganizationCreator(ctx);
  const agencyId = await owningAgencyFor(ctx, input.admin_id);
  const owner = await ownerFor(ctx, user, input.email, agencyId);
  for (let attempt = 1; ; attempt++) {
    const name = input.name ?? generatedName();
    const slug = input.subdomain ?? `${slugOf(name).slice(0, 50)}-${randomBytes(3).toString("hex")}`;
    try {
      const org = await withTransaction(ctx, async (tx) => {
        const created = await createOrganization(tx, { name, slug, admin_id: agencyId });
        await putOrganizationMember(tx, created, owner, "owner");
        return created;
      });
      return { tenant_id: org.id };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // createOrganization's slug check (an organization's or an open registration's): a subdomain asked
      // for is the caller's to change; a generated one is tried again.
      if (input.subdomain) throw new ValidationError({ subdomain: [SUBDOMAIN_TAKEN] });
      if (attempt >= GENERATED_ATTEMPTS) throw error;
    }
  }
}
