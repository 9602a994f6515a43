// The reseller's money, end to end (issue 4): the superadmin creates a partner group with a 20%
// discount and an agency in it and grants it 10,000 credits; the agency's owner signs in, creates an
// organization, sets its monthly credit limit and transfers 2,500 credits to it; usage reported with
// the API shows on the organization's Usage page as a progress bar and in the chart; another
// agency's admin sees none of it.
import { type APIRequestContext, type Page, expect, test } from "@playwright/test";
import { type Account, accessToken, bearer, createPasswordUser, createTenant, signIn, signedInPage, uniqueSlug, uniqueTag } from "./helpers";

/** A user made owner of the agency, through the users API and assign-owner. */
async function agencyOwner(request: APIRequestContext, agencyId: number): Promise<Account> {
  const token = await accessToken(request);
  const owner = await createPasswordUser(request, token, "agency-owner");
  const assigned = await request.post(`/api/tenants/admins/${agencyId}/assign-owner`, { headers: bearer(token), data: { user_id: owner.id } });
  expect(assigned.status(), await assigned.text()).toBe(200);
  return owner;
}

/** The newest ledger row's amount and balance after. */
async function expectLatestLedgerEntry(page: Page, amount: string, balanceAfter: string) {
  const latest = page
    .getByRole("table")
    .filter({ has: page.getByRole("columnheader", { name: "Balance after" }) })
    .getByRole("row")
    .nth(1);
  await expect(latest.getByRole("cell").nth(3)).toHaveText(amount);
  await expect(latest.getByRole("cell").nth(4)).toHaveText(balanceAfter);
}

test("[AGENCIES][CREDITS][USAGE]: credits flow from the platform through an agency to an organization, and its usage shows", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const tag = uniqueTag();
  const groupName = `Gold ${tag}`;
  const agencyName = `Reseller ${tag}`;

  // The superadmin: a partner group with a 20% discount, an agency in it, 10,000 credits.
  await signIn(page);
  await page.goto("/partner-groups");
  await page.getByRole("button", { name: "New partner group" }).click();
  const groupDialog = page.getByRole("dialog", { name: "New partner group" });
  await groupDialog.getByLabel("Name").fill(groupName);
  await groupDialog.getByLabel("Description").fill("Resellers with volume");
  await groupDialog.getByLabel("Credit discount (%)").fill("20");
  await groupDialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("row", { name: new RegExp(groupName) })).toContainText("20%");

  await page.goto("/agencies");
  await page.getByRole("button", { name: "New agency" }).click();
  const agencyDialog = page.getByRole("dialog", { name: "New agency" });
  await agencyDialog.getByLabel("Name", { exact: true }).fill(agencyName);
  await agencyDialog.getByLabel("Partner group").selectOption({ label: groupName });
  await agencyDialog.getByRole("button", { name: "Create agency" }).click();
  await expect(page.getByRole("heading", { name: agencyName })).toBeVisible();
  const agencyId = Number(page.url().split("/").pop());

  await page.getByLabel("Amount (credits)").fill("10000");
  await page.getByLabel("Reason", { exact: true }).fill("Launch allocation");
  await page.getByRole("button", { name: "Grant credits…" }).click();
  await page.getByRole("dialog", { name: "Grant credits?" }).getByRole("button", { name: "Grant credits" }).click();
  await expectLatestLedgerEntry(page, "+10,000", "10,000");
  await expect(page.getByRole("cell", { name: "grant (20% discount)" })).toBeVisible();

  // The agency's owner: an organization, a monthly limit of 2,000 credits, 2,500 credits moved to it.
  const owner = await agencyOwner(request, agencyId);
  const ownerPage = await signedInPage(browser, owner);
  const slug = uniqueSlug("client");
  await ownerPage.goto("/organizations");
  await ownerPage.getByRole("button", { name: "New organization" }).click();
  const orgDialog = ownerPage.getByRole("dialog", { name: "New organization" });
  await orgDialog.getByLabel("Name").fill(`Client ${tag}`);
  await orgDialog.getByLabel("Slug").fill(slug);
  await orgDialog.getByRole("button", { name: "Create organization" }).click();
  await expect(ownerPage.getByRole("heading", { name: `Client ${tag}` })).toBeVisible();
  const orgId = ownerPage.url().split("/").pop()!;

  await ownerPage.getByLabel("Credit limit (per month)").fill("2000");
  await ownerPage.getByRole("button", { name: "Save changes" }).click();
  await expect(ownerPage.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await ownerPage.getByLabel("Amount (credits)").fill("2500");
  await ownerPage.getByLabel("Reason", { exact: true }).fill("First month");
  await ownerPage.getByRole("button", { name: "Transfer credits…" }).click();
  await ownerPage.getByRole("dialog", { name: "Transfer credits?" }).getByRole("button", { name: "Transfer credits" }).click();
  await expectLatestLedgerEntry(ownerPage, "+2,500", "2,500");

  // The agency's balance went down by the same amount.
  await ownerPage.goto(`/agencies/${agencyId}`);
  await expectLatestLedgerEntry(ownerPage, "-2,500", "7,500");

  // Usage, reported the way the platform's services do: a batch with the owner's credentials.
  const ownerToken = await accessToken(request, owner.email, owner.password);
  const reported = await request.post(`/api/tenants/organizations/${orgId}/usage`, {
    headers: bearer(ownerToken),
    data: {
      events: [
        { metric: "credits", quantity: 1000, idempotency_key: `${tag}-1` },
        { metric: "credits", quantity: 1000, idempotency_key: `${tag}-1` },
        { metric: "bandwidth_bytes", quantity: 3 * 1024 ** 3, idempotency_key: `${tag}-2` },
      ],
    },
  });
  expect(reported.status(), await reported.text()).toBe(200);
  expect(await reported.json()).toMatchObject({ accepted: 2, duplicates: 1, refused: 0, credit_balance: 1500 });

  await ownerPage.goto(`/organizations/${orgId}`);
  await ownerPage.getByRole("link", { name: "Usage", exact: true }).click();
  await expect(ownerPage.getByRole("heading", { name: `Usage: Client ${tag}` })).toBeVisible();
  const credits = ownerPage.getByRole("progressbar", { name: "Credits this month" });
  await expect(credits).toHaveAttribute("aria-valuenow", "50");
  await expect(ownerPage.getByText("1,000 of 2,000")).toBeVisible();
  await expect(ownerPage.getByText("Balance: 1,500 credits")).toBeVisible();
  const today = new Date().toISOString().slice(0, 10);
  const chart = ownerPage.getByRole("img", { name: /^Credits consumed: 1,000 over 30 days$/ });
  await expect(chart.locator(`rect[data-date="${today}"] title`)).toHaveText(`${today}: 1,000`);
  await expect(ownerPage.getByRole("img", { name: /^Bandwidth: 3 GB over 30 days$/ })).toBeVisible();

  // Another agency's admin: the organization and the agency are nowhere to be seen.
  const otherAgency = await request.post("/api/tenants/admins", { headers: bearer(await accessToken(request)), data: { name: `Other ${tag}` } });
  expect(otherAgency.status()).toBe(201);
  const other = await agencyOwner(request, (await otherAgency.json()).id);
  const otherPage = await signedInPage(browser, other);
  await otherPage.goto("/organizations");
  await expect(otherPage.getByRole("heading", { name: "Organizations" })).toBeVisible();
  await expect(otherPage.getByText(`Client ${tag}`)).toHaveCount(0);
  // (The console streams behind its loading indicator, so a page that is not found says so in its
  // body while the response has already started with 200.)
  for (const path of [`/organizations/${orgId}`, `/organizations/${orgId}/usage`, `/agencies/${agencyId}`]) {
    await otherPage.goto(path);
    await expect(otherPage.getByText("This page could not be found."), path).toBeVisible();
    await expect(otherPage.getByText(`Client ${tag}`), path).toHaveCount(0);
  }
  const otherToken = await accessToken(request, other.email, other.password);
  expect((await request.get(`/api/tenants/organizations/${orgId}/usage`, { headers: bearer(otherToken) })).status()).toBe(404);
  expect((await request.get(`/api/tenants/admins/${agencyId}/ledger`, { headers: bearer(otherToken) })).status()).toBe(404);
});

test("[CREDITS][LEDGER PAGES]: an organization's ledger longer than a page pages back to its first entry", async ({ page, request }) => {
  const token = await accessToken(request);
  const org = await createTenant(request, token, { slug: uniqueSlug("ledger") });
  // 51 grants of 1 to 51 credits, oldest first: one more than a page.
  for (let amount = 1; amount <= 51; amount++) {
    const added = await request.post(`/api/tenants/organizations/${org.id}/credits/add`, {
      headers: bearer(token),
      data: { amount, reason: `Grant ${amount}` },
    });
    expect(added.status(), await added.text()).toBe(201);
  }
  await signIn(page);
  await page.goto(`/organizations/${org.id}`);
  const ledger = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Balance after" }) });
  await expect(page.getByText("51 entries", { exact: true })).toBeVisible();
  await expect(ledger.getByRole("row").nth(1)).toContainText("Grant 51");
  await expect(page.getByText("1–50 of 51")).toBeVisible();

  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/ledger_offset=50/);
  await expect(ledger.getByRole("row")).toHaveCount(2);
  await expect(ledger.getByRole("row").nth(1)).toContainText("Grant 1");
  await page.getByRole("link", { name: "Previous" }).click();
  await expect(ledger.getByRole("row").nth(1)).toContainText("Grant 51");
});
