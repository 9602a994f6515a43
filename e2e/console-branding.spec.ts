// White-label branding in the browser: an agency admin brands the console in the editor (live preview,
// save, reset), its organization's member signs in and wears that brand (logo, title, favicon, primary
// color, footer as text, no "Powered by"), a superadmin keeps the platform's, and a script URL is
// refused beside its field. Hosts (console domains, subdomains) are covered by the domains spec.
import { type Page, expect, test } from "@playwright/test";
import { accessToken, backgroundOf, bearer, createAgencyWithClient, rgbOf, signIn, signedInPage, uniqueTag } from "./helpers";

/** The console's own navigation (the desktop sidebar), not the editor's preview of it. */
const consoleBrand = (page: Page) => page.getByTestId("brand-home");

test("[BRANDING][EDITOR]: the agency admin brands the console with a live preview; its organization's member wears the brand", async ({
  browser,
  request,
}) => {
  const { agencyId, owner, member } = await createAgencyWithClient(request, "brand");
  const tag = uniqueTag();
  const brand = {
    logo: `https://cdn.example.com/${tag}/logo.png`,
    favicon: `https://cdn.example.com/${tag}/favicon.ico`,
    appName: `Acme Console ${tag}`,
    footer: "<b>Acme</b> & Co <script>alert(1)</script>",
  };

  const admin = await signedInPage(browser, owner);
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Branding" }).click();
  await expect(admin).toHaveURL(new RegExp(`/agencies/${agencyId}/branding$`));
  await expect(admin.getByRole("heading", { name: "Branding", exact: true })).toBeVisible();

  // The live preview follows every change before anything is saved.
  const preview = admin.getByTestId("branding-preview");
  await admin.getByLabel("Logo URL").fill(brand.logo);
  await expect(admin.getByRole("img", { name: "Logo URL preview" })).toHaveAttribute("src", brand.logo);
  await expect(preview.getByTestId("preview-nav").getByTestId("brand-logo")).toHaveAttribute("src", brand.logo);
  await admin.getByLabel("Favicon URL").fill(brand.favicon);
  await admin.getByLabel("Primary color", { exact: true }).fill("#ff5733");
  expect(await backgroundOf(preview.getByTestId("preview-button"))).toBe("rgb(255, 87, 51)");
  await expect(admin.getByLabel("Primary color picker")).toHaveValue("#ff5733");
  await admin.getByLabel("Secondary color picker").fill("#112233");
  await expect(admin.getByLabel("Secondary color", { exact: true })).toHaveValue("#112233");
  expect(await backgroundOf(preview.getByTestId("preview-nav"))).toBe("rgb(17, 34, 51)");
  await admin.getByLabel("App name").fill(brand.appName);
  await expect(preview.getByTestId("preview-app-name")).toHaveText(brand.appName);
  await expect(preview.getByTestId("preview-sign-in")).toContainText(`Sign in to ${brand.appName}`);
  await admin.getByLabel("Footer text").fill(brand.footer);
  await admin.getByLabel("Support email").fill(`support-${tag}@acme.example`);
  await expect(preview).toContainText("Powered by Control Plane");
  await admin.getByLabel("Hide the “Powered by” line").check();
  await expect(preview).not.toContainText("Powered by");
  await expect(preview.getByTestId("brand-footer-text")).toHaveText(brand.footer);

  await admin.getByRole("button", { name: "Save branding" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  // The admin's own console wears it at once.
  await expect(consoleBrand(admin)).toContainText(brand.appName);

  // The organization's member, at a browser of their own, signs in to the agency's brand.
  const client = await signedInPage(browser, member);
  await expect(client).toHaveTitle(new RegExp(brand.appName));
  await expect(consoleBrand(client)).toContainText(brand.appName);
  await expect(consoleBrand(client).getByTestId("brand-logo")).toHaveAttribute("src", brand.logo);
  await expect(client.locator('link[rel="icon"]')).toHaveAttribute("href", brand.favicon);
  await client.goto("/tokens");
  await expect(client).toHaveTitle(`API tokens · ${brand.appName}`);
  expect(await backgroundOf(client.getByRole("button", { name: "Create token" }))).toBe("rgb(255, 87, 51)");
  const footer = client.getByTestId("brand-footer");
  await expect(footer.getByTestId("brand-footer-text")).toHaveText(brand.footer);
  await expect(footer.getByRole("link", { name: `Support: support-${tag}@acme.example` })).toHaveAttribute(
    "href",
    `mailto:support-${tag}@acme.example`,
  );
  await expect(client.getByText("Powered by", { exact: false })).toHaveCount(0);
  expect(await client.evaluate(() => document.querySelectorAll("footer script, footer b").length)).toBe(0);

  // Reset to default, confirmed: the member's next page load is on the platform's brand again.
  await admin.getByRole("button", { name: "Reset to default…" }).click();
  await admin.getByRole("dialog", { name: "Reset the branding to the default?" }).getByRole("button", { name: "Reset to default" }).click();
  await expect(admin.getByLabel("App name")).toHaveValue("");
  await expect(admin.getByLabel("Logo URL")).toHaveValue("");
  await expect(consoleBrand(admin)).not.toContainText(brand.appName);
  await client.reload();
  await expect(consoleBrand(client)).not.toContainText(brand.appName);
  await expect(consoleBrand(client).getByTestId("brand-logo")).toHaveCount(0);
  await expect(client).not.toHaveTitle(new RegExp(brand.appName));
});

test("[BRANDING][PLATFORM]: a superadmin sees the platform's brand, not an agency's", async ({ page, request }) => {
  const { agencyId } = await createAgencyWithClient(request, "brand");
  const token = await accessToken(request);
  const saved = await request.put(`/api/tenants/admins/${agencyId}/branding`, {
    headers: bearer(token),
    data: { branding: { app_name: `Not the platform ${uniqueTag()}`, primary_color: "#00ff00", logo_url: "https://cdn.example.com/agency.png" } },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  const platform = (await (await request.get("/api/tenants/branding/current", { headers: bearer(token) })).json()) as {
    source: string;
    branding: { app_name: string; primary_color: string };
  };
  expect(platform.source).toBe("platform");

  await signIn(page);
  await expect(page).toHaveTitle(new RegExp(platform.branding.app_name));
  await expect(consoleBrand(page)).toHaveText(new RegExp(platform.branding.app_name));
  await page.goto("/tokens");
  expect(await backgroundOf(page.getByRole("button", { name: "Create token" }))).toBe(rgbOf(platform.branding.primary_color));
  await expect(consoleBrand(page).getByTestId("brand-logo")).toHaveCount(0);
});

test("[BRANDING][VALIDATION]: a javascript: logo URL is refused beside its field and nothing is saved", async ({ browser, request }) => {
  const { agencyId, owner } = await createAgencyWithClient(request, "brand");
  const admin = await signedInPage(browser, owner);
  await admin.goto(`/agencies/${agencyId}/branding`);

  await admin.getByLabel("App name").fill("Should not be saved");
  await admin.getByLabel("Logo URL").fill("javascript:alert(document.cookie)");
  // Never rendered as an image, in the field's preview or the live preview.
  await expect(admin.locator('img[src^="javascript"]')).toHaveCount(0);
  await admin.getByRole("button", { name: "Save branding" }).click();
  await expect(admin.getByRole("alert").filter({ hasText: "The logo url field must start with one of the following: https://." })).toBeVisible();
  await admin.getByLabel("Primary color", { exact: true }).fill("red;}body{background:url(//x)}");
  await admin.getByLabel("Primary color", { exact: true }).blur();
  await expect(admin.getByRole("alert").filter({ hasText: "The primary color field must be a hex color such as #4f46e5 or #fff." })).toBeVisible();
  await expect(admin.getByRole("status").filter({ hasText: "Saved." })).toHaveCount(0);

  const stored = await admin.request.get(`/api/tenants/admins/${agencyId}/branding`);
  expect((await stored.json()).branding).toMatchObject({ logo_url: null, app_name: null, primary_color: null });
});
