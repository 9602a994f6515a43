-- A tenant's own data: its website's pages, assets and settings. Applied inside the tenant's schema
-- (search_path set to it), so the names are unqualified; nothing here refers to the public schema.
CREATE TABLE site_pages (
  path text PRIMARY KEY,
  title text NOT NULL,
  sections jsonb NOT NULL,
  position integer NOT NULL,
  build integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE site_assets (
  name text PRIMARY KEY,
  content_type text NOT NULL,
  data bytea NOT NULL,
  build integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE site_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
