// Reading the audit trail: filtered pages (offset or keyset cursor), per-day statistics, the chain's
// verification. Visibility is part of every query: a superadmin sees everything; an agency admin
// sees its agencies' events and its organizations'; an organization owner sees its organization's;
// anyone else is refused. A filter naming something outside that view simply finds nothing.
import { type SQL, and, desc, eq, gte, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { type Db, rowsOf } from "@/db/client";
import { type AuditLog, auditDailyActions, auditDailyActors, auditLogs, auditScopeCounts, organizations } from "@/db/schema";
import { type UserPrincipal, activeAgencyIds } from "@/lib/auth/principal";
import { type ServiceContext, requireSuperadmin, requireUser } from "@/lib/context";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { PageQuery } from "@/lib/pagination";
import { DAY_MS } from "@/lib/time";
import { SerialId } from "@/lib/validation";
import { type ChainReport, verifyAuditChain } from "./verify-chain";

/** A day ("2026-11-23", from its start) or an instant with its offset. */
const Instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const AuditFilter = z.object({
  action: z.string().trim().min(1).max(100).optional(),
  target_type: z.string().trim().min(1).max(50).optional(),
  actor_id: SerialId.optional(),
  organization_id: z.uuid().optional(),
  /** Inclusive; a day means from its start (UTC). */
  from: Instant.optional(),
  /** Inclusive; a day means to its end (UTC). */
  to: Instant.optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AuditLogQuery = PageQuery.extend(AuditFilter.shape).extend({
  /**
   * The next_cursor of the previous page: keyset paging for deep scrolling (offset is then ignored). At
   * most 15 digits: an id a JavaScript number holds exactly, and well inside PostgreSQL's bigint.
   */
  cursor: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional(),
});
export type AuditLogQuery = z.infer<typeof AuditLogQuery>;

export const AuditStatsQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(30) });

export const AuditLogView = z.object({
  id: z.number().int(),
  occurred_at: z.string(),
  actor: z.object({
    type: z.string(),
    user_id: z.number().int().nullable(),
    token_id: z.number().int().nullable(),
    impersonator_user_id: z.number().int().nullable(),
    label: z.string().nullable(),
  }),
  action: z.string(),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  organization_id: z.string().nullable(),
  agency_id: z.number().int().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  request_id: z.string().nullable(),
  chain_seq: z.number().int().nullable(),
  hash: z.string().nullable(),
});
export type AuditLogView = z.infer<typeof AuditLogView>;

export function toAuditLogView(row: AuditLog): AuditLogView {
  return {
    id: row.id,
    occurred_at: row.occurredAt.toISOString(),
    actor: {
      type: row.actorType,
      user_id: row.actorUserId,
      token_id: row.actorTokenId,
      impersonator_user_id: row.impersonatorUserId,
      label: row.actorLabel,
    },
    action: row.action,
    target_type: row.targetType,
    target_id: row.targetId,
    organization_id: row.organizationId,
    agency_id: row.agencyId,
    metadata: row.metadata,
    ip: row.ip,
    user_agent: row.userAgent,
    request_id: row.requestId,
    chain_seq: row.chainSeq,
    hash: row.hash,
  };
}

/** The columns visibility reads: the trail's, or audit_scope_counts' (the same names). */
type ScopeColumns = { agencyId: AnyPgColumn; organizationId: AnyPgColumn };

/** Whether this user may read any of the trail: superadmins, admins of an active agency, organization owners. */
export function canReadAuditTrail(user: UserPrincipal): boolean {
  return user.isSuperadmin || activeAgencyIds(user).length > 0 || user.organizations.some((o) => o.role === "owner");
}

/** The rows this user may read, as a WHERE condition (undefined: all of them). */
export function auditVisibility(user: UserPrincipal, table: ScopeColumns = auditLogs): SQL | undefined {
  if (user.isSuperadmin) return undefined;
  const agencyIds = activeAgencyIds(user);
  const ownedOrganizations = user.organizations.filter((o) => o.role === "owner").map((o) => o.id);
  const conditions: SQL[] = [];
  if (agencyIds.length > 0) {
    conditions.push(inArray(table.agencyId, agencyIds));
    // = any(array(...)): the agency's organization ids become one array first, so the OR's arms can each
    // use an index; an IN (subquery) arm made the planner scan the whole trail.
    conditions.push(
      sql`${table.organizationId} = any(array(select ${organizations.id} from ${organizations} where ${inArray(organizations.agencyId, agencyIds)}))`,
    );
  }
  if (ownedOrganizations.length > 0) conditions.push(inArray(table.organizationId, ownedOrganizations));
  // Nothing to see (canReadAuditTrail is false exactly then): refused, never "no condition", which would
  // read as the whole trail.
  if (conditions.length === 0) throw new ForbiddenError("The audit trail is for superadmins, agency admins and organization owners.");
  return or(...conditions);
}

function endOfDay(day: string): Date {
  return new Date(new Date(`${day}T00:00:00Z`).getTime() + DAY_MS - 1);
}

function instant(value: string, edge: "from" | "to"): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return edge === "from" ? new Date(`${value}T00:00:00Z`) : endOfDay(value);
  return new Date(value);
}

/** The filter's conditions, within the user's visibility. */
export function auditConditions(user: UserPrincipal, filter: AuditFilter): SQL | undefined {
  const from = filter.from ? instant(filter.from, "from") : undefined;
  const to = filter.to ? instant(filter.to, "to") : undefined;
  if (from && to && from > to) throw new ValidationError({ to: ["The to field must be a date after or equal to from."] });
  return and(
    auditVisibility(user),
    filter.action ? eq(auditLogs.action, filter.action) : undefined,
    filter.target_type ? eq(auditLogs.targetType, filter.target_type) : undefined,
    filter.actor_id ? eq(auditLogs.actorUserId, filter.actor_id) : undefined,
    filter.organization_id ? eq(auditLogs.organizationId, filter.organization_id) : undefined,
    from ? gte(auditLogs.occurredAt, from) : undefined,
    to ? lte(auditLogs.occurredAt, to) : undefined,
  );
}

export interface AuditPage {
  data: AuditLog[];
  /** null on keyset pages: counting a deep, filtered trail would cost more than the page. */
  total: number | null;
  limit: number;
  offset: number;
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  next_cursor: string | null;
}

const FILTER_KEYS = AuditFilter.keyof().options;

/**
 * A page's total as a scalar subquery. Filtered by at most an organization, it is a sum over
 * audit_scope_counts (kept by the insert trigger, migration 0019) within the same visibility: opening the
 * trail unfiltered would otherwise count millions of rows (seconds for a superadmin or a big agency).
 */
function totalSql(user: UserPrincipal, query: AuditLogQuery, where: SQL | undefined): SQL {
  const byScopeOnly = FILTER_KEYS.every((key) => key === "organization_id" || query[key] === undefined);
  if (!byScopeOnly) return sql`(select count(*) from ${auditLogs} where ${where ?? sql`true`})`;
  const scope = and(
    auditVisibility(user, auditScopeCounts),
    query.organization_id ? eq(auditScopeCounts.organizationId, query.organization_id) : undefined,
  );
  return sql`(select coalesce(sum(${auditScopeCounts.count}), 0) from ${auditScopeCounts} where ${scope ?? sql`true`})`;
}

/** What a page reads: its rows' condition (after the cursor, if any), and its total (none on keyset pages). */
function pageSpec(user: UserPrincipal, query: AuditLogQuery) {
  const where = auditConditions(user, query);
  const keyset = query.cursor !== undefined;
  return {
    keyset,
    pageWhere: keyset ? and(where, lt(auditLogs.id, Number(query.cursor))) : where,
    offset: keyset ? 0 : query.offset,
    total: keyset ? null : totalSql(user, query, where),
  };
}

/** Newest first. With a cursor the page starts after it (keyset); otherwise at the offset, with a total. */
export async function listAuditLogs(ctx: ServiceContext, query: AuditLogQuery): Promise<AuditPage> {
  const { pageWhere, offset, total: totalQuery } = pageSpec(requireUser(ctx), query);
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(auditLogs)
      .where(pageWhere)
      .orderBy(desc(auditLogs.id))
      .limit(query.limit + 1)
      .offset(offset),
    totalQuery
      ? ctx.db.execute(sql`select ${totalQuery}::bigint as total`).then((r) => Number(rowsOf<{ total: string | number }>(r)[0].total))
      : null,
  ]);
  const more = rows.length > query.limit;
  const data = more ? rows.slice(0, query.limit) : rows;
  return { data, total, limit: query.limit, offset, next_cursor: more ? String(data.at(-1)!.id) : null };
}

export interface AuditStats {
  days: number;
  from: string;
  to: string;
  total: number;
  per_day: { date: string; count: number }[];
  per_action: { action: string; count: number }[];
  top_actors: { user_id: number | null; label: string | null; count: number }[];
}

/** What the statistics are made of, however they were counted. */
export interface AuditCounts {
  perDay: { date: string; count: number }[];
  perAction: { action: string; count: number }[];
  actors: { user_id: number | null; label: string | null; count: number }[];
}

const TOP_ACTORS = 10;

/** Every UTC day from `first` to `today`, as `select date, count` joined to per-day counts. */
function everyDay(first: Date, today: Date, perDay: SQL) {
  return sql`
    select to_char(d.day, 'YYYY-MM-DD') as date, coalesce(c.count, 0)::int as count
    from generate_series(${first.toISOString()}::timestamptz at time zone 'UTC', ${today.toISOString()}::timestamptz at time zone 'UTC', interval '1 day') as d(day)
    left join (${perDay}) c on c.day = d.day
    order by d.day`;
}

/** Counted from the trail itself, within a visibility: for the scoped users, whose rows are few. */
export async function countsFromTrail(db: Db, visibility: SQL | undefined, first: Date, today: Date): Promise<AuditCounts> {
  const where = and(visibility, gte(auditLogs.occurredAt, first));
  const [perDay, perAction, actors] = await Promise.all([
    db.execute(
      everyDay(
        first,
        today,
        sql`
      select date_trunc('day', ${auditLogs.occurredAt} at time zone 'UTC') as day, count(*) as count
      from ${auditLogs} where ${where} group by 1`,
      ),
    ),
    db
      .select({ action: auditLogs.action, count: sql<number>`count(*)::int` })
      .from(auditLogs)
      .where(where)
      .groupBy(auditLogs.action)
      .orderBy(sql`count(*) desc`, auditLogs.action),
    db
      .select({ user_id: auditLogs.actorUserId, label: sql<string | null>`max(${auditLogs.actorLabel})`, count: sql<number>`count(*)::int` })
      .from(auditLogs)
      .where(where)
      .groupBy(auditLogs.actorUserId)
      .orderBy(sql`count(*) desc`, auditLogs.actorUserId)
      .limit(TOP_ACTORS),
  ]);
  return { perDay: rowsOf<{ date: string; count: number }>(perDay), perAction, actors };
}

/**
 * The whole platform's, from the daily rollups the insert trigger keeps (migration 0019): a few
 * thousand rows for 30 days, whatever the trail's size. The same answer as countsFromTrail without a
 * visibility, which the tests check.
 */
export async function countsFromRollups(db: Db, first: Date, today: Date): Promise<AuditCounts> {
  const firstDay = first.toISOString().slice(0, 10);
  const [perDay, perAction, actors] = await Promise.all([
    db.execute(
      everyDay(
        first,
        today,
        sql`
      select ${auditDailyActions.day}::timestamp as day, sum(${auditDailyActions.count}) as count
      from ${auditDailyActions} where ${auditDailyActions.day} >= ${firstDay} group by 1`,
      ),
    ),
    db
      .select({ action: auditDailyActions.action, count: sql<number>`sum(${auditDailyActions.count})::int` })
      .from(auditDailyActions)
      .where(gte(auditDailyActions.day, firstDay))
      .groupBy(auditDailyActions.action)
      .orderBy(sql`sum(${auditDailyActions.count}) desc`, auditDailyActions.action),
    db
      .select({
        user_id: auditDailyActors.actorUserId,
        label: sql<string | null>`max(${auditDailyActors.actorLabel})`,
        count: sql<number>`sum(${auditDailyActors.count})::int`,
      })
      .from(auditDailyActors)
      .where(gte(auditDailyActors.day, firstDay))
      .groupBy(auditDailyActors.actorUserId)
      .orderBy(sql`sum(${auditDailyActors.count}) desc`, auditDailyActors.actorUserId)
      .limit(TOP_ACTORS),
  ]);
  return { perDay: rowsOf<{ date: string; count: number }>(perDay), perAction, actors };
}

/** Totals for the last n days (today included, UTC): every day present, zeros too. */
export async function auditStats(ctx: ServiceContext, query: z.infer<typeof AuditStatsQuery>): Promise<AuditStats> {
  const user = requireUser(ctx);
  const today = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
  const first = new Date(today.getTime() - (query.days - 1) * DAY_MS);
  // Visibility first: it refuses users who may not read the trail at all.
  const visibility = auditVisibility(user);
  const counts = user.isSuperadmin ? await countsFromRollups(ctx.db, first, today) : await countsFromTrail(ctx.db, visibility, first, today);
  const days = counts.perDay.map((d) => ({ date: d.date, count: Number(d.count) }));
  return {
    days: query.days,
    from: days[0]?.date ?? first.toISOString().slice(0, 10),
    to: days.at(-1)?.date ?? today.toISOString().slice(0, 10),
    total: days.reduce((sum, d) => sum + d.count, 0),
    per_day: days,
    per_action: counts.perAction.map((a) => ({ action: a.action, count: Number(a.count) })),
    top_actors: counts.actors.map((a) => ({ user_id: a.user_id, label: a.label, count: Number(a.count) })),
  };
}

/** One row, for whoever may see it; 404 otherwise, so ids cannot be probed. */
export async function getAuditLog(ctx: ServiceContext, input: { id: number }): Promise<AuditLog> {
  const user = requireUser(ctx);
  const [row] = await ctx.db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.id, input.id), auditVisibility(user)));
  if (!row) throw new NotFoundError("Audit log entry not found");
  return row;
}

/** The whole chain, checked: for superadmins (the chain spans everyone's rows). */
export async function verifyAuditTrail(ctx: ServiceContext): Promise<ChainReport> {
  requireSuperadmin(ctx);
  return verifyAuditChain(ctx.db);
}
