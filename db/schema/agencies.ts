import { bigint, index, integer, jsonb, numeric, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { memberRoles, users } from "./users";

export const partnerGroups = pgTable(
  "partner_groups",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    description: text("description"),
    creditDiscountPercent: numeric("credit_discount_percent", { precision: 5, scale: 2 }).notNull().default("0"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("partner_groups_name_key").on(t.name)],
);

export const agencies = pgTable(
  "agencies",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    contactEmail: text("contact_email"),
    companyName: text("company_name"),
    phone: text("phone"),
    partnerGroupId: integer("partner_group_id").references(() => partnerGroups.id, { onDelete: "restrict" }),
    ownerUserId: integer("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    status: text("status", { enum: ["active", "suspended"] })
      .notNull()
      .default("active"),
    suspendedReason: text("suspended_reason"),
    creditBalance: bigint("credit_balance", { mode: "number" }).notNull().default(0),
    branding: jsonb("branding").$type<Record<string, unknown>>().notNull().default({}),
    /** The console domain asked for; it routes only once verified (see domains). */
    consoleDomain: text("console_domain"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("agencies_partner_group_idx").on(t.partnerGroupId), index("agencies_status_idx").on(t.status, t.id)],
);

export const agencyMembers = pgTable(
  "agency_members",
  {
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: memberRoles }).notNull().default("member"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.userId] }), index("agency_members_user_idx").on(t.userId)],
);

export type Agency = typeof agencies.$inferSelect;
export type PartnerGroup = typeof partnerGroups.$inferSelect;
