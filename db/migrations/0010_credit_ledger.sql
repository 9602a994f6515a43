CREATE TABLE "credit_ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"agency_id" integer,
	"organization_id" uuid,
	"amount" bigint NOT NULL,
	"balance_after" bigint NOT NULL,
	"kind" text NOT NULL,
	"reason" text,
	"actor_user_id" integer,
	"discount_percent" numeric(5, 2),
	"transfer_id" uuid,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_ledger_one_account" CHECK (("credit_ledger_entries"."agency_id" is null) <> ("credit_ledger_entries"."organization_id" is null)),
	CONSTRAINT "credit_ledger_balance_not_negative" CHECK ("credit_ledger_entries"."balance_after" >= 0)
);
--> statement-breakpoint
ALTER TABLE "credit_ledger_entries" ADD CONSTRAINT "credit_ledger_entries_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_ledger_entries" ADD CONSTRAINT "credit_ledger_entries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_ledger_agency_idx" ON "credit_ledger_entries" USING btree ("agency_id","id");--> statement-breakpoint
CREATE INDEX "credit_ledger_org_idx" ON "credit_ledger_entries" USING btree ("organization_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_ledger_org_idempotency_key" ON "credit_ledger_entries" USING btree ("organization_id","idempotency_key") WHERE "credit_ledger_entries"."idempotency_key" is not null;