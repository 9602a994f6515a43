import { integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Stored responses of mutating requests that carried an Idempotency-Key. Keys are scoped to
 * the principal that sent them, so one client can never replay another's response.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    /**
     * The claim, the change and the answer are written by one transaction, so a committed row is
     * "completed". A committed "in_progress" row comes only from an earlier version of route.ts, which
     * stored the answer apart from the change: its request may have made its change, so it never runs
     * again and answers 409 until it expires. Kept, not dropped, so that such a version and this one can
     * run side by side during a rolling deploy.
     */
    state: text("state", { enum: ["in_progress", "completed"] })
      .notNull()
      .default("in_progress"),
    responseStatus: integer("response_status"),
    responseBody: jsonb("response_body"),
    responseContentType: text("response_content_type"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);
