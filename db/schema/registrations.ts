import { sql } from "drizzle-orm";
import { index, integer, pgTable, serial, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { users } from "./users";

export const registrationStatuses = ["pending_approval", "approved", "rejected", "active"] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

/** A request to open an organization, submitted publicly and reviewed by a superadmin. */
export const registrationRequests = pgTable(
  "registration_requests",
  {
    id: serial("id").primaryKey(),
    email: text("email").notNull(),
    /** The registrant's password, hashed at once; it becomes the owner's password on provisioning. */
    passwordHash: text("password_hash").notNull(),
    companyName: text("company_name").notNull(),
    contactName: text("contact_name").notNull(),
    phone: text("phone"),
    desiredOrgName: text("desired_org_name").notNull(),
    desiredOrgSlug: text("desired_org_slug").notNull(),
    utmSource: text("utm_source"),
    utmMedium: text("utm_medium"),
    utmCampaign: text("utm_campaign"),
    status: text("status", { enum: registrationStatuses }).notNull().default("pending_approval"),
    // What the reviewer approved (defaults from the desired values and the platform settings).
    orgName: text("org_name"),
    orgSlug: text("org_slug"),
    creditLimit: integer("credit_limit"),
    storageLimitGb: integer("storage_limit_gb"),
    maxUsers: integer("max_users"),
    bandwidthLimitGb: integer("bandwidth_limit_gb"),
    rejectionReason: text("rejection_reason"),
    reviewedBy: integer("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "set null" }),
    submittedIp: text("submitted_ip"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("registration_requests_status_created_idx").on(t.status, t.createdAt, t.id),
    index("registration_requests_created_idx").on(t.createdAt, t.id),
    // Deleting an organization nulls its registration's organization_id: without this, a full scan each time.
    index("registration_requests_organization_idx").on(t.organizationId),
    // One open request per slug and per email, decided by the database under races.
    uniqueIndex("registration_requests_open_slug_key")
      .on(sql`coalesce(${t.orgSlug}, ${t.desiredOrgSlug})`)
      .where(sql`${t.status} in ('pending_approval', 'approved')`),
    uniqueIndex("registration_requests_open_email_key")
      .on(sql`lower(${t.email})`)
      .where(sql`${t.status} in ('pending_approval', 'approved')`),
  ],
);

export type RegistrationRequest = typeof registrationRequests.$inferSelect;
