// An agency's life in the console: the superadmin invites its owner, who sets a password through the
// one-time link, signs in and creates the agency's first organization; creating an organization with
// a taken or malformed slug is answered beside the slug field.
import { type APIRequestContext, type Page, expect, test } from "@playwright/test";
import { accessToken, bearer, createTenant, signIn, submitSignIn, uniqueSlug, uniqueTag } from "./helpers";
import { SUPERADMIN_EMAIL } from "./support";

async function createAgency(request: APIRequestContext, name: string): Promise<number> {
  const response = await request.post("/api/tenants/admins", { headers: bearer(await accessToken(request)), data: { name } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).id as number;
}

/** The value beside a label in a detail page's facts. */
function shownValue(page: Page, label: string) {
  return page
    .locator("dl > div")
    .filter({ has: page.locator("dt").getByText(label, { exact: true }) })
    .locator("dd");
}

test("[AGENCIES][INVITE-OWNER]: the superadmin invites an owner, who sets a password, signs in and creates the agency's organization", async ({
  page,
  browser,
  request,
}) => {
  const tag = uniqueTag();
  const agencyName = `Invite Agency ${tag}`;
  const agencyId = await createAgency(request, agencyName);
  const owner = { email: `owner-${tag}@e2e.example.com`, name: `Olive ${tag}`, password: `olive-${tag}-Passw0rd` };

  await signIn(page);
  await page.goto(`/agencies/${agencyId}`);
  await expect(page.getByRole("heading", { name: agencyName })).toBeVisible();
  await expect(shownValue(page, "Owner user id")).toHaveText("—");
  await page.getByRole("button", { name: "Invite owner…" }).click();
  const dialog = page.getByRole("dialog", { name: `Invite an owner for ${agencyName}` });
  await expect(dialog).toBeVisible();

  // A taken email is refused beside the field, and the dialog stays open for another try.
  await dialog.getByLabel("Email").fill(SUPERADMIN_EMAIL);
  await dialog.getByLabel("Name").fill(owner.name);
  await dialog.getByRole("button", { name: "Invite owner" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("The email has already been taken.");

  await dialog.getByLabel("Email").fill(owner.email);
  await dialog.getByRole("button", { name: "Invite owner" }).click();
  await expect(dialog.getByRole("status")).toHaveText(`${owner.name} (${owner.email}) is now the owner of ${agencyName}.`);
  await expect(dialog).toContainText("It works once, for 72 hours, and is shown only now");
  const link = dialog.getByTestId("set-password-url");
  await expect(link).toHaveText(/\/set-password\?token=\S+$/);
  const setPasswordUrl = (await link.textContent())!.trim();
  await expect(dialog.getByRole("button", { name: "Copy link" })).toBeVisible();
  // The page behind the dialog already shows the new owner.
  await expect(shownValue(page, "Owner user id")).toHaveText(/^#\d+$/);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();

  // The owner, at a browser of their own, follows the link.
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await ownerPage.goto(setPasswordUrl);
  await ownerPage.getByLabel("New password (at least 8 characters)").fill(owner.password);
  await ownerPage.getByLabel("Repeat it").fill(owner.password);
  await ownerPage.getByRole("button", { name: "Set password" }).click();
  await ownerPage.getByRole("link", { name: `Sign in as ${owner.email}` }).click();
  await expect(ownerPage).toHaveURL(/\/login/);
  await submitSignIn(ownerPage, owner.email, owner.password);
  await expect(ownerPage.getByTestId("current-user")).toHaveText(owner.email);
  await expect(ownerPage).toHaveURL(/\/organizations$/);
  await expect(ownerPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My agency" })).toBeVisible();

  // Its first organization: an admin of one agency is not asked which.
  const orgName = `Client ${tag}`;
  const slug = uniqueSlug("cli");
  await ownerPage.getByRole("button", { name: "New organization" }).click();
  const create = ownerPage.getByRole("dialog", { name: "New organization" });
  await expect(create.getByText("3-63 lowercase letters, digits and single hyphens")).toBeVisible();
  await expect(create.getByLabel(/^Agency/)).toHaveCount(0);
  await create.getByLabel("Name").fill(orgName);
  await create.getByLabel("Slug").fill(slug);
  await create.getByRole("button", { name: "Create organization" }).click();
  await expect(ownerPage).toHaveURL(/\/organizations\/[0-9a-f-]{36}$/);
  await expect(ownerPage.getByRole("heading", { name: orgName })).toBeVisible();
  await expect(shownValue(ownerPage, "Agency")).toHaveText(agencyName);

  await ownerPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Organizations" }).click();
  const row = ownerPage.getByRole("row").filter({ hasText: orgName });
  await expect(row.getByRole("cell")).toHaveText([orgName, slug, "active", agencyName, /UTC$/]);
  await expect(row.getByRole("link", { name: agencyName })).toHaveAttribute("href", `/agencies/${agencyId}`);

  // The superadmin sees it under the agency too, and the agency's count grew.
  await page.goto(`/organizations?q=${slug}`);
  const adminRow = page.getByRole("row").filter({ hasText: orgName });
  await adminRow.getByRole("link", { name: agencyName }).click();
  await expect(page).toHaveURL(new RegExp(`/agencies/${agencyId}$`));
  await expect(shownValue(page, "Organizations")).toHaveText("1");
  await ownerContext.close();
});

test("[ORGANIZATIONS][CREATE]: a taken slug and a malformed one are shown on the slug field; the superadmin picks the agency", async ({
  page,
  request,
}) => {
  const tag = uniqueTag();
  const agencyName = `Picked Agency ${tag}`;
  const agencyId = await createAgency(request, agencyName);
  const taken = await createTenant(request, await accessToken(request));

  await signIn(page);
  await page.goto("/organizations");
  await page.getByRole("button", { name: "New organization" }).click();
  const dialog = page.getByRole("dialog", { name: "New organization" });
  const orgName = `Picked ${tag}`;
  await dialog.getByLabel("Name").fill(orgName);
  await dialog.getByLabel("Slug").fill(taken.slug);
  await dialog.getByRole("button", { name: "Create organization" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Tenant slug already exists");
  await expect(dialog.getByLabel("Slug")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/organizations$/);

  await dialog.getByLabel("Slug").fill("Not_A_Subdomain");
  await dialog.getByRole("button", { name: "Create organization" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("The slug field format is invalid.");

  // While the request is in flight the button says so and cannot be pressed twice.
  const slug = uniqueSlug("pick");
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/tenants/organizations", async (route) => {
    await held;
    await route.continue();
  });
  await dialog.getByLabel("Slug").fill(slug);
  await dialog.getByLabel("Agency (optional)").selectOption({ label: agencyName });
  await dialog.getByRole("button", { name: "Create organization" }).click();
  await expect(dialog.getByRole("button", { name: "Creating…" })).toBeDisabled();
  release();

  await expect(page).toHaveURL(/\/organizations\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: orgName })).toBeVisible();
  await expect(shownValue(page, "Agency")).toHaveText(agencyName);
  await expect(shownValue(page, "Slug")).toHaveText(slug);
  await page.goto(`/organizations?q=${slug}`);
  await expect(page.getByRole("row").filter({ hasText: orgName }).getByRole("link", { name: agencyName })).toHaveAttribute(
    "href",
    `/agencies/${agencyId}`,
  );
});
