-- Exact list totals without counting: each insert, delete or move of an organization or a
-- registration request moves one unit between (list, owner, status) rows of list_counts.
CREATE OR REPLACE FUNCTION list_counts_move(list_name text, old_owner integer, old_status text, new_owner integer, new_status text)
RETURNS void AS $$
DECLARE
  old_first boolean;
BEGIN
  IF old_owner IS NOT DISTINCT FROM new_owner AND old_status IS NOT DISTINCT FROM new_status THEN
    RETURN;
  END IF;
  -- Touch the two rows in key order, so that two opposite moves at once cannot deadlock.
  old_first := new_status IS NULL OR (old_status IS NOT NULL AND (old_owner, old_status) < (new_owner, new_status));
  IF old_status IS NOT NULL AND old_first THEN
    UPDATE list_counts SET n = n - 1 WHERE list = list_name AND owner = old_owner AND status = old_status;
  END IF;
  IF new_status IS NOT NULL THEN
    INSERT INTO list_counts (list, owner, status, n) VALUES (list_name, new_owner, new_status, 1)
    ON CONFLICT (list, owner, status) DO UPDATE SET n = list_counts.n + 1;
  END IF;
  IF old_status IS NOT NULL AND NOT old_first THEN
    UPDATE list_counts SET n = n - 1 WHERE list = list_name AND owner = old_owner AND status = old_status;
  END IF;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION organizations_list_counts() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM list_counts_move('organizations', NULL, NULL, coalesce(NEW.agency_id, 0), NEW.status);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM list_counts_move('organizations', coalesce(OLD.agency_id, 0), OLD.status, NULL, NULL);
  ELSE
    PERFORM list_counts_move('organizations', coalesce(OLD.agency_id, 0), OLD.status, coalesce(NEW.agency_id, 0), NEW.status);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER organizations_list_counts AFTER INSERT OR DELETE OR UPDATE OF status, agency_id ON organizations
  FOR EACH ROW EXECUTE FUNCTION organizations_list_counts();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION registration_requests_list_counts() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM list_counts_move('registration_requests', NULL, NULL, 0, NEW.status);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM list_counts_move('registration_requests', 0, OLD.status, NULL, NULL);
  ELSE
    PERFORM list_counts_move('registration_requests', 0, OLD.status, 0, NEW.status);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER registration_requests_list_counts AFTER INSERT OR DELETE OR UPDATE OF status ON registration_requests
  FOR EACH ROW EXECUTE FUNCTION registration_requests_list_counts();
--> statement-breakpoint
-- Counting stops at TRUNCATE; refuse it rather than let totals drift.
CREATE OR REPLACE FUNCTION list_counts_refuse_truncate() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% cannot be truncated: list_counts would drift; delete the rows instead', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER organizations_no_truncate BEFORE TRUNCATE ON organizations FOR EACH STATEMENT EXECUTE FUNCTION list_counts_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER registration_requests_no_truncate BEFORE TRUNCATE ON registration_requests FOR EACH STATEMENT EXECUTE FUNCTION list_counts_refuse_truncate();
--> statement-breakpoint
INSERT INTO list_counts (list, owner, status, n)
  SELECT 'organizations', coalesce(agency_id, 0), status, count(*) FROM organizations GROUP BY 2, 3
  UNION ALL
  SELECT 'registration_requests', 0, status, count(*) FROM registration_requests GROUP BY 3
ON CONFLICT (list, owner, status) DO UPDATE SET n = excluded.n;
