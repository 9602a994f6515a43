CREATE TABLE IF NOT EXISTS "audit_daily_actions" (
	"day" date NOT NULL,
	"action" text NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "audit_daily_actions_day_action_pk" PRIMARY KEY("day","action")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "audit_daily_actors" (
	"day" date NOT NULL,
	"actor_user_id" integer,
	"actor_label" text,
	"count" bigint NOT NULL,
	CONSTRAINT "audit_daily_actors_key" UNIQUE NULLS NOT DISTINCT("day","actor_user_id")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "audit_scope_counts" (
	"organization_id" uuid,
	"agency_id" integer,
	"count" bigint NOT NULL,
	CONSTRAINT "audit_scope_counts_key" UNIQUE NULLS NOT DISTINCT("organization_id","agency_id")
);
--> statement-breakpoint
-- Counts each statement's new audit rows into the rollups, in the inserting transaction: per UTC day and
-- action, per UTC day and actor (a superadmin's statistics), and per organization and agency (the
-- totals of unfiltered pages). Audit inserts already queue on the chain head's lock (0014), so these
-- upserts add no new contention.
CREATE OR REPLACE FUNCTION audit_logs_count() RETURNS trigger AS $$
BEGIN
  INSERT INTO audit_daily_actions AS d (day, action, count)
    SELECT (occurred_at AT TIME ZONE 'UTC')::date, action, count(*) FROM new_rows GROUP BY 1, 2
    ON CONFLICT (day, action) DO UPDATE SET count = d.count + excluded.count;
  INSERT INTO audit_daily_actors AS d (day, actor_user_id, actor_label, count)
    SELECT (occurred_at AT TIME ZONE 'UTC')::date, actor_user_id, max(actor_label), count(*) FROM new_rows GROUP BY 1, 2
    ON CONFLICT (day, actor_user_id) DO UPDATE
      SET count = d.count + excluded.count, actor_label = greatest(d.actor_label, excluded.actor_label);
  INSERT INTO audit_scope_counts AS s (organization_id, agency_id, count)
    SELECT organization_id, agency_id, count(*) FROM new_rows GROUP BY 1, 2
    ON CONFLICT (organization_id, agency_id) DO UPDATE SET count = s.count + excluded.count;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- A database migrated with this migration's first version (597599d) has its tables, and a trigger and
-- functions under other names that would count every row a second time: they go, and the rebuild below
-- recounts all three rollups. (The migrator runs this file again there: it was recorded as older.)
DROP TRIGGER IF EXISTS audit_logs_count_daily ON audit_logs;
--> statement-breakpoint
DROP FUNCTION IF EXISTS audit_logs_count_daily();
--> statement-breakpoint
DROP FUNCTION IF EXISTS audit_daily_rebuild();
--> statement-breakpoint
DROP TRIGGER IF EXISTS audit_logs_count ON audit_logs;
--> statement-breakpoint
CREATE TRIGGER audit_logs_count AFTER INSERT ON audit_logs REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_count();
--> statement-breakpoint
-- Recounts the rollups from the trail: for the rows written before they existed, and after a load that
-- bypassed the trigger (the benchmark's bulk insert).
CREATE OR REPLACE FUNCTION audit_rollups_rebuild() RETURNS void AS $$
BEGIN
  DELETE FROM audit_daily_actions;
  DELETE FROM audit_daily_actors;
  DELETE FROM audit_scope_counts;
  INSERT INTO audit_daily_actions (day, action, count)
    SELECT (occurred_at AT TIME ZONE 'UTC')::date, action, count(*) FROM audit_logs GROUP BY 1, 2;
  INSERT INTO audit_daily_actors (day, actor_user_id, actor_label, count)
    SELECT (occurred_at AT TIME ZONE 'UTC')::date, actor_user_id, max(actor_label), count(*) FROM audit_logs GROUP BY 1, 2;
  INSERT INTO audit_scope_counts (organization_id, agency_id, count)
    SELECT organization_id, agency_id, count(*) FROM audit_logs GROUP BY 1, 2;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
SELECT audit_rollups_rebuild();
