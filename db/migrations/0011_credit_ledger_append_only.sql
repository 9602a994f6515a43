-- The ledger is append-only, like the audit trail; balances can never go below zero.
CREATE OR REPLACE FUNCTION refuse_change_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER credit_ledger_no_update BEFORE UPDATE OR DELETE ON credit_ledger_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_change_append_only();
--> statement-breakpoint
CREATE TRIGGER credit_ledger_no_truncate BEFORE TRUNCATE ON credit_ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_append_only();
--> statement-breakpoint
ALTER TABLE agencies ADD CONSTRAINT agencies_credit_balance_not_negative CHECK (credit_balance >= 0);
--> statement-breakpoint
ALTER TABLE organizations ADD CONSTRAINT organizations_credit_balance_not_negative CHECK (credit_balance >= 0);
