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
  /**
   * Audit rows of the open transaction, written just before it commits (see recordAudit). Set without
   * inTransaction by a request's own transaction (route.ts, Idempotency-Key): services nest in that one.
   */
  pendingAudit?: AuditRow[];
}

export function systemContext(db: Db, requestId = "system"): ServiceContext {
  return { principal: anonymous, db, requestId, ip: null, userAgent: null };
}

/**
 * Runs fn in one transaction, or in the caller's transaction when one is already open. Within a request's
 * own transaction (pendingAudit set, inTransaction not) it runs behind a savepoint of it, so that fn
 * throwing undoes fn's work alone, as its own transaction would; its audit rows then wait for the request's.
 */
export async function withTransaction<T>(ctx: ServiceContext, fn: (tx: ServiceContext) => Promise<T>): Promise<T> {
  if (ctx.inTransaction) return fn(ctx);
  const audit: AuditRow[] = [];
  const result = await ctx.db.transaction(async (tx) => {
    const inner: ServiceContext = { ...ctx, db: tx as unknown as Db, inTransaction: true, pendingAudit: audit };
    const value = await fn(inner);
    if (!ctx.pendingAudit) await flushAudit(inner);
    return value;
  });
  // Only once the savepoint is released: a rolled-back one takes its rows with it.
  ctx.pendingAudit?.push(...audit);
  return result;
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
