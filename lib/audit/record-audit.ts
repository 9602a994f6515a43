// Writes audit rows with the caller's transaction, so a row exists exactly when its change does.
// Inside withTransaction the rows are held back and written together just before the commit: each
// audit insert locks the hash chain's head until the transaction ends (migration 0014), so taking
// that lock last keeps it short and means no transaction waits for a row lock while holding it.
import { auditLogs } from "@/db/schema";
import type { ServiceContext } from "@/lib/context";

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string | number | null;
  organizationId?: string | null;
  agencyId?: number | null;
  metadata?: Record<string, unknown>;
  /** For events without a signed-in principal (a failed sign-in): who it was about. */
  actorUserId?: number | null;
  actorLabel?: string | null;
  /** Changes made by the platform itself (start-up seeding, jobs). */
  actorType?: "system";
}

export type AuditRow = typeof auditLogs.$inferInsert;

/** Where an entry about one organization goes: that organization's trail, and its agency's. */
export function organizationAuditTarget(org: { id: string; agencyId: number | null }) {
  return { targetType: "organization", targetId: org.id, organizationId: org.id, agencyId: org.agencyId } satisfies Partial<AuditEntry>;
}

/** Where an entry about one agency goes: the agency's trail. */
export function agencyAuditTarget(agency: { id: number }) {
  return { targetType: "agency", targetId: agency.id, agencyId: agency.id } satisfies Partial<AuditEntry>;
}

export async function recordAudit(ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  const row = auditRow(ctx, entry);
  if (ctx.pendingAudit) ctx.pendingAudit.push(row);
  else await ctx.db.insert(auditLogs).values(row);
}

/** Writes the rows a transaction held back, in the order they were recorded. */
export async function flushAudit(ctx: ServiceContext): Promise<void> {
  const rows = ctx.pendingAudit?.splice(0) ?? [];
  if (rows.length > 0) await ctx.db.insert(auditLogs).values(rows);
}

/** The row of an entry: the actor from the context's principal, the request's ip, user agent and id. */
function auditRow(ctx: ServiceContext, entry: AuditEntry): AuditRow {
  const p = ctx.principal;
  const actor =
    p.kind === "user"
      ? {
          actorType: p.tokenId !== undefined ? ("token" as const) : ("user" as const),
          actorUserId: p.userId,
          actorTokenId: p.tokenId ?? null,
          actorLabel: p.email,
        }
      : {
          actorType: entry.actorType ?? ("anonymous" as const),
          actorUserId: entry.actorUserId ?? null,
          actorTokenId: null,
          actorLabel: entry.actorLabel ?? null,
        };
  return {
    ...actor,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId == null ? null : String(entry.targetId),
    organizationId: entry.organizationId ?? null,
    agencyId: entry.agencyId ?? null,
    metadata: entry.metadata ?? {},
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
  };
}
