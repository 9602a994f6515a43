import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Append-only: a trigger (migration 0001) refuses UPDATE and DELETE. */
export const auditLogs = pgTable(
  "audit_logs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    actorType: text("actor_type", { enum: ["user", "token", "system", "anonymous"] }).notNull(),
    actorUserId: integer("actor_user_id"),
    actorTokenId: integer("actor_token_id"),
    impersonatorUserId: integer("impersonator_user_id"),
    actorLabel: text("actor_label"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    organizationId: uuid("organization_id"),
    agencyId: integer("agency_id"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    ip: text("ip"),
    userAgent: text("user_agent"),
    requestId: text("request_id"),
  },
  (t) => [
    index("audit_logs_occurred_idx").on(t.occurredAt, t.id),
    index("audit_logs_action_idx").on(t.action, t.id),
    index("audit_logs_org_idx").on(t.organizationId, t.id),
    index("audit_logs_agency_idx").on(t.agencyId, t.id),
    index("audit_logs_actor_idx").on(t.actorUserId, t.id),
  ],
);

export type AuditLog = typeof auditLogs.$inferSelect;
