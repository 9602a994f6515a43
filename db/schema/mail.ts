import { sql } from "drizzle-orm";
import { index, integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";

const mailKinds = ["registration_received", "registration_approved", "registration_rejected", "agency_owner_invited", "low_balance"] as const;
export type MailKind = (typeof mailKinds)[number];

/**
 * queued: waiting for the mail worker; retrying: a delivery failed and the queue tries again later;
 * sent: the SMTP server accepted it; failed: every attempt failed; kept: no SMTP_URL is configured,
 * so the mail stays here for a superadmin to read (embedded mode).
 */
export const mailStatuses = ["queued", "retrying", "sent", "failed", "kept"] as const;
export type MailStatus = (typeof mailStatuses)[number];

/**
 * Every mail the platform sends, written in the transaction of the change it tells of and delivered by
 * the job queue after commit: the outbox that a superadmin reads, and the delivery record with SMTP.
 */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: serial("id").primaryKey(),
    kind: text("kind", { enum: mailKinds }).notNull(),
    toEmail: text("to_email").notNull(),
    /** The display name of the sender: the responsible agency's app name, else the platform's. */
    fromName: text("from_name"),
    replyTo: text("reply_to"),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    /** The agency whose branding the mail carries; null for the platform's. */
    agencyId: integer("agency_id").references(() => agencies.id, { onDelete: "set null" }),
    status: text("status", { enum: mailStatuses }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    // The console lists the newest first, all or by status.
    index("mail_outbox_created_idx").on(t.createdAt, t.id),
    index("mail_outbox_status_created_idx").on(t.status, t.createdAt, t.id),
    // "Did this person get our mail?": the recipient filter.
    index("mail_outbox_to_email_idx").on(sql`lower(${t.toEmail})`, t.createdAt),
    index("mail_outbox_agency_idx").on(t.agencyId),
  ],
);

export type MailOutboxRow = typeof mailOutbox.$inferSelect;
