-- The one platform settings row, and the core plugin catalog.
INSERT INTO platform_settings (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
INSERT INTO plugins (key, name, description, position) VALUES
  ('ecommerce', 'E-commerce', 'A shop with products, cart and checkout on the tenant''s site.', 10),
  ('linkedin', 'LinkedIn', 'Publishes posts and company updates to LinkedIn.', 20),
  ('calendar', 'Calendar', 'Events and bookings with a public calendar page.', 30),
  ('news', 'News', 'A newsroom with articles, categories and an RSS feed.', 40),
  ('epaper', 'E-paper', 'Digital editions of a print publication, issued daily, weekly or monthly.', 50),
  ('blog', 'Blog', 'Posts, authors, tags and comments.', 60),
  ('forms', 'Forms', 'Contact and lead forms with submissions in the console.', 70),
  ('analytics', 'Analytics', 'Privacy-friendly visitor statistics for the tenant''s site.', 80)
ON CONFLICT (key) DO NOTHING;
