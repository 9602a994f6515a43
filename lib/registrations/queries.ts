// Reading registration requests (superadmin only).
import { eq, sql } from "drizzle-orm";
import { listCounts, registrationRequests, type RegistrationRequest, type RegistrationStatus } from "@/db/schema";
import { type ServiceContext, requireSuperadmin } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { countFromListCounts } from "@/lib/list-counts";
import { type Page, newestFirstPage } from "@/lib/pagination";
import type { ListRegistrationsQuery } from "./schemas";

/** Newest first, with the total that list_counts keeps. */
export async function listRegistrations(ctx: ServiceContext, query: ListRegistrationsQuery): Promise<Page<RegistrationRequest>> {
  requireSuperadmin(ctx);
  const where = query.status ? eq(registrationRequests.status, query.status) : undefined;
  const total = await countFromListCounts(ctx.db, "registration_requests", { status: query.status });
  return newestFirstPage(ctx.db, registrationRequests, where, total, query);
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
