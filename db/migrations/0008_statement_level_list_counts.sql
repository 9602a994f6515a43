-- Inserts and deletes count per statement, not per row: a bulk insert of 100,000 organizations
-- updated the same list_counts row 100,000 times in one transaction (quadratic: ~60 s); summed
-- per (owner, status) from the statement's transition table it is one update per group.
-- Moves (UPDATE OF status, agency_id) stay per row: PostgreSQL allows no column list with
-- transition tables, and a move touches two rows in key order (see list_counts_move).
DROP TRIGGER organizations_list_counts ON organizations;
--> statement-breakpoint
DROP TRIGGER registration_requests_list_counts ON registration_requests;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION list_counts_add_groups(list_name text, groups jsonb) RETURNS void AS $$
BEGIN
  -- In key order, so that concurrent statements cannot deadlock on two counter rows.
  INSERT INTO list_counts (list, owner, status, n)
  SELECT list_name, (g->>'owner')::int, g->>'status', (g->>'n')::bigint
  FROM jsonb_array_elements(groups) g
  ORDER BY (g->>'owner')::int, g->>'status'
  ON CONFLICT (list, owner, status) DO UPDATE SET n = list_counts.n + excluded.n;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION organizations_list_counts_inserted() RETURNS trigger AS $$
BEGIN
  PERFORM list_counts_add_groups('organizations', coalesce((
    SELECT jsonb_agg(jsonb_build_object('owner', owner, 'status', status, 'n', n))
    FROM (SELECT coalesce(agency_id, 0) AS owner, status, count(*) AS n FROM new_rows GROUP BY 1, 2) g), '[]'::jsonb));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION organizations_list_counts_deleted() RETURNS trigger AS $$
BEGIN
  PERFORM list_counts_add_groups('organizations', coalesce((
    SELECT jsonb_agg(jsonb_build_object('owner', owner, 'status', status, 'n', -n))
    FROM (SELECT coalesce(agency_id, 0) AS owner, status, count(*) AS n FROM old_rows GROUP BY 1, 2) g), '[]'::jsonb));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION organizations_list_counts_moved() RETURNS trigger AS $$
BEGIN
  PERFORM list_counts_move('organizations', coalesce(OLD.agency_id, 0), OLD.status, coalesce(NEW.agency_id, 0), NEW.status);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER organizations_list_counts_inserted AFTER INSERT ON organizations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION organizations_list_counts_inserted();
--> statement-breakpoint
CREATE TRIGGER organizations_list_counts_deleted AFTER DELETE ON organizations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION organizations_list_counts_deleted();
--> statement-breakpoint
CREATE TRIGGER organizations_list_counts_moved AFTER UPDATE OF status, agency_id ON organizations
  FOR EACH ROW EXECUTE FUNCTION organizations_list_counts_moved();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION registration_requests_list_counts_inserted() RETURNS trigger AS $$
BEGIN
  PERFORM list_counts_add_groups('registration_requests', coalesce((
    SELECT jsonb_agg(jsonb_build_object('owner', 0, 'status', status, 'n', n))
    FROM (SELECT status, count(*) AS n FROM new_rows GROUP BY 1) g), '[]'::jsonb));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION registration_requests_list_counts_deleted() RETURNS trigger AS $$
BEGIN
  PERFORM list_counts_add_groups('registration_requests', coalesce((
    SELECT jsonb_agg(jsonb_build_object('owner', 0, 'status', status, 'n', -n))
    FROM (SELECT status, count(*) AS n FROM old_rows GROUP BY 1) g), '[]'::jsonb));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION registration_requests_list_counts_moved() RETURNS trigger AS $$
BEGIN
  PERFORM list_counts_move('registration_requests', 0, OLD.status, 0, NEW.status);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER registration_requests_list_counts_inserted AFTER INSERT ON registration_requests
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registration_requests_list_counts_inserted();
--> statement-breakpoint
CREATE TRIGGER registration_requests_list_counts_deleted AFTER DELETE ON registration_requests
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registration_requests_list_counts_deleted();
--> statement-breakpoint
CREATE TRIGGER registration_requests_list_counts_moved AFTER UPDATE OF status ON registration_requests
  FOR EACH ROW EXECUTE FUNCTION registration_requests_list_counts_moved();
