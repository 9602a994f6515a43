// Seed 002's example request bodies, verbatim, shared by the route tests and the black-box e2e specs.
// Tests that need a unique value (an email, a slug, a domain) override only that value.

export const SEED_REGISTER = {
  email: "user@example.com",
  password: "securepassword",
  company_name: "Acme Corp",
  contact_name: "John Doe",
  phone: "+1234567890",
  desired_org_name: "Acme Corp",
  desired_org_slug: "acme-corp",
  utm_source: "google",
  utm_medium: "cpc",
  utm_campaign: "summer",
};
export const SEED_APPROVE = { org_name: "Custom Name", org_slug: "custom-slug", initial_credit_limit: 5000, storage_limit_gb: 20, max_users: 25 };
export const SEED_REJECT = { reason: "Invalid business information provided" };
export const SEED_EDIT = {
  name: "New Name",
  custom_domain: "app.example.com",
  enabled_plugins: ["ecommerce", "linkedin", "calendar"],
  credit_limit: 10000,
  storage_limit_gb: 50,
  max_users: 100,
  bandwidth_limit_gb: 500,
};
export const SEED_STATUS = { status: "suspended" };
export const SEED_SETTINGS = {
  auto_approve_registrations: false,
  default_storage_limit_gb: 10,
  default_max_users: 10,
  default_bandwidth_limit_gb: 100,
  default_credit_limit: 0,
};
/** "Update Admin Branding": the body is `{ branding: SEED_BRANDING }`. */
export const SEED_BRANDING = {
  logo_url: "https://example.com/logo.png",
  favicon_url: "https://example.com/favicon.ico",
  primary_color: "#FF5733",
  secondary_color: "#33FF57",
  app_name: "My App",
  footer_text: "© 2024 My Company",
  support_email: "support@example.com",
  hide_powered_by: true,
};
/** The core plugins the catalog must offer. */
export const CORE_PLUGINS = ["ecommerce", "linkedin", "calendar", "news", "epaper", "blog", "forms", "analytics"];
