// Organizations (tenants): creating, listing and reading them within the principal's scope.
import { randomUUID } from "node:crypto";
import { type SQL, and, desc, eq, getTableColumns, ilike, inArray, or, sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { insertSelect } from "@/db/insert-select";
import { prepared } from "@/db/prepared";
import { agencies, auditLogs, organizations, platformSettings, type NewOrganization, type Organization } from "@/db/schema";
import { type UserPrincipal, activeAgencyIds } from "@/lib/auth/principal";
import { AUDIT_ROW_KEYS, type AuditEntry, auditRow, recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, requireUser, withTransaction } from "@/lib/context";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, uniqueViolation } from "@/lib/errors";
import { listCountsTotalSql } from "@/lib/list-counts";
import type { Page } from "@/lib/pagination";
import { newestFirstPageJson, pageDataSql, pageJsonText } from "@/lib/page-json";
import { isSlugTaken, registrationsClaimingSlug } from "@/lib/registrations/slug-availability";
import { loadSettings } from "@/lib/settings/settings";
import type { CreateOrganizationInput, ListOrganizationsQuery } from "./schemas";
import { organizationViewSql, tenantV1DetailSql } from "./views";
import { findVisibleOrganization, visibleOrganizations } from "./scope";

export const SLUG_TAKEN = "Tenant slug already exists";

/** The agency a new organization belongs to: null for the platform's own. */
async function owningAgencyFor(ctx: ServiceContext, requested: number | null | undefined): Promise<number | null> {
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

/** The audit entry of an organization's creation, the same on every path. */
function createdEntry(org: Pick<Organization, "id" | "name" | "slug" | "agencyId">): AuditEntry {
  return {
    action: "organization.created",
    targetType: "organization",
    targetId: org.id,
    organizationId: org.id,
    agencyId: org.agencyId,
    metadata: { name: org.name, slug: org.slug },
  };
}

/**
 * Inserts an organization inside the caller's transaction: the one way every surface creates a
 * tenant. A taken slug is a ConflictError however the race between two creations ends.
 */
export async function insertOrganization(ctx: ServiceContext, values: NewOrganization, options: { forRegistrationId?: number } = {}): Promise<Organization> {
  // A slug held by an open registration is taken too, except for that registration's own provisioning.
  if (await isSlugTaken(ctx.db, values.slug, options.forRegistrationId)) throw new ConflictError(SLUG_TAKEN, "slug");
  const [org] = await ctx.db.insert(organizations).values(values).returning();
  await recordAudit(ctx, createdEntry(org));
  return org;
}

/** Runs fn, turning the database's verdict on a duplicate slug into the same 409 as the pre-check. */
export async function withSlugConflict<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (uniqueViolation(err) === "organizations_slug_key") throw new ConflictError(SLUG_TAKEN, "slug");
    throw err;
  }
}

type CreatedValues = Pick<Organization, "name" | "slug" | "agencyId" | "status">;

export async function createOrganization(ctx: ServiceContext, input: CreateOrganizationInput): Promise<Organization> {
  const agencyId = await owningAgencyFor(ctx, input.admin_id);
  const values: CreatedValues = { name: input.name, slug: input.slug, agencyId, status: "active" };
  return withSlugConflict(async () => (!ctx.inTransaction && (await createInOneStatement(ctx, values))) || createInTransaction(ctx, values));
}

/** The general path: the platform's default limits read, the slug checked, the row and its audit written. */
function createInTransaction(ctx: ServiceContext, values: CreatedValues): Promise<Organization> {
  return withTransaction(ctx, async (tx) => {
    const settings = await loadSettings(tx.db);
    return insertOrganization(tx, {
      ...values,
      creditLimit: settings.defaultCreditLimit,
      storageLimitGb: settings.defaultStorageLimitGb,
      maxUsers: settings.defaultMaxUsers,
      bandwidthLimitGb: settings.defaultBandwidthLimitGb,
    });
  });
}

/**
 * The common case, the API's busiest write, as one statement: the row with the platform's default limits,
 * inserted only when no open registration claims the slug, and its audit row, inserted only with it. A
 * statement is its own transaction, so this is one round trip instead of six (BEGIN, settings, slug
 * check, insert, audit, COMMIT), and the audit chain's head (locked by each audit insert until the
 * commit) is held for the statement's last microseconds rather than across round trips. The id is
 * chosen here so that the audit row is known before the statement runs.
 *
 * Null when nothing was inserted (a registration claims the slug, or the settings row is gone): the
 * general path then says why, or recreates the settings and creates the organization.
 */
async function createInOneStatement(ctx: ServiceContext, values: CreatedValues): Promise<Organization | null> {
  const org = { ...values, id: randomUUID() };
  const audit = auditRow(ctx, createdEntry(org));
  const auditValues = Object.fromEntries(AUDIT_ROW_KEYS.map((key) => [`audit.${key}`, audit[key]]));
  const [row] = await prepared(ctx.db, "create_organization", createStatement).execute({ ...org, ...auditValues });
  return row ?? null;
}

// Prepared once per database (db/prepared.ts): building it costs more CPU than PostgreSQL spends running it.
function createStatement(db: Db) {
  const settings = platformSettings;
  const created = db.$with("created", getTableColumns(organizations)).as(
    sql`${insertSelect(
      organizations,
      {
        id: sql.placeholder("id"),
        name: sql.placeholder("name"),
        slug: sql.placeholder("slug"),
        agencyId: sql.placeholder("agencyId"),
        status: sql.placeholder("status"),
        creditLimit: sql`${settings.defaultCreditLimit}`,
        storageLimitGb: sql`${settings.defaultStorageLimitGb}`,
        maxUsers: sql`${settings.defaultMaxUsers}`,
        bandwidthLimitGb: sql`${settings.defaultBandwidthLimitGb}`,
      },
      sql`${settings} where ${settings.id} = 1 and not exists(${registrationsClaimingSlug(db, sql.placeholder("slug"))})`,
    )} returning *`,
  );
  const auditPlaceholders = Object.fromEntries(AUDIT_ROW_KEYS.map((key) => [key, sql.placeholder(`audit.${key}`)]));
  const audited = db.$with("audited", {}).as(insertSelect(auditLogs, auditPlaceholders, sql`created`));
  return db.with(created, audited).select().from(created).prepare("create_organization");
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
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    conditions.push(slugMayContain(query.q) ? or(ilike(organizations.name, pattern), ilike(organizations.slug, pattern)) : ilike(organizations.name, pattern));
  }
  return and(...conditions);
}

export async function listOrganizations(ctx: ServiceContext, query: ListOrganizationsQuery): Promise<Page<Organization>> {
  requireUser(ctx);
  const where = listConditions(ctx, query);
  if (query.q) return searchOrganizations(ctx, query, where);
  const [rows, total] = await Promise.all([organizationsPage(ctx.db, where, query), organizationsTotal(ctx, query)]);
  return { data: rows, total, limit: query.limit, offset: query.offset };
}

// A deferred join: the page's ids come from an index-only scan, so a deep offset skips index entries
// rather than whole rows; only the 50 rows of the page are read from the table. Not a named prepared
// statement (db/prepared.ts): the best plan for page 1 and for offset 50,000 differ, so it is planned
// with its own LIMIT and OFFSET every time.
function organizationsPage(db: Db, where: SQL | undefined, page: { limit: number; offset: number }): Promise<Organization[]> {
  const pageIds = db
    .select({ id: organizations.id })
    .from(organizations)
    .where(where)
    .orderBy(desc(organizations.createdAt), desc(organizations.id))
    .limit(page.limit)
    .offset(page.offset)
    .as("page_ids");
  return db
    .select(getTableColumns(organizations))
    .from(organizations)
    .innerJoin(pageIds, eq(organizations.id, pageIds.id))
    .orderBy(desc(organizations.createdAt), desc(organizations.id));
}

const PAGE_VIEWS = { v1: tenantV1DetailSql, platform: organizationViewSql };

/**
 * listOrganizations in a surface's shape (v1's toTenantV1Detail, the platform's toOrganizationView), the
 * page written by PostgreSQL (the view's twin in SQL, views.ts) and returned as JSON text for the API to
 * pass through. Same rows, order and total as listOrganizations.
 */
export async function organizationsPageJson(ctx: ServiceContext, query: ListOrganizationsQuery, shape: keyof typeof PAGE_VIEWS): Promise<string> {
  requireUser(ctx);
  const view = PAGE_VIEWS[shape];
  const where = listConditions(ctx, query) ?? sql`true`;
  if (query.q) {
    const [row] = rowsOf<{ data: string; total: number }>(
      await ctx.db.execute(sql`
        with ${searchMatches(where)}
        select (select count(*) from matches)::int as total, ${pageDataSql({ table: organizations, alias: "o", view }, matchesPage(query))} as data`),
    );
    return pageJsonText(row.data, { total: Number(row.total), limit: query.limit, offset: query.offset });
  }
  return newestFirstPageJson(
    ctx.db,
    { table: organizations, id: organizations.id, createdAt: organizations.createdAt, where, total: organizationsTotalSql(ctx, query), view, alias: "o" },
    query,
  );
}

/** A search's matches (the CTE `matches`), materialized: found once, then both counted and paged. */
const searchMatches = (where: SQL) =>
  sql`matches as materialized (select ${organizations.id} as id, ${organizations.createdAt} as created_at from ${organizations} where ${where})`;

/** The page of the matches, newest first. */
const matchesPage = (query: ListOrganizationsQuery) =>
  sql`select id, created_at from matches order by created_at desc, id desc limit ${query.limit} offset ${query.offset}`;

/**
 * A search's page and total from one scan: the matches are found once (the trigram indexes' bitmap
 * scan), then counted and sorted. Run as two statements (page, then total) the page's planner would
 * walk the created_at index backwards testing every name against the pattern, and the count would
 * scan the matches again.
 */
async function searchOrganizations(ctx: ServiceContext, query: ListOrganizationsQuery, where: SQL | undefined): Promise<Page<Organization>> {
  const found = rowsOf<{ id: string | null; total: number }>(
    await ctx.db.execute(sql`
      with ${searchMatches(where ?? sql`true`)}
      select p.id, c.total
      from (select count(*)::int as total from matches) c
      left join lateral (${matchesPage(query)}) p on true
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

/** The list's total (organizationsTotalSql), on its own. */
async function organizationsTotal(ctx: ServiceContext, query: ListOrganizationsQuery): Promise<number> {
  const [row] = rowsOf<{ total: string | number }>(await ctx.db.execute(sql`select ${organizationsTotalSql(ctx, query)} as total`));
  return Number(row.total);
}

/** The list's total as a scalar subquery: from list_counts when the filter is one it keeps, else counted (not for searches). */
function organizationsTotalSql(ctx: ServiceContext, query: ListOrganizationsQuery): SQL {
  const p = ctx.principal;
  if (p.kind === "user") {
    if (p.isSuperadmin) return listCountsTotalSql("organizations", { status: query.status });
    if (p.organizations.length === 0) return listCountsTotalSql("organizations", { owners: activeAgencyIds(p), status: query.status });
  }
  return sql`(select count(*) from ${organizations} where ${listConditions(ctx, query) ?? sql`true`})`;
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
