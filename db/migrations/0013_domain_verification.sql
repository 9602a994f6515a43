CREATE TABLE "domains" (
	"id" serial PRIMARY KEY NOT NULL,
	"domain" text NOT NULL,
	"kind" text NOT NULL,
	"organization_id" uuid,
	"agency_id" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"token" text NOT NULL,
	"failure_reason" text,
	"checked_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "domains_owner_check" CHECK (("domains"."kind" = 'custom_domain' and "domains"."organization_id" is not null and "domains"."agency_id" is null) or ("domains"."kind" = 'console_domain' and "domains"."agency_id" is not null and "domains"."organization_id" is null))
);
--> statement-breakpoint
DROP INDEX "agencies_console_domain_key";--> statement-breakpoint
DROP INDEX "organizations_custom_domain_key";--> statement-breakpoint
ALTER TABLE "domains" ADD CONSTRAINT "domains_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domains" ADD CONSTRAINT "domains_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "domains_organization_key" ON "domains" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "domains_agency_key" ON "domains" USING btree ("agency_id");--> statement-breakpoint
CREATE UNIQUE INDEX "domains_verified_domain_key" ON "domains" USING btree ("domain") WHERE "domains"."status" = 'verified';--> statement-breakpoint
-- Domains set before verification existed become pending claims: they route once verified.
INSERT INTO "domains" ("domain", "kind", "organization_id", "token")
SELECT lower(rtrim("custom_domain", '.')), 'custom_domain', "id", replace(gen_random_uuid()::text, '-', '') FROM "organizations" WHERE "custom_domain" IS NOT NULL;--> statement-breakpoint
INSERT INTO "domains" ("domain", "kind", "agency_id", "token")
SELECT lower(rtrim("console_domain", '.')), 'console_domain', "id", replace(gen_random_uuid()::text, '-', '') FROM "agencies" WHERE "console_domain" IS NOT NULL;
