import { sql } from "drizzle-orm";
import { bigint, bigserial, check, date, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/**
 * What an organization can be metered on. Counters add up over a period (credits, bandwidth, api
 * calls); gauges report a level (storage in use, active users), so their latest report is "used".
 */
export const usageMetrics = ["credits", "storage_bytes", "bandwidth_bytes", "api_calls", "active_users"] as const;
export type UsageMetric = (typeof usageMetrics)[number];
export const gaugeMetrics: readonly UsageMetric[] = ["storage_bytes", "active_users"];

/** Every accepted usage event, once: the idempotency key is unique per organization. */
export const usageEvents = pgTable(
  "usage_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    metric: text("metric", { enum: usageMetrics }).notNull(),
    quantity: bigint("quantity", { mode: "number" }).notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("usage_events_org_idempotency_key").on(t.organizationId, t.idempotencyKey),
    check("usage_events_quantity_not_negative", sql`${t.quantity} >= 0`),
  ],
);

/**
 * Usage per organization, metric and day, maintained in the same transaction as the events, so
 * that reading a month or a 30-day chart touches at most a few hundred rows however many events
 * there are. total sums the day's quantities; peak and last (with last_at) serve the gauges.
 */
export const usageDaily = pgTable(
  "usage_daily",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    metric: text("metric", { enum: usageMetrics }).notNull(),
    day: date("day", { mode: "string" }).notNull(),
    total: bigint("total", { mode: "number" }).notNull(),
    peak: bigint("peak", { mode: "number" }).notNull(),
    last: bigint("last", { mode: "number" }).notNull(),
    lastAt: timestamp("last_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.metric, t.day] })],
);

/** Thresholds already announced (80%, 100%, low balance), so each is told once per period. */
export const usageAlerts = pgTable(
  "usage_alerts",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** credits_80, storage_bytes_100, low_balance, ... */
    alert: text("alert").notNull(),
    /** The calendar month, as its first day. */
    period: date("period", { mode: "string" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.alert, t.period] })],
);
