// Seed 000, black-box against the running server with its job workers: a tenant created by
// POST /api/tenants is built by the website job (website-status reaches 100) and served as a site on
// its own host and at /sites/{slug}; suspended, the site is temporarily unavailable.
import { expect, test } from "@playwright/test";
import { accessToken, bearer, createPasswordUser, uniqueSlug } from "./helpers";
import { E2E_ROOT_DOMAIN } from "./support";

let token: string;
test.beforeAll(async ({ request }) => {
  token = await accessToken(request);
});

const tenantHost = (slug: string) => ({ host: `${slug}.${E2E_ROOT_DOMAIN}` });

test("[TENANTS][SEED 000]: a tenant is created, built to 100 and served on its own host", async ({ request }) => {
  const owner = await createPasswordUser(request, token, "seed000");
  const subdomain = uniqueSlug("my-organization");
  const created = await request.post("/api/tenants", {
    headers: { ...bearer(token), accept: "application/json" },
    data: { email: owner.email, name: "My Organization", subdomain },
  });
  expect(created.status(), await created.text()).toBe(200);
  const { tenant_id } = await created.json();
  expect(tenant_id).toMatch(/^[0-9a-f-]{36}$/);

  await expect
    .poll(async () => (await (await request.get(`/api/tenants/${tenant_id}/website-status`, { headers: bearer(token) })).json()).building_progress, {
      timeout: 30_000,
    })
    .toBe(100);
  const status = await (await request.get(`/api/tenants/${tenant_id}/website-status`, { headers: bearer(token) })).json();
  expect(status).toEqual({ tenant_id, success: true, building_progress: 100, error_message: null, prompt: { process_status: "completed" } });

  const home = await request.get("/", { headers: tenantHost(subdomain) });
  expect(home.status()).toBe(200);
  expect(home.headers()["content-type"]).toContain("text/html");
  const html = await home.text();
  expect(html).toContain("Welcome to My Organization");
  expect(html).toContain('href="/about"');
  const hero = await request.get("/_hero?v=1", { headers: tenantHost(subdomain) });
  expect(hero.status()).toBe(200);
  expect(hero.headers()["content-type"]).toBe("image/svg+xml");
  expect((await request.get(`/sites/${subdomain}/about`)).status()).toBe(200);
  // The sign-in page stays the console's on the tenant's host.
  expect(await (await request.get("/admin/login", { headers: tenantHost(subdomain) })).text()).toContain("Sign in");

  const suspend = await request.put(`/api/tenants/organizations/${tenant_id}/status`, {
    headers: bearer(token),
    data: { status: "suspended", reason: "Unpaid invoice" },
  });
  expect(suspend.status(), await suspend.text()).toBe(200);
  const paused = await request.get("/", { headers: tenantHost(subdomain) });
  expect(paused.status()).toBe(503);
  expect(await paused.text()).toContain("Temporarily unavailable");
});

test("[TENANTS][SEED 000]: website-status of an unknown tenant is the seed's 404, and 401 without a token", async ({ request }) => {
  const unknown = await request.get("/api/tenants/860f5708-21eb-44bf-bb4f-ce1dbed2ede1/website-status", { headers: bearer(token) });
  expect(unknown.status()).toBe(404);
  expect(await unknown.json()).toEqual({ message: "No query results" });
  const anonymous = await request.get("/api/tenants/860f5708-21eb-44bf-bb4f-ce1dbed2ede1/website-status");
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.json()).toEqual({ message: "Unauthorized" });
  const nowhere = await request.get("/", { headers: tenantHost(uniqueSlug("nobody")) });
  expect(nowhere.status()).toBe(404);
});
