import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./users";

/** The platform's settings: exactly one row (id = 1), created by migration. */
export const platformSettings = pgTable(
  "platform_settings",
  {
    id: integer("id").primaryKey().default(1),
    autoApproveRegistrations: boolean("auto_approve_registrations").notNull().default(false),
    defaultStorageLimitGb: integer("default_storage_limit_gb").notNull().default(10),
    defaultMaxUsers: integer("default_max_users").notNull().default(10),
    defaultBandwidthLimitGb: integer("default_bandwidth_limit_gb").notNull().default(100),
    defaultCreditLimit: integer("default_credit_limit").notNull().default(0),
    defaultBranding: jsonb("default_branding").$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("platform_settings_single_row", sql`${t.id} = 1`)],
);

export type PlatformSettings = typeof platformSettings.$inferSelect;

/** The plugin catalog; organizations' enabled_plugins name these keys. Seeded by migration. */
export const plugins = pgTable("plugins", {
  key: text("key").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull(),
  position: integer("position").notNull().default(0),
});

export type Plugin = typeof plugins.$inferSelect;

/** In-app notifications, written in the same transaction as the event they tell of. */
export const notifications = pgTable(
  "notifications",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    link: text("link"),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.id),
    // The bell polls the unread count and lists the unread: both only walk a user's unread rows.
    index("notifications_user_unread_idx")
      .on(t.userId, t.id)
      .where(sql`${t.readAt} is null`),
  ],
);

export type Notification = typeof notifications.$inferSelect;

/** Fixed-window counters for rate limits, shared by every instance. */
export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    bucket: text("bucket").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    hits: integer("hits").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] })],
);
