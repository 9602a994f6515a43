// Reading registration requests (superadmin only).
import { count, desc, eq } from "drizzle-orm";
import { registrationRequests, type RegistrationRequest, type RegistrationStatus } from "@/db/schema";
import { type ServiceContext, requireSuperadmin } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import type { Page } from "@/lib/pagination";
import type { ListRegistrationsQuery } from "./schemas";

export async function listRegistrations(ctx: ServiceContext, query: ListRegistrationsQuery): Promise<Page<RegistrationRequest>> {
  requireSuperadmin(ctx);
  const where = query.status ? eq(registrationRequests.status, query.status) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select()
      .from(registrationRequests)
      .where(where)
      .orderBy(desc(registrationRequests.createdAt), desc(registrationRequests.id))
      .limit(query.limit)
      .offset(query.offset),
    ctx.db.select({ total: count() }).from(registrationRequests).where(where),
  ]);
  return { data: rows, total, limit: query.limit, offset: query.offset };
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
    .select({ status: registrationRequests.status, n: count() })
    .from(registrationRequests)
    .groupBy(registrationRequests.status);
  const counts = { pending_approval: 0, approved: 0, rejected: 0, active: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}
