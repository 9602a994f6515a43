// The registration workflow in the console, from the public form to the registrant's first sign-in;
// managing and suspending an organization; the platform defaults behind the approve form.
import { type Browser, type BrowserContext, type Page, expect, test } from "@playwright/test";
import { accessToken, bearer, createOrganizationOwner, freshClientIp, signIn, uniqueSlug, uniqueTag } from "./helpers";
import { type Registrant, newRegistrant, submitRegistration, withPlatformSettingsLock } from "./registrations";

// What a locked-out member reads: the suspension's reason is part of it.
const suspendedMessage = (reason: string) => `This organization is suspended (${reason}). Contact your administrator to restore access.`;

// Other people, each at a browser of their own; closed after every test.
const contexts: BrowserContext[] = [];
async function anotherPerson(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

/**
 * Fills in every field of the public form and submits it. Registrations are rate limited per client
 * ip, so the visitor comes from `ip` rather than loopback. Returns the reference number shown.
 */
async function registerInBrowser(page: Page, registrant: Registrant, ip: string, query = ""): Promise<number> {
  await page.setExtraHTTPHeaders({ "x-forwarded-for": ip });
  await page.goto(`/register${query}`);
  await expect(page.getByRole("heading", { name: "Register your organization" })).toBeVisible();
  const fields: [string, string][] = [
    ["Company name", registrant.company_name],
    ["Your name", registrant.contact_name],
    ["Work email", registrant.email],
    ["Phone (optional)", registrant.phone],
    ["Password", registrant.password],
    ["Organization name", registrant.desired_org_name],
    ["Subdomain", registrant.desired_org_slug],
  ];
  for (const [label, value] of fields) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole("button", { name: "Submit registration" }).click();
  const confirmation = page.getByRole("status");
  await expect(confirmation.getByRole("heading", { name: "Registration received" })).toBeVisible();
  await expect(confirmation).toContainText("waiting for approval");
  const reference = await confirmation.getByText(/^Reference #\d+$/).textContent();
  return Number(reference!.replace(/\D/g, ""));
}

/** The status badge in a detail page's header. */
function statusBadge(page: Page, status: string) {
  return page.getByRole("main").getByText(status, { exact: true });
}

/** The value beside a label in one of a page's definition lists (organization limits, review). */
function shownValue(page: Page, label: string) {
  return page
    .locator("dl > div")
    .filter({ has: page.locator("dt").getByText(label, { exact: true }) })
    .locator("dd");
}

/** Marks the window so that a later check can tell whether the page was reloaded since. */
async function markWindow(page: Page) {
  await page.evaluate(() => ((window as unknown as { e2eMark: boolean }).e2eMark = true));
}
async function stillSameWindow(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { e2eMark?: boolean }).e2eMark === true);
}

test("[REGISTRATIONS][APPROVE]: a visitor registers, the superadmin approves with another slug and provisions, the registrant signs in", async ({
  page,
  browser,
}) => {
  const visitor = newRegistrant("appr");
  const visitorIp = freshClientIp();
  const id = await registerInBrowser(page, visitor, visitorIp, "?utm_source=google");

  const admin = await anotherPerson(browser);
  await signIn(admin);
  await expect(admin).toHaveURL(/\/registrations$/);
  const tabs = admin.getByRole("navigation", { name: "Registration status" });
  await expect(tabs.getByRole("link", { name: /^Pending/ })).toHaveAttribute("aria-current", "page");
  const row = admin.getByRole("row").filter({ hasText: visitor.email });
  await expect(row.getByRole("cell")).toHaveText([
    visitor.company_name,
    `${visitor.contact_name}${visitor.email}`,
    visitor.desired_org_slug,
    "google",
    "pending approval",
    /\d/,
  ]);
  // The navigation counts what waits for review (other specs' registrations included).
  const pendingBadge = admin
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: /Registrations/ })
    .getByLabel(/^\d+ pending$/);
  await expect(pendingBadge).toHaveText(/^\d+$/);
  expect(Number(await pendingBadge.textContent())).toBeGreaterThanOrEqual(1);

  await row.getByRole("link", { name: visitor.company_name }).click();
  await expect(admin).toHaveURL(new RegExp(`/registrations/${id}$`));
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(visitor.company_name);
  await expect(statusBadge(admin, "pending approval")).toBeVisible();
  const submitted: Record<string, string> = {
    company: visitor.company_name,
    contact: visitor.contact_name,
    email: visitor.email,
    phone: visitor.phone,
    "desired-organization-name": visitor.desired_org_name,
    "desired-slug": visitor.desired_org_slug,
    "utm-source": "google",
    "utm-medium": "—",
    "utm-campaign": "—",
    "client-ip": visitorIp,
  };
  for (const [field, value] of Object.entries(submitted)) await expect(admin.getByTestId(`field-${field}`), field).toHaveText(value);
  await expect(admin.getByText(visitor.password)).toHaveCount(0);

  const approveForm = admin.getByRole("form", { name: "Approve registration" });
  await expect(approveForm.getByLabel("Organization name")).toHaveValue(visitor.desired_org_name);
  await expect(approveForm.getByLabel("Slug (subdomain)")).toHaveValue(visitor.desired_org_slug);
  const slug = uniqueSlug("approved");
  await approveForm.getByLabel("Slug (subdomain)").fill(slug);
  await approveForm.getByLabel("Credit limit (per month)").fill("5000");
  await markWindow(admin);
  await approveForm.getByRole("button", { name: "Approve", exact: true }).click();

  await expect(statusBadge(admin, "approved")).toBeVisible();
  const provision = admin.getByRole("button", { name: "Provision organization" });
  await expect(provision).toBeVisible();
  await expect(approveForm).toHaveCount(0);
  await expect(shownValue(admin, "Slug")).toHaveText(slug);
  await expect(shownValue(admin, "Credit limit")).toHaveText("5,000");
  expect(await stillSameWindow(admin), "the page updated in place, without a reload").toBe(true);

  await provision.click();
  const openOrganization = admin.getByRole("link", { name: /Open the organization/ });
  await expect(openOrganization).toBeVisible();
  await expect(statusBadge(admin, "active")).toBeVisible();
  expect(await stillSameWindow(admin)).toBe(true);
  await openOrganization.click();
  await expect(admin).toHaveURL(/\/organizations\/[0-9a-f-]{36}$/);
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(visitor.desired_org_name);
  const organizationUrl = admin.url();

  // The registrant, at a computer of their own, signs in with what they registered with.
  const registrant = await anotherPerson(browser);
  await signIn(registrant, visitor.email, visitor.password);
  // Signing in lands on "/", which sends an organization's member on to its page.
  await expect(registrant).toHaveURL(organizationUrl);
  await expect(registrant.getByRole("heading", { level: 1 })).toHaveText(visitor.desired_org_name);
  await expect(shownValue(registrant, "Slug")).toHaveText(slug);
  await expect(shownValue(registrant, "Credit limit (per month)")).toHaveText("5,000");
  await expect(registrant.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My organization" })).toBeVisible();
  // A member uses the organization; only the platform manages it.
  await expect(registrant.getByRole("form", { name: "Edit organization" })).toHaveCount(0);
});

test("[REGISTRATIONS][REJECT]: a registration rejected with a reason is listed under Rejected", async ({ page, request }) => {
  const visitor = newRegistrant("rej");
  const id = await submitRegistration(request, visitor, { utm_source: "newsletter" });
  const reason = `Invalid business information provided (${uniqueTag()})`;

  await signIn(page);
  await page.goto(`/registrations/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(visitor.company_name);

  // By keyboard: open the reject form, write the reason, Tab to the confirmation and press Enter.
  await page.getByRole("button", { name: "Reject…" }).focus();
  await page.keyboard.press("Enter");
  const rejectForm = page.getByRole("form", { name: "Reject registration" });
  await rejectForm.getByLabel("Reason for rejection (sent to the registrant)").fill(reason);
  await page.keyboard.press("Tab");
  await expect(rejectForm.getByRole("button", { name: "Confirm rejection" })).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(statusBadge(page, "rejected")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Rejected", level: 2 })).toBeVisible();
  await expect(shownValue(page, "Rejection reason")).toHaveText(reason);
  await expect(page.getByRole("form", { name: "Approve registration" })).toHaveCount(0);

  await page.getByRole("link", { name: "← Rejected registrations" }).click();
  await expect(page).toHaveURL(/\/registrations\?status=rejected$/);
  const tabs = page.getByRole("navigation", { name: "Registration status" });
  await expect(tabs.getByRole("link", { name: /^Rejected/ })).toHaveAttribute("aria-current", "page");
  const row = page.getByRole("row").filter({ hasText: visitor.email });
  await expect(row).toContainText(visitor.company_name);
  await expect(row).toContainText("rejected");
  await expect(row).toContainText("newsletter");

  await tabs.getByRole("link", { name: /^Pending/ }).click();
  await expect(page).toHaveURL(/status=pending_approval$/);
  await expect(page.getByRole("row").filter({ hasText: visitor.email })).toHaveCount(0);
});

test("[REGISTRATIONS][SHORTCUT]: Approve and provision does both in one click", async ({ page, request }) => {
  const visitor = newRegistrant("short");
  const id = await submitRegistration(request, visitor);

  await signIn(page);
  await page.goto(`/registrations/${id}`);
  await markWindow(page);
  await page.getByRole("form", { name: "Approve registration" }).getByRole("button", { name: "Approve and provision" }).click();

  const openOrganization = page.getByRole("link", { name: /Open the organization/ });
  await expect(openOrganization).toBeVisible();
  await expect(statusBadge(page, "active")).toBeVisible();
  await expect(page.getByRole("button", { name: "Provision organization" })).toHaveCount(0);
  expect(await stillSameWindow(page)).toBe(true);

  await page.getByRole("link", { name: "← Provisioned registrations" }).click();
  await expect(page.getByRole("row").filter({ hasText: visitor.email })).toContainText("active");

  await page.goto(`/registrations/${id}`);
  await openOrganization.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(visitor.desired_org_name);
  await expect(shownValue(page, "Slug")).toHaveText(visitor.desired_org_slug);

  // The owner account exists with the password from the form.
  const token = await request.post("/api/v1/auth/token", { data: { email: visitor.email, password: visitor.password } });
  expect(token.status()).toBe(200);
});

test("[ORGANIZATIONS][MANAGE]: the superadmin edits an organization, suspends it (its owner is locked out) and reactivates it", async ({
  page,
  browser,
  request,
}) => {
  const owner = await createOrganizationOwner(request, await accessToken(request));
  const tag = uniqueTag();
  const newName = `Managed ${tag}`;
  const reason = `Payment overdue ${tag}`;

  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Organizations" }).click();
  await page.getByLabel("Search by name or slug").fill(owner.slug);
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByRole("row").filter({ hasText: owner.slug }).getByRole("link").click();
  await expect(page).toHaveURL(/\/organizations\/[0-9a-f-]{36}$/);

  const form = page.getByRole("form", { name: "Edit organization" });
  await form.getByLabel("Name", { exact: true }).fill(newName);
  await form.getByRole("checkbox", { name: /^Calendar/ }).check();
  await form.getByRole("checkbox", { name: /^Blog/ }).check();
  await form.getByLabel("Credit limit (per month)").fill("1234");
  await form.getByLabel("Storage (GB)").fill("7");
  await form.getByLabel("Users", { exact: true }).fill("42");
  await form.getByLabel("Bandwidth (GB)").fill("");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved.");

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(newName);
  await expect(shownValue(page, "Credit limit (per month)")).toHaveText("1,234");
  await expect(shownValue(page, "Storage")).toHaveText("7 GB");
  await expect(shownValue(page, "Users")).toHaveText("42");
  await expect(shownValue(page, "Bandwidth")).toHaveText("Unlimited");
  await expect(page.getByRole("main").getByRole("listitem")).toHaveText(["calendar", "blog"]);
  // Stored, not just shown.
  await page.reload();
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue(newName);
  await expect(form.getByRole("checkbox", { name: /^Blog/ })).toBeChecked();
  await expect(form.getByRole("checkbox", { name: /^News/ })).not.toBeChecked();
  await expect(form.getByLabel("Users", { exact: true })).toHaveValue("42");

  await page.getByRole("button", { name: "Suspend", exact: true }).click();
  const suspend = page.getByRole("dialog", { name: "Suspend this organization?" });
  await expect(suspend).toBeVisible();
  await suspend.getByLabel(/^Reason/).fill(reason);
  await suspend.getByRole("button", { name: "Suspend" }).click();
  await expect(suspend).toBeHidden();
  await expect(statusBadge(page, "suspended")).toBeVisible();
  await expect(page.getByText(`Status reason: ${reason}`)).toBeVisible();

  const ownerPage = await anotherPerson(browser);
  await signIn(ownerPage, owner.email, owner.password);
  await expect(ownerPage.getByRole("heading", { name: "Organization unavailable" })).toBeVisible();
  await expect(ownerPage.getByText(suspendedMessage(reason))).toBeVisible();
  await expect(ownerPage.getByText(newName)).toHaveCount(0);
  const refused = await ownerPage.request.get("/api/tenants/my-organization/plugins");
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toEqual({ message: suspendedMessage(reason) });

  await page.getByRole("button", { name: "Reactivate" }).click();
  const reactivate = page.getByRole("dialog", { name: "Reactivate this organization?" });
  await reactivate.getByRole("button", { name: "Reactivate" }).click();
  await expect(reactivate).toBeHidden();
  await expect(statusBadge(page, "active")).toBeVisible();
  await expect(page.getByText(/^Status reason:/)).toHaveCount(0);

  await ownerPage.reload();
  await expect(ownerPage.getByRole("heading", { level: 1 })).toHaveText(newName);
  const allowed = await ownerPage.request.get("/api/tenants/my-organization/plugins");
  expect(allowed.status()).toBe(200);
  expect((await allowed.json()).data.map((p: { key: string }) => p.key)).toEqual(["calendar", "blog"]);
});

test("[SETTINGS][UPDATE]: new defaults saved on /settings prefill the approve form of the next registration", async ({ page, request }) => {
  const token = await accessToken(request);
  await withPlatformSettingsLock(async () => {
    const before = await (await request.get("/api/tenants/settings", { headers: bearer(token) })).json();
    const bump = () => 1 + Math.floor(Math.random() * 900);
    const defaults: [string, string, number][] = [
      ["Default credit limit (per month)", "Credit limit (per month)", before.default_credit_limit + bump()],
      ["Default storage limit (GB)", "Storage limit (GB)", before.default_storage_limit_gb + bump()],
      ["Default max users", "Max users", before.default_max_users + bump()],
      ["Default bandwidth limit (GB)", "Bandwidth limit (GB)", before.default_bandwidth_limit_gb + bump()],
    ];
    try {
      await signIn(page);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
      await expect(page.getByRole("heading", { name: "Platform settings" })).toBeVisible();
      await expect(page.getByLabel("Approve registrations automatically")).not.toBeChecked();
      for (const [label, , value] of defaults) await page.getByLabel(label).fill(String(value));
      // Enter in a field submits the form, as in any form with one submit button.
      await page.getByLabel("Default bandwidth limit (GB)").press("Enter");
      await expect(page.getByRole("status")).toHaveText("Saved.");
      await page.reload();
      for (const [label, , value] of defaults) await expect(page.getByLabel(label), label).toHaveValue(String(value));

      const id = await submitRegistration(request, newRegistrant("dflt"));
      await page.goto(`/registrations/${id}`);
      const approveForm = page.getByRole("form", { name: "Approve registration" });
      for (const [, label, value] of defaults) await expect(approveForm.getByLabel(label), label).toHaveValue(String(value));
      await approveForm.getByRole("button", { name: "Approve", exact: true }).click();
      await expect(statusBadge(page, "approved")).toBeVisible();
      await expect(shownValue(page, "Credit limit")).toHaveText(defaults[0][2].toLocaleString("en-US"));
      await expect(shownValue(page, "Max users")).toHaveText(defaults[2][2].toLocaleString("en-US"));
    } finally {
      const { updated_at: _, ...previous } = before;
      const restored = await request.put("/api/tenants/settings", { headers: bearer(token), data: previous });
      expect(restored.status(), await restored.text()).toBe(200);
    }
  });
});
