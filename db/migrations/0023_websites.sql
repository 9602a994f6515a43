-- Every organization's website build and its own schema's registry. Organizations that predate this get
-- their website row and their build from the website sweep when the workers start, which queues the jobs
-- through pg-boss (lib/websites/build-worker.ts).
CREATE TABLE "tenant_schemas" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"schema_name" text NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"migrated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_schemas_schema_name_unique" UNIQUE("schema_name")
);
--> statement-breakpoint
CREATE TABLE "websites" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"build" integer DEFAULT 1 NOT NULL,
	"building_progress" smallint DEFAULT 0 NOT NULL,
	"error_message" text,
	"generator" text,
	"prompt" text,
	"content" jsonb,
	"content_build" integer,
	"worker_job" text,
	"heartbeat_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "websites_progress_range" CHECK ("websites"."building_progress" between 0 and 103)
);
--> statement-breakpoint
ALTER TABLE "websites" ADD CONSTRAINT "websites_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "websites_progress_idx" ON "websites" USING btree ("building_progress");--> statement-breakpoint
-- The website-build queue. Standard policy: one running build per organization is the website row's
-- lease (lib/websites/build.ts), not pg-boss's singleton policies, whose unique index on active jobs
-- makes a fetch fail, and the whole queue stall, while a second job of the same organization waits.
-- Expiry beyond the longest build (two provider calls with the client's retries); retries for a job
-- whose process died or whose database went away mid-step.
SELECT pgboss.create_queue('website-build', '{"policy":"standard","retryLimit":5,"retryDelay":10,"retryBackoff":true,"expireInSeconds":3600}'::json);
