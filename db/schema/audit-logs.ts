import { bigint, bigserial, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";

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
    // The hash chain (migration 0014's trigger fills these on insert, under the chain head's lock):
    // hash = sha256(prev_hash || canonical content), so altering, removing or slipping in a row shows.
    chainSeq: bigint("chain_seq", { mode: "number" }),
    prevHash: text("prev_hash"),
    hash: text("hash"),
  },
  (t) => [
    index("audit_logs_occurred_idx").on(t.occurredAt, t.id),
    index("audit_logs_action_idx").on(t.action, t.id),
    index("audit_logs_org_idx").on(t.organizationId, t.id),
    // An organization's events of one action, newest first (the console's action + organization filter):
    // with 10 million rows, (organization_id, id) alone fetches every row of the organization to filter.
    index("audit_logs_org_action_idx").on(t.organizationId, t.action, t.id),
    index("audit_logs_agency_idx").on(t.agencyId, t.id),
    index("audit_logs_actor_idx").on(t.actorUserId, t.id),
    uniqueIndex("audit_logs_chain_seq_key").on(t.chainSeq),
  ],
);

/** The chain's last link: one row, locked by every audit insert until its transaction ends. */
export const auditChainHead = pgTable("audit_chain_head", {
  id: integer("id").primaryKey().default(1),
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
});

export type AuditLog = typeof auditLogs.$inferSelect;

/**
 * The whole platform's audit rows counted per UTC day and action, kept by a statement trigger on
 * audit_logs (migration 0019) in the inserting transaction: a superadmin's statistics read these
 * instead of counting millions of rows. Scoped users' statistics count their own rows.
 */
export const auditDailyActions = pgTable(
  "audit_daily_actions",
  {
    day: date("day", { mode: "string" }).notNull(),
    action: text("action").notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.action] })],
);

/** The same per UTC day and acting user (null: the system or an anonymous caller), with the largest label seen. */
export const auditDailyActors = pgTable(
  "audit_daily_actors",
  {
    day: date("day", { mode: "string" }).notNull(),
    actorUserId: integer("actor_user_id"),
    actorLabel: text("actor_label"),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (t) => [unique("audit_daily_actors_key").on(t.day, t.actorUserId).nullsNotDistinct()],
);

/**
 * The trail's rows counted per organization and agency (both null: platform events), kept by the same
 * trigger (migration 0019): the total of an unfiltered page, whoever reads it, is a sum over a few
 * thousand rows instead of a count over millions.
 */
export const auditScopeCounts = pgTable(
  "audit_scope_counts",
  {
    organizationId: uuid("organization_id"),
    agencyId: integer("agency_id"),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (t) => [unique("audit_scope_counts_key").on(t.organizationId, t.agencyId).nullsNotDistinct()],
);
