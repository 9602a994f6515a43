-- Creating organizations and registration requests no longer queue on one counter row. Every insert
-- added to the one list_counts row of its (list, owner, status) and held that row's lock until commit,
-- so concurrent creations ran one at a time from their insert to their commit. The counts are now kept
-- in 16 shards per (list, owner, status), a backend always writing to the same one (its pid modulo 16):
-- transactions on different connections rarely share a row, a transaction never takes two shards (so
-- the key order that prevents deadlocks still holds), and readers sum the shards as they summed owners
-- and statuses. A shard's n may go below zero (a row counted in one shard and removed from another);
-- only the sum is the count.
ALTER TABLE list_counts ADD COLUMN shard smallint NOT NULL DEFAULT 0;
--> statement-breakpoint
ALTER TABLE list_counts DROP CONSTRAINT list_counts_list_owner_status_pk;
--> statement-breakpoint
ALTER TABLE list_counts ADD CONSTRAINT list_counts_list_owner_status_shard_pk PRIMARY KEY (list, owner, status, shard);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION list_counts_shard() RETURNS smallint AS $$
  SELECT (pg_backend_pid() % 16)::smallint
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION list_counts_add_groups(list_name text, groups jsonb) RETURNS void AS $$
BEGIN
  -- In key order, so that concurrent statements cannot deadlock on two counter rows.
  INSERT INTO list_counts (list, owner, status, shard, n)
  SELECT list_name, (g->>'owner')::int, g->>'status', list_counts_shard(), (g->>'n')::bigint
  FROM jsonb_array_elements(groups) g
  ORDER BY (g->>'owner')::int, g->>'status'
  ON CONFLICT (list, owner, status, shard) DO UPDATE SET n = list_counts.n + excluded.n;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION list_counts_move(list_name text, old_owner integer, old_status text, new_owner integer, new_status text)
RETURNS void AS $$
BEGIN
  IF old_owner IS NOT DISTINCT FROM new_owner AND old_status IS NOT DISTINCT FROM new_status THEN
    RETURN;
  END IF;
  -- Both rows at once and in key order, so that two opposite moves at once cannot deadlock.
  INSERT INTO list_counts (list, owner, status, shard, n)
  SELECT list_name, c.owner, c.status, list_counts_shard(), c.n
  FROM (VALUES (old_owner, old_status, -1), (new_owner, new_status, 1)) AS c(owner, status, n)
  WHERE c.status IS NOT NULL
  ORDER BY c.owner, c.status
  ON CONFLICT (list, owner, status, shard) DO UPDATE SET n = list_counts.n + excluded.n;
END;
$$ LANGUAGE plpgsql;
