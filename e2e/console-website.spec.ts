// The organization page's Website panel in the browser: the build's progress to "Completed", the link to
// the site, and a rebuild asked for, confirmed and followed to its end.
import { expect, test } from "@playwright/test";
import { accessToken, bearer, signIn, uniqueSlug } from "./helpers";

test("[WEBSITE][PANEL]: a superadmin follows a tenant's build, opens its site and rebuilds it", async ({ page, request }) => {
  const token = await accessToken(request);
  const subdomain = uniqueSlug("panel");
  const created = await request.post("/api/tenants", { headers: bearer(token), data: { name: "Panel Works", subdomain } });
  expect(created.status(), await created.text()).toBe(200);
  const { tenant_id } = await created.json();

  await signIn(page);
  await page.goto(`/organizations/${tenant_id}`);
  const step = page.getByTestId("website-step");
  await expect(step).toHaveText("Completed", { timeout: 30_000 });
  await expect(page.getByRole("progressbar", { name: "Website build" })).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByRole("link", { name: "Open the site" })).toHaveAttribute("href", `/sites/${subdomain}`);

  await page.getByRole("button", { name: "Rebuild" }).click();
  const dialog = page.getByRole("dialog", { name: "Rebuild the website?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Rebuild" }).click();
  await expect(dialog).toBeHidden();
  await expect(step).toHaveText("Completed", { timeout: 30_000 });
  const status = await (await request.get(`/api/tenants/${tenant_id}/website-status`, { headers: bearer(token) })).json();
  expect(status).toMatchObject({ success: true, building_progress: 100 });

  const site = await request.get(`/sites/${subdomain}`);
  expect(site.status()).toBe(200);
  expect(await site.text()).toContain("Welcome to Panel Works");
});
