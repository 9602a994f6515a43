import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";
import { memberRoles, users } from "./users";

export const organizationStatuses = ["provisioning", "active", "suspended", "cancelled"] as const;

export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** The tenant's subdomain: {slug}.{ROOT_DOMAIN}. */
    slug: text("slug").notNull(),
    /** The custom domain asked for; it routes only once verified (see domains). */
    customDomain: text("custom_domain"),
    status: text("status", { enum: organizationStatuses }).notNull().default("active"),
    statusReason: text("status_reason"),
    agencyId: integer("agency_id").references(() => agencies.id, { onDelete: "restrict" }),
    planId: text("plan_id"),
    /** The billing system's serviceId (seed 001). */
    externalServiceId: text("external_service_id"),
    enabledPlugins: text("enabled_plugins")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    pluginSettings: jsonb("plugin_settings").$type<Record<string, unknown>>().notNull().default({}),
    // Limits: null means unlimited, 0 means none allowed.
    creditLimit: integer("credit_limit"),
    storageLimitGb: integer("storage_limit_gb"),
    maxUsers: integer("max_users"),
    bandwidthLimitGb: integer("bandwidth_limit_gb"),
    creditBalance: bigint("credit_balance", { mode: "number" }).notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("organizations_slug_key").on(t.slug),
    uniqueIndex("organizations_external_service_id_key").on(t.externalServiceId),
    // Lists are newest first, optionally filtered by status and by agency. The indexes are ascending on
    // purpose: scanned backwards they give ORDER BY ... DESC (NULLS FIRST); a DESC NULLS LAST index
    // (drizzle's .desc()) cannot serve that order and the planner sorts the whole table instead.
    index("organizations_created_idx").on(t.createdAt, t.id),
    index("organizations_status_created_idx").on(t.status, t.createdAt, t.id),
    index("organizations_agency_created_idx").on(t.agencyId, t.createdAt, t.id),
    // Substring search on name and slug.
    index("organizations_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
    index("organizations_slug_trgm_idx").using("gin", sql`${t.slug} gin_trgm_ops`),
    // Every write validates the slug as a subdomain; the database holds it to the characters, so a search
    // with any other character can leave the slug's index out (lib/organizations/organizations.ts).
    check("organizations_slug_chars", sql`${t.slug} ~ '^[a-z0-9-]+$'`),
  ],
);

export const organizationMembers = pgTable(
  "organization_members",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: memberRoles }).notNull().default("member"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] }), index("organization_members_user_idx").on(t.userId)],
);

export type Organization = typeof organizations.$inferSelect;
export type NewOrganization = typeof organizations.$inferInsert;
