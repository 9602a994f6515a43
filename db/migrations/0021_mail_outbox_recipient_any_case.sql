DROP INDEX "mail_outbox_to_email_idx";--> statement-breakpoint
CREATE INDEX "mail_outbox_to_email_idx" ON "mail_outbox" USING btree (lower("to_email"),"created_at");