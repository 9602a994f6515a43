// Reading registration requests (superadmin only).
import { desc, eq, getTableColumns, sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { listCounts, registrationRequests, type RegistrationRequest, type RegistrationStatus } from "@/db/schema";
import { type ServiceContext, requireSuperadmin } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { countFromListCounts, listCountsTotalSql } from "@/lib/list-counts";
import { type Page, pageJsonText } from "@/lib/pagination";
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
  const [row] = rowsOf<{ data: string; total: number }>(
    await ctx.db.execute(sql`
      select ${listCountsTotalSql("registration_requests", { status: query.status })}::int as total,
        coalesce((select json_agg(${registrationViewSql} order by r.created_at desc, r.id desc)
          from ${registrationRequests} r join (
            select ${registrationRequests.id} as id from ${registrationRequests} where ${where}
            order by ${registrationRequests.createdAt} desc, ${registrationRequests.id} desc limit ${query.limit} offset ${query.offset}
          ) p on p.id = r.id), '[]'::json)::text as data`),
  );
  return pageJsonText(row.data, { total: Number(row.total), limit: query.limit, offset: query.offset });
}

export async function getRegistration(ctx: ServiceContext, input: { id: number }): Promise<RegistrationRequest> {
  requireSuperadmin(ctx);
  const [row] = await ctx.db.select().from(registrationRequests).where(eq(registrationRequests.id, input.id));
  if (!row) throw new NotFoundError("Registration request not found");
  return row;
}

export async function countRegistrationsByStatus(ctx: ServiceContext): Promise<Record<RegistrationStatus, number>> {
  requireSuperadmin(ctx);
  const rows = await ctx.db
    .select({ status: listCounts.status, n: listCounts.n })
    .from(listCounts)
    .where(eq(listCounts.list, "registration_requests"));
  const counts = { pending_approval: 0, approved: 0, rejected: 0, active: 0 };
  for (const row of rows) counts[row.status as RegistrationStatus] = Number(row.n);
  return counts;
}
