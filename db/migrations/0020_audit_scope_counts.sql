CREATE TABLE "audit_scope_counts" (
	"organization_id" uuid,
	"agency_id" integer,
	"count" bigint NOT NULL,
	CONSTRAINT "audit_scope_counts_key" UNIQUE NULLS NOT DISTINCT("organization_id","agency_id")
);
--> statement-breakpoint
-- 0019's trigger function and rebuild, now also keeping audit_scope_counts.
CREATE OR REPLACE FUNCTION audit_logs_count_daily() RETURNS trigger AS $$
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
CREATE OR REPLACE FUNCTION audit_daily_rebuild() RETURNS void AS $$
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
INSERT INTO audit_scope_counts (organization_id, agency_id, count)
  SELECT organization_id, agency_id, count(*) FROM audit_logs GROUP BY 1, 2;
