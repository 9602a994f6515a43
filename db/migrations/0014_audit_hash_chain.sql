CREATE TABLE "audit_chain_head" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_logs" ADD COLUMN "chain_seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD COLUMN "hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_logs_chain_seq_key" ON "audit_logs" USING btree ("chain_seq");--> statement-breakpoint
-- The canonical content of an audit row: a JSON array of every column but the chain's own hash, with
-- the time in UTC to the microsecond, so that it does not depend on the session's time zone.
CREATE OR REPLACE FUNCTION audit_log_canonical(r audit_logs) RETURNS text AS $$
  SELECT jsonb_build_array(
    r.chain_seq, r.id, to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    r.actor_type, r.actor_user_id, r.actor_token_id, r.impersonator_user_id, r.actor_label,
    r.action, r.target_type, r.target_id, r.organization_id, r.agency_id, r.metadata,
    r.ip, r.user_agent, r.request_id
  )::text
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_hash(prev_hash text, r audit_logs) RETURNS text AS $$
  SELECT encode(sha256(convert_to(prev_hash || audit_log_canonical(r), 'UTF8')), 'hex')
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
-- Links each new row to the chain. The head row's lock is held until the inserting transaction ends,
-- so rows are chained one transaction after the other, whichever instance writes them; a rolled-back
-- transaction takes its links with it.
CREATE OR REPLACE FUNCTION audit_logs_link() RETURNS trigger AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
BEGIN
  SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  NEW.chain_seq := head.seq + 1;
  NEW.prev_hash := head.hash;
  NEW.hash := audit_log_hash(head.hash, NEW);
  UPDATE audit_chain_head SET seq = NEW.chain_seq, hash = NEW.hash WHERE id = 1;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));
--> statement-breakpoint
-- Rows written before the chain existed are linked once, in id order.
ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_no_update;
--> statement-breakpoint
DO $$
DECLARE
  r audit_logs%ROWTYPE;
  prev text := repeat('0', 64);
  n bigint := 0;
BEGIN
  FOR r IN SELECT * FROM audit_logs ORDER BY id LOOP
    n := n + 1;
    r.chain_seq := n;
    r.prev_hash := prev;
    r.hash := audit_log_hash(prev, r);
    UPDATE audit_logs SET chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
    prev := r.hash;
  END LOOP;
  UPDATE audit_chain_head SET seq = n, hash = prev WHERE id = 1;
END;
$$;
--> statement-breakpoint
ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_no_update;
--> statement-breakpoint
CREATE TRIGGER audit_logs_link BEFORE INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION audit_logs_link();
--> statement-breakpoint
-- The head only moves forward with an insert; nothing else may change or remove it.
CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE OR TRUNCATE ON audit_chain_head
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_append_only();
