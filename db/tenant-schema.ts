// The tables of a tenant's own schema (tenant_<id>), as db/tenant-migrations create them. Unqualified on
// purpose: drizzle cannot name a schema at run time, so queries run with search_path set to the tenant's
// schema inside a transaction (lib/tenants/tenant-schema.ts). Not part of db/schema: drizzle-kit must
// not create them in public.
import { customType, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

/** One section of a page: a heading and its paragraphs, optionally with a call to action. */
export interface PageSection {
  heading: string;
  paragraphs: string[];
  cta?: { label: string; href: string };
}

export const sitePages = pgTable("site_pages", {
  path: text("path").primaryKey(),
  title: text("title").notNull(),
  sections: jsonb("sections").$type<PageSection[]>().notNull(),
  position: integer("position").notNull(),
  build: integer("build").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const siteAssets = pgTable("site_assets", {
  name: text("name").primaryKey(),
  contentType: text("content_type").notNull(),
  data: bytea("data").notNull(),
  build: integer("build").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const siteSettings = pgTable("site_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type SitePage = typeof sitePages.$inferSelect;
