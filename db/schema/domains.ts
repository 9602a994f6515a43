// Domains claimed by organizations (custom_domain) and agencies (console_domain), with their DNS
// verification. Only a verified claim routes a host or resolves branding; pending claims of the same
// domain may coexist (a squatter cannot block the real owner), verified ones may not.
import { sql } from "drizzle-orm";
import { check, integer, pgTable, serial, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";
import { organizations } from "./organizations";

export const domainKinds = ["custom_domain", "console_domain"] as const;
export type DomainKind = (typeof domainKinds)[number];
export const domainStatuses = ["pending", "verified", "failed"] as const;

export const domains = pgTable(
  "domains",
  {
    id: serial("id").primaryKey(),
    /** Lowercase, no trailing dot. */
    domain: text("domain").notNull(),
    kind: text("kind", { enum: domainKinds }).notNull(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    agencyId: integer("agency_id").references(() => agencies.id, { onDelete: "cascade" }),
    status: text("status", { enum: domainStatuses }).notNull().default("pending"),
    /** The value of the TXT record at _cp-challenge.<domain>. */
    token: text("token").notNull(),
    failureReason: text("failure_reason"),
    checkedAt: timestamp("checked_at", { withTimezone: true }),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One domain per owner: an organization's custom domain, an agency's console domain.
    uniqueIndex("domains_organization_key").on(t.organizationId),
    uniqueIndex("domains_agency_key").on(t.agencyId),
    // A domain routes to one owner only; also the index of host resolution.
    uniqueIndex("domains_verified_domain_key")
      .on(t.domain)
      .where(sql`${t.status} = 'verified'`),
    check(
      "domains_owner_check",
      sql`(${t.kind} = 'custom_domain' and ${t.organizationId} is not null and ${t.agencyId} is null) or (${t.kind} = 'console_domain' and ${t.agencyId} is not null and ${t.organizationId} is null)`,
    ),
  ],
);

export type DomainClaim = typeof domains.$inferSelect;
