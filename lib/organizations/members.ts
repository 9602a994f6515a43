// Organization membership: the superadmin adds an existing user to an organization as its owner or a
// member (the way assign-owner does for agencies), so that clients of an agency can sign in to it.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { organizationMembers, organizations, users } from "@/db/schema";
import { organizationAuditTarget, recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, requireSuperadmin, withTransaction } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { SerialId } from "@/lib/validation";

export const AddMemberInput = z.object({ user_id: SerialId, role: z.enum(["owner", "member"]).default("member") });
export type AddMemberInput = z.infer<typeof AddMemberInput>;

export const MemberView = z.object({ organization_id: z.string(), user_id: z.number().int(), email: z.string(), role: z.enum(["owner", "member"]) });

/** Adds the user, or changes their role when they are a member already. */
export async function addOrganizationMember(ctx: ServiceContext, input: AddMemberInput & { id: string }): Promise<z.infer<typeof MemberView>> {
  requireSuperadmin(ctx);
  return withTransaction(ctx, async (tx) => {
    const [org] = await tx.db
      .select({ id: organizations.id, agencyId: organizations.agencyId })
      .from(organizations)
      .where(eq(organizations.id, input.id));
    if (!org) throw new NotFoundError("Tenant not found");
    const [user] = await tx.db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, input.user_id));
    if (!user) throw new NotFoundError("User not found");
    return putOrganizationMember(tx, org, user, input.role);
  });
}

/**
 * Makes the user a member in that role (or changes their role), with its audit row, in the caller's
 * transaction: for callers that decided already who may.
 */
export async function putOrganizationMember(
  tx: ServiceContext,
  org: { id: string; agencyId: number | null },
  user: { id: number; email: string },
  role: "owner" | "member",
): Promise<z.infer<typeof MemberView>> {
  await tx.db
    .insert(organizationMembers)
    .values({ organizationId: org.id, userId: user.id, role })
    .onConflictDoUpdate({ target: [organizationMembers.organizationId, organizationMembers.userId], set: { role } });
  await recordAudit(tx, {
    action: "organization.member_added",
    ...organizationAuditTarget(org),
    metadata: { user_id: user.id, email: user.email, role },
  });
  return { organization_id: org.id, user_id: user.id, email: user.email, role };
}
