import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/**
 * Every organization's website build (seed 000's website-status). `build` counts the builds: a rebuild
 * starts the next one, and a job of an older build finds it superseded and stops. Progress is seed 000's
 * building_progress: 0 queued, 5-60 the steps, 100 completed, 101-103 failed; it only moves forward
 * within a build. What a step produced is kept with the build it belongs to, so a resumed job skips it.
 */
export const websites = pgTable(
  "websites",
  {
    organizationId: uuid("organization_id")
      .primaryKey()
      .references(() => organizations.id, { onDelete: "cascade" }),
    build: integer("build").notNull().default(1),
    buildingProgress: smallint("building_progress").notNull().default(0),
    errorMessage: text("error_message"),
    /** Which generator builds it: the built-in offline one, or an OpenAI-compatible endpoint. */
    generator: text("generator", { enum: ["offline", "openai"] }),
    /** What the generator was asked, for an operator reading a failure. */
    prompt: text("prompt"),
    /** The generated text (lib/websites/content.ts's SiteContent) and the build it belongs to. */
    content: jsonb("content"),
    contentBuild: integer("content_build"),
    /** The job holding the build's lease (one running build per organization), and its last sign of life. */
    workerJob: text("worker_job"),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("websites_progress_range", sql`${t.buildingProgress} between 0 and 103`),
    // The console filters organizations by build state (building, failed) and counts them.
    index("websites_progress_idx").on(t.buildingProgress),
  ],
);

/** Each tenant's own schema and the tenant migration it is at (db/tenant-migrations). */
export const tenantSchemas = pgTable("tenant_schemas", {
  organizationId: uuid("organization_id").primaryKey(),
  schemaName: text("schema_name").notNull().unique(),
  version: integer("version").notNull().default(0),
  migratedAt: timestamp("migrated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Website = typeof websites.$inferSelect;
