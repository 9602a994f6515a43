// Which organizations a principal may see: every query of organizations carries this in its WHERE.
import { type SQL, and, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Organization, organizations } from "@/db/schema";
import { type Principal, type UserPrincipal, activeAgencyIds } from "@/lib/auth/principal";

export function visibleOrganizations(principal: Principal): SQL | undefined {
  if (principal.kind !== "user") return sql`false`;
  if (principal.isSuperadmin) return undefined;
  const agencyIds = activeAgencyIds(principal);
  const orgIds = principal.organizations.map((o) => o.id);
  const conditions = [
    agencyIds.length ? inArray(organizations.agencyId, agencyIds) : undefined,
    orgIds.length ? inArray(organizations.id, orgIds) : undefined,
  ].filter((c): c is SQL => c !== undefined);
  return conditions.length ? or(...conditions) : sql`false`;
}

/** One organization if this user may see it. */
export async function findVisibleOrganization(db: Db, principal: UserPrincipal, id: string): Promise<Organization | undefined> {
  const [org] = await db
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, id), visibleOrganizations(principal)));
  return org;
}
