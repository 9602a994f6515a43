CREATE TABLE "list_counts" (
	"list" text NOT NULL,
	"owner" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "list_counts_list_owner_status_pk" PRIMARY KEY("list","owner","status")
);
--> statement-breakpoint
DROP INDEX "organizations_created_idx";--> statement-breakpoint
DROP INDEX "organizations_status_created_idx";--> statement-breakpoint
DROP INDEX "organizations_agency_created_idx";--> statement-breakpoint
DROP INDEX "audit_logs_occurred_idx";--> statement-breakpoint
DROP INDEX "audit_logs_action_idx";--> statement-breakpoint
DROP INDEX "audit_logs_org_idx";--> statement-breakpoint
DROP INDEX "audit_logs_agency_idx";--> statement-breakpoint
DROP INDEX "audit_logs_actor_idx";--> statement-breakpoint
DROP INDEX "registration_requests_status_created_idx";--> statement-breakpoint
DROP INDEX "registration_requests_created_idx";--> statement-breakpoint
DROP INDEX "notifications_user_idx";--> statement-breakpoint
CREATE INDEX "organizations_created_idx" ON "organizations" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "organizations_status_created_idx" ON "organizations" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "organizations_agency_created_idx" ON "organizations" USING btree ("agency_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_logs_occurred_idx" ON "audit_logs" USING btree ("occurred_at","id");--> statement-breakpoint
CREATE INDEX "audit_logs_action_idx" ON "audit_logs" USING btree ("action","id");--> statement-breakpoint
CREATE INDEX "audit_logs_org_idx" ON "audit_logs" USING btree ("organization_id","id");--> statement-breakpoint
CREATE INDEX "audit_logs_agency_idx" ON "audit_logs" USING btree ("agency_id","id");--> statement-breakpoint
CREATE INDEX "audit_logs_actor_idx" ON "audit_logs" USING btree ("actor_user_id","id");--> statement-breakpoint
CREATE INDEX "registration_requests_status_created_idx" ON "registration_requests" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "registration_requests_created_idx" ON "registration_requests" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id");