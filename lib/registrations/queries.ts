// Reading registration requests (superadmin only).
import { desc, eq, getTableColumns, sql } from "drizzle-orm";
import { listCounts, registrationRequests, type RegistrationRequest, type RegistrationStatus } from "@/db/schema";
import { type ServiceContext, requireSuperadmin } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { countFromListCounts, listCountsTotalSql } from "@/lib/list-counts";
import type { Page } from "@/lib/pagination";
import { newestFirstPageJson } from "@/lib/page-json";
import type { ListRegistrationsQuery } from "./schemas";
import { registrationViewSql } from "./views";

export async function listRegistrations(ctx: ServiceContext, query: ListRegistrationsQuery): Promise<Page<RegistrationRequest>> {
  requireSuperadmin(ctx);
  const where = query.status ? eq(registrationRequests.status, query.status) : undefined;
  // Deferred join, as for organizations: deep pages skip index entries, not rows.
  const pageIds = ctx.db
    .select({ id: registrationRequests.id })
    .from(registrationRequests)
    .where(where)
    .orderBy(desc(registrationRequests.createdAt), desc(registrationRequests.id))
    .limit(query.limit)
    .offset(query.offset)
    .as("page_ids");
  const [rows, total] = await Promise.all([
    ctx.db
      .select(getTableColumns(registrationRequests))
      .from(registrationRequests)
      .innerJoin(pageIds, eq(registrationRequests.id, pageIds.id))
      .orderBy(desc(registrationRequests.createdAt), desc(registrationRequests.id)),
    countFromListCounts(ctx.db, "registration_requests", { status: query.status }),
  ]);
  return { data: rows, total, limit: query.limit, offset: query.offset };
}

/**
 * listRegistrations in toRegistrationView's shape (its twin in SQL, registrationViewSql), the page and its total written by
 * PostgreSQL in one statement, as JSON text for the API to pass through.
 */
export async function registrationsPageJson(ctx: ServiceContext, query: ListRegistrationsQuery): Promise<string> {
  requireSuperadmin(ctx);
  const where = query.status ? eq(registrationRequests.status, query.status) : sql`true`;
  return newestFirstPageJson(
    ctx.db,
    {
      table: registrationRequests,
      id: registrationRequests.id,
      createdAt: registrationRequests.createdAt,
      where,
      total: listCountsTotalSql("registration_requests", { status: query.status }),
      view: registrationViewSql,
      alias: "r",
    },
    query,
  );
}

export async function getRegistration(ctx: ServiceContext, input: { id: number }): Promise<RegistrationRequest> {
  requireSuperadmin(ctx);
  const [row] = await ctx.db.select().from(registrationRequests).where(eq(registrationRequests.id, input.id));
  if (!row) throw new NotFoundError("Registration request not found");
  return row;
}

export async function countRegistrationsByStatus(ctx: ServiceContext): Promise<Record<RegistrationStatus, number>> {
  requireSuperadmin(ctx);
  // A status's count is the sum of its shards (migration 0022: each connection adds to its own).
  const rows = await ctx.db
    .select({ status: listCounts.status, n: sql<string>`sum(${listCounts.n})` })
    .from(listCounts)
    .where(eq(listCounts.list, "registration_requests"))
    .groupBy(listCounts.status);
  const counts = { pending_approval: 0, approved: 0, rejected: 0, active: 0 };
  for (const row of rows) counts[row.status as RegistrationStatus] = Number(row.n);
  return counts;
}
