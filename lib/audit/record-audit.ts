// Writes one audit row with the caller's transaction, so the row exists exactly when the change does.
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

export async function recordAudit(ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  const p = ctx.principal;
  const actor =
    p.kind === "user"
      ? {
          actorType: p.tokenId !== undefined ? ("token" as const) : ("user" as const),
          actorUserId: p.userId,
          actorTokenId: p.tokenId ?? null,
          actorLabel: p.email,
        }
      : { actorType: entry.actorType ?? ("anonymous" as const), actorUserId: entry.actorUserId ?? null, actorTokenId: null, actorLabel: entry.actorLabel ?? null };
  await ctx.db.insert(auditLogs).values({
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
  });
}
