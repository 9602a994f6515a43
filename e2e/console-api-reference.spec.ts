// The API reference page rendered from the OpenAPI document.
import { expect, test } from "@playwright/test";

test("[DOCS][READ]: /docs/api lists the tenants operations", async ({ page }) => {
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tenant control plane API");
  const tenants = page.locator("section#tenants");
  await expect(tenants.getByRole("heading", { name: "Tenants" })).toBeVisible();
  await expect(tenants.getByText("/api/v1/tenants", { exact: true }).first()).toBeVisible();

  const create = tenants.locator("details").filter({ has: page.locator("summary", { hasText: "Create a tenant (organization)" }) });
  await create.locator("summary").click();
  await expect(create.getByText("Requires authentication.")).toBeVisible();
  await expect(create.getByRole("heading", { name: "Request body" })).toBeVisible();
  await expect(page.getByRole("link", { name: "/api/openapi.json" })).toHaveAttribute("href", "/api/openapi.json");
});
