// Organizations (tenants): creating, listing and reading them within the principal's scope.
import { type SQL, and, desc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { agencies, organizations, websites, type Organization, type RegistrationRequest } from "@/db/schema";
import { type UserPrincipal, activeAgencyIds } from "@/lib/auth/principal";
import { organizationAuditTarget, recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, requireUser, withTransaction } from "@/lib/context";
import { ConflictError, ForbiddenError, InvalidStateError, NotFoundError, ValidationError, uniqueViolation } from "@/lib/errors";
import { countFromListCounts } from "@/lib/list-counts";
import { type Page, newestFirstPage } from "@/lib/pagination";
import { isSlugTaken } from "@/lib/registrations/slug-availability";
import { loadSettings } from "@/lib/settings/settings";
import { startWebsiteBuild } from "@/lib/websites/start-build";
import type { CreateOrganizationInput, LimitsInput, ListOrganizationsQuery, WebsiteBuildState } from "./schemas";
import { defaultLimits, limitValues, limitsOr } from "./limits";
import { findVisibleOrganization, visibleOrganizations } from "./scope";

const SLUG_TAKEN = "Tenant slug already exists";

/** The agency a new organization belongs to: null for the platform's own. */
export async function owningAgencyFor(ctx: ServiceContext, requested: number | null | undefined): Promise<number | null> {
  const user = requireUser(ctx);
  if (user.isSuperadmin) {
    if (requested == null) return null;
    const [agency] = await ctx.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, requested));
    if (!agency) throw new ValidationError({ admin_id: ["The selected admin id is invalid."] });
    return agency.id;
  }
  const mine = activeAgencyIds(user);
  if (mine.length === 0) throw new ForbiddenError("You are not allowed to create organizations.");
  if (requested != null) {
    if (!mine.includes(requested)) throw new ValidationError({ admin_id: ["The selected admin id is invalid."] });
    return requested;
  }
  if (mine.length > 1) throw new ValidationError({ admin_id: ["The admin id field is required when you administer several agencies."] });
  return mine[0];
}

/**
 * Who may create this organization, and for which agency. A user creates within their reach; the
 * provisioning of an approved registration creates the platform's own organization on the strength of
 * that approval (a superadmin's, or the platform's auto-approval), whoever carries it out.
 */
async function authorizeCreation(ctx: ServiceContext, input: CreateOrganizationInput, registration?: RegistrationRequest): Promise<number | null> {
  if (!registration) return owningAgencyFor(ctx, input.admin_id);
  if (registration.status !== "approved") throw new InvalidStateError("Only an approved registration can be provisioned.");
  return null;
}

export interface CreateOptions {
  /** Limits that replace the platform's defaults (null: unlimited); those left out take the defaults. */
  limits?: LimitsInput;
  /** The approved registration this organization provisions: its claim on the slug is this creation's. */
  registration?: RegistrationRequest;
}

/**
 * Creates an organization: the one way every surface makes a tenant. Checks who may, checks the slug
 * (held by no organization and claimed by no other open registration), applies the platform's default
 * limits, and writes the row, its audit row and its website build's job in one transaction. A taken slug is a ConflictError
 * however a race between two creations ends.
 */
export async function createOrganization(ctx: ServiceContext, input: CreateOrganizationInput, options: CreateOptions = {}): Promise<Organization> {
  const agencyId = await authorizeCreation(ctx, input, options.registration);
  return withSlugConflict(() =>
    withTransaction(ctx, async (tx) => {
      if (await isSlugTaken(tx.db, input.slug, options.registration?.id)) throw new ConflictError(SLUG_TAKEN, "slug");
      const defaults = defaultLimits(await loadSettings(tx.db));
      const [org] = await tx.db
        .insert(organizations)
        .values({
          name: input.name,
          slug: input.slug,
          agencyId,
          status: "active",
          ...limitsOr(limitValues(options.limits ?? {}), defaults),
        })
        .returning();
      await recordAudit(tx, {
        action: "organization.created",
        ...organizationAuditTarget(org),
        metadata: { name: org.name, slug: org.slug },
      });
      // Every tenant gets its own schema and site: the build job is queued with the row, and runs after commit.
      await startWebsiteBuild(tx, org.id);
      return org;
    }),
  );
}

/** Runs fn, turning the database's verdict on a duplicate slug into the same 409 as the pre-check. */
async function withSlugConflict<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (uniqueViolation(err) === "organizations_slug_key") throw new ConflictError(SLUG_TAKEN, "slug");
    throw err;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// ASCII characters a slug cannot hold (it is a-z, 0-9 and hyphens: organizations_slug_chars). Other
// characters may case-fold to an ASCII letter under ILIKE (the Kelvin sign to k), so only ASCII decides.
const NOT_IN_ANY_SLUG = /[\x00-\x2c\x2e\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/;

/**
 * Whether a search text may occur in some slug. A search for "harbor bakery" cannot (the space): leaving
 * the slug out spares a trigram index scan that finds the same candidates as the name's, then discards them.
 */
export function slugMayContain(q: string): boolean {
  return !NOT_IN_ANY_SLUG.test(q);
}

/** The list's filter as one condition, within what the principal may see. */
function listConditions(ctx: ServiceContext, query: ListOrganizationsQuery): SQL | undefined {
  const conditions: (SQL | undefined)[] = [visibleOrganizations(ctx.principal)];
  if (query.status) conditions.push(eq(organizations.status, query.status));
  if (query.website) conditions.push(hasWebsiteIn(query.website));
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    conditions.push(
      slugMayContain(query.q) ? or(ilike(organizations.name, pattern), ilike(organizations.slug, pattern)) : ilike(organizations.name, pattern),
    );
  }
  return and(...conditions);
}

/** The organizations whose website build is in that state (websites_progress_idx finds them). */
function hasWebsiteIn(state: WebsiteBuildState): SQL {
  const progress = state === "building" ? sql`${websites.buildingProgress} < 100` : sql`${websites.buildingProgress} > 100`;
  return sql`exists (select from ${websites} where ${websites.organizationId} = ${organizations.id} and ${progress})`;
}

/** How many of the organizations the principal sees have a build under way, and how many a failed one. */
export async function websiteBuildCounts(ctx: ServiceContext): Promise<Record<WebsiteBuildState, number>> {
  requireUser(ctx);
  const [row] = await ctx.db
    .select({
      building: sql<number>`count(*) filter (where ${websites.buildingProgress} < 100)::int`,
      failed: sql<number>`count(*) filter (where ${websites.buildingProgress} > 100)::int`,
    })
    .from(websites)
    .innerJoin(organizations, eq(organizations.id, websites.organizationId))
    .where(and(sql`${websites.buildingProgress} <> 100`, visibleOrganizations(ctx.principal)));
  return { building: row?.building ?? 0, failed: row?.failed ?? 0 };
}

/** Newest first, within what the principal may see: the one list every surface and the console show. */
export async function listOrganizations(ctx: ServiceContext, query: ListOrganizationsQuery): Promise<Page<Organization>> {
  requireUser(ctx);
  const where = listConditions(ctx, query);
  if (query.q) return searchOrganizations(ctx, query, where);
  return newestFirstPage(ctx.db, organizations, where, await organizationsTotal(ctx, query, where), query);
}

/**
 * A search's page and total from one scan: the matches are found once (the trigram indexes' bitmap
 * scan), then counted and sorted. Run as two statements (page, then total) the page's planner would
 * walk the created_at index backwards testing every name against the pattern, and the count would
 * scan the matches again.
 */
async function searchOrganizations(ctx: ServiceContext, query: ListOrganizationsQuery, where: SQL | undefined): Promise<Page<Organization>> {
  const found = rowsOf<{ id: string | null; total: number }>(
    await ctx.db.execute(sql`
      with matches as materialized (
        select ${organizations.id} as id, ${organizations.createdAt} as created_at from ${organizations} where ${where ?? sql`true`}
      )
      select p.id, c.total
      from (select count(*)::int as total from matches) c
      left join lateral (
        select id, created_at from matches order by created_at desc, id desc limit ${query.limit} offset ${query.offset}
      ) p on true
      order by p.created_at desc, p.id desc`),
  );
  const ids = found.flatMap((r) => (r.id ? [r.id] : []));
  const rows = ids.length
    ? await ctx.db.select().from(organizations).where(inArray(organizations.id, ids)).orderBy(desc(organizations.createdAt), desc(organizations.id))
    : [];
  return { data: rows, total: Number(found[0]?.total ?? 0), limit: query.limit, offset: query.offset };
}

/**
 * The names of the agencies owning these organizations, by agency id: one query for a page of the
 * list. Scoped like the organizations themselves, so a name shows only beside a visible organization.
 */
export async function owningAgencyNames(ctx: ServiceContext, organizationIds: string[]): Promise<Map<number, string>> {
  requireUser(ctx);
  if (organizationIds.length === 0) return new Map();
  const rows = await ctx.db
    .selectDistinct({ id: agencies.id, name: agencies.name })
    .from(organizations)
    .innerJoin(agencies, eq(agencies.id, organizations.agencyId))
    .where(and(inArray(organizations.id, organizationIds), visibleOrganizations(ctx.principal)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The list's total: from list_counts for a superadmin or an agency admin (whose lists are the big ones),
 * counted for an organization's members (a handful of rows) and for a build state.
 */
async function organizationsTotal(ctx: ServiceContext, query: ListOrganizationsQuery, where: SQL | undefined): Promise<number> {
  const p = ctx.principal;
  // list_counts keeps owner and status; a build state is counted, among the few rows not built.
  if (p.kind === "user" && !query.website) {
    if (p.isSuperadmin) return countFromListCounts(ctx.db, "organizations", { status: query.status });
    if (p.organizations.length === 0) return countFromListCounts(ctx.db, "organizations", { owners: activeAgencyIds(p), status: query.status });
  }
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(organizations)
    .where(where);
  return row.n;
}

/** Superadmins and the admins of the owning agency manage an organization; its members only use it. */
export function canManageOrganization(principal: UserPrincipal, org: Pick<Organization, "agencyId">): boolean {
  return principal.isSuperadmin || (org.agencyId !== null && activeAgencyIds(principal).includes(org.agencyId));
}

/** Members of a suspended or cancelled organization are locked out of it; its managers are not. */
function assertUsable(principal: UserPrincipal, org: Organization) {
  if (org.status === "suspended" && !canManageOrganization(principal, org))
    throw new ForbiddenError(
      `This organization is suspended${org.statusReason ? ` (${org.statusReason})` : ""}. Contact your administrator to restore access.`,
    );
  if (org.status === "cancelled" && !canManageOrganization(principal, org)) throw new ForbiddenError("This organization has been cancelled.");
}

/** 404 for what the principal may not see, so ids cannot be probed. */
export async function getOrganization(ctx: ServiceContext, input: { id: string }): Promise<Organization> {
  const user = requireUser(ctx);
  const org = await findVisibleOrganization(ctx.db, user, input.id);
  if (!org) throw new NotFoundError("Tenant not found");
  assertUsable(user, org);
  return org;
}

/**
 * The organization the signed-in user belongs to: the oldest membership that is usable, so that a
 * suspended organization does not hide an active one; when none is usable, why the first is not.
 */
export async function myOrganization(ctx: ServiceContext): Promise<Organization> {
  const user = requireUser(ctx);
  if (user.organizations.length === 0) throw new NotFoundError("You are not a member of any organization.");
  let firstRefusal: unknown;
  for (const membership of user.organizations) {
    try {
      return await getOrganization(ctx, { id: membership.id });
    } catch (err) {
      firstRefusal ??= err;
    }
  }
  throw firstRefusal;
}
