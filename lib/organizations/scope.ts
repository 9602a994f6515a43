// Which organizations a principal may see: every query of organizations carries this in its WHERE.
import { type SQL, and, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { idArray, prepared } from "@/db/prepared";
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

/**
 * visibleOrganizations for prepared statements: the principal's scope as parameters (visibilityParams),
 * so one statement serves every principal. PostgreSQL plans each execution with the values in, so a
 * superadmin's `true or ...` folds away and the plan is the one without a condition.
 */
export const visibleOrganizationsParam = () =>
  or(
    sql`${sql.placeholder("all")}::boolean`,
    sql`${organizations.agencyId} = any(${sql.placeholder("agencies")}::int[])`,
    sql`${organizations.id} = any(${sql.placeholder("members")}::uuid[])`,
  );

export function visibilityParams(principal: UserPrincipal) {
  return {
    all: principal.isSuperadmin,
    agencies: idArray(principal.isSuperadmin ? [] : activeAgencyIds(principal)),
    members: idArray(principal.isSuperadmin ? [] : principal.organizations.map((o) => o.id)),
  };
}

const visibleById = (db: Db) =>
  db
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, sql.placeholder("id")), visibleOrganizationsParam()))
    .prepare("visible_organization_by_id");

/** One organization if this user may see it: the hot path's prepared form of visibleOrganizations. */
export async function findVisibleOrganization(db: Db, principal: UserPrincipal, id: string): Promise<Organization | undefined> {
  const [org] = await prepared(db, "visible_organization_by_id", visibleById).execute({ id, ...visibilityParams(principal) });
  return org;
}
