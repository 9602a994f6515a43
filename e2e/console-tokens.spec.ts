// Personal API tokens in the console: create one, use it against the API, find its tenant, revoke it.
import { expect, test } from "@playwright/test";
import { accessToken, bearer, createTenant, expectProblem, signIn, uniqueTag } from "./helpers";

test("[TOKENS][CREATE]: a token made in the console creates a tenant through the API until it is revoked", async ({ page, request }) => {
  const tag = uniqueTag();
  const tokenName = `Billing system ${tag}`;
  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
  await expect(page).toHaveURL(/\/tokens$/);

  await page.getByLabel("Name").fill(tokenName);
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByTestId("new-token");
  await expect(shown).toHaveText(/^cpt_\S+$/);
  const token = (await shown.textContent())!.trim();
  const row = page.getByRole("row").filter({ hasText: tokenName });
  await expect(row).toContainText("active");

  // The spec's own HTTP client: no console cookie, only the token.
  const tenantName = `Token Tenant ${tag}`;
  const slug = `tok-${tag}`;
  const created = await request.post("/api/v1/tenants", { headers: bearer(token), data: { name: tenantName, slug } });
  expect(created.status(), await created.text()).toBe(201);
  const tenant = await created.json();

  // Shown once: after a reload only its prefix is left.
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await expect(page.getByText(token)).toHaveCount(0);
  await expect(page.getByRole("row").filter({ hasText: tokenName })).toContainText(token.slice(0, 12));

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Organizations" }).click();
  await expect(page).toHaveURL(/\/organizations$/);
  await expect(page.getByRole("link", { name: tenantName })).toBeVisible();

  await page.getByLabel("Search by name or slug").fill(slug);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${slug}`));
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(2); // the header and our tenant
  await expect(rows.nth(1)).toContainText(slug);
  await expect(page.getByText("1–1 of 1")).toBeVisible();

  await page.getByRole("link", { name: tenantName }).click();
  await expect(page).toHaveURL(new RegExp(`/organizations/${tenant.id}$`));
  await expect(page.getByRole("heading", { name: tenantName })).toBeVisible();
  await expect(page.getByText(tenant.id)).toBeVisible();
  await expect(page.getByText(slug, { exact: true })).toBeVisible();

  await page.goto("/tokens");
  const tokenRow = page.getByRole("row").filter({ hasText: tokenName });
  await tokenRow.getByRole("button", { name: `Revoke ${tokenName}` }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke this token?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(tokenName);
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(dialog).toBeHidden();
  await expect(tokenRow).toContainText("revoked");
  await expect(tokenRow.getByRole("button", { name: `Revoke ${tokenName}` })).toHaveCount(0);

  const refused = await request.post("/api/v1/tenants", { headers: bearer(token), data: { name: `After ${tag}`, slug: `tok-after-${tag}` } });
  await expectProblem(refused, 401, "Authentication required");
  await expectProblem(await request.get(`/api/v1/tenants/${tenant.id}`, { headers: bearer(token) }), 401, "Authentication required");
});

test("[TOKENS][CREATE]: cancelling the revoke dialog keeps the token working", async ({ page, request }) => {
  const tokenName = `Kept ${uniqueTag()}`;
  await signIn(page);
  await page.goto("/tokens");
  await page.getByLabel("Name").fill(tokenName);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();

  const tokenRow = page.getByRole("row").filter({ hasText: tokenName });
  await tokenRow.getByRole("button", { name: `Revoke ${tokenName}` }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke this token?" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(tokenRow).toContainText("active");

  expect((await request.get("/api/v1/tenants?limit=1", { headers: bearer(token) })).status()).toBe(200);
});

test("[TOKENS][SCOPES]: a usage-reporting token reports usage and is refused everywhere else", async ({ page, request }) => {
  const tag = uniqueTag();
  const tokenName = `Metering ${tag}`;
  await signIn(page);
  await page.goto("/tokens");
  await page.getByLabel("Name").fill(tokenName);
  await page.getByLabel("Access").selectOption({ label: "Usage reporting only" });
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  await expect(page.getByRole("row").filter({ hasText: tokenName })).toContainText("Usage reporting");

  const tenant = await request.post("/api/v1/tenants", { headers: bearer(token), data: { name: `Scoped ${tag}`, slug: `scoped-${tag}` } });
  await expectProblem(tenant, 403, "This API token is limited to usage and cannot be used here.");
  const organizations = await request.get("/api/tenants/organizations", { headers: bearer(token) });
  expect(organizations.status()).toBe(403);

  const org = await createTenant(request, await accessToken(request));
  const reported = await request.post(`/api/tenants/organizations/${org.id}/usage`, {
    headers: bearer(token),
    data: { metric: "api_calls", quantity: 42, idempotency_key: tag },
  });
  expect(reported.status(), await reported.text()).toBe(200);
  const usage = await request.get(`/api/tenants/organizations/${org.id}/usage`, { headers: bearer(token) });
  expect((await usage.json()).api_calls).toEqual({ used: 42 });
});
