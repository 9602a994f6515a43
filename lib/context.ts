// The service context: everything a service function needs besides its input. It never holds
// the request itself, so services are tested without HTTP.
import type { Db } from "@/db/client";
import { type AuditRow, flushAudit } from "@/lib/audit/record-audit";
import { type Principal, type UserPrincipal, activeAgencyIds, anonymous } from "@/lib/auth/principal";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors";

export interface ServiceContext {
  principal: Principal;
  db: Db;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** Set inside withTransaction, so nested service calls join the open transaction. */
  inTransaction?: boolean;
  /** Audit rows of the open transaction, written just before it commits (see recordAudit). */
  pendingAudit?: AuditRow[];
}

export function systemContext(db: Db, requestId = "system"): ServiceContext {
  return { principal: anonymous, db, requestId, ip: null, userAgent: null };
}

/** Runs fn in one transaction, or in the caller's transaction when one is already open. */
export async function withTransaction<T>(ctx: ServiceContext, fn: (tx: ServiceContext) => Promise<T>): Promise<T> {
  if (ctx.inTransaction) return fn(ctx);
  return ctx.db.transaction(async (tx) => {
    const inner: ServiceContext = { ...ctx, db: tx as unknown as Db, inTransaction: true, pendingAudit: [] };
    const result = await fn(inner);
    await flushAudit(inner);
    return result;
  });
}

export function requireUser(ctx: ServiceContext): UserPrincipal {
  if (ctx.principal.kind !== "user") throw new UnauthorizedError();
  return ctx.principal;
}

export function requireSuperadmin(ctx: ServiceContext): UserPrincipal {
  const user = requireUser(ctx);
  if (!user.isSuperadmin) throw new ForbiddenError("This action is reserved to superadmins.");
  return user;
}

/**
 * Superadmins and the admins of an active agency: those who may manage organizations at all. A role-level
 * guard (routes run it before reading any input); which organization is theirs the services decide.
 */
export function requirePlatformOrAgencyAdmin(ctx: ServiceContext, message: string): UserPrincipal {
  const user = requireUser(ctx);
  if (!user.isSuperadmin && activeAgencyIds(user).length === 0) throw new ForbiddenError(message);
  return user;
}
