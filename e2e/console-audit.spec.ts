// The audit trail in the console (issue 6): who changed what and when, filtered, in detail, exported,
// and the chain verified; an agency admin sees only its own agency's events.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { accessToken, bearer, createOrganizationOwner, createTenant, signIn, uniqueSlug, uniqueTag } from "./helpers";
import { SUPERADMIN_EMAIL } from "./support";

async function agencyAdmin(request: APIRequestContext, agencyId: number) {
  const tag = uniqueTag();
  const account = { email: `audit-admin-${tag}@e2e.example.com`, password: `audit-${tag}-Passw0rd` };
  const headers = bearer(await accessToken(request));
  const user = await request.post("/api/tenants/users", { headers, data: { ...account, name: `Audit Admin ${tag}` } });
  expect(user.status(), await user.text()).toBe(201);
  expect((await request.post(`/api/tenants/admins/${agencyId}/assign-owner`, { headers, data: { user_id: (await user.json()).id } })).status()).toBe(
    200,
  );
  return account;
}

test("[AUDIT][CONSOLE]: the superadmin finds who created an organization, reads the details, exports them and verifies the chain", async ({
  page,
  request,
}) => {
  const slug = uniqueSlug("audited");
  const tenant = await createTenant(request, await accessToken(request), { name: `Audited ${slug}`, slug });

  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Events per day, last 30 days: / })).toBeVisible();

  const filters = page.getByRole("search", { name: "Filter the audit log" });
  await filters.getByLabel("Action").fill("organization.created");
  await filters.getByLabel("Organization id").fill(tenant.id);
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`action=organization.created.*organization_id=${tenant.id}`));
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText(SUPERADMIN_EMAIL);
  await expect(page.getByText("1 event", { exact: true })).toBeVisible();

  // The export carries the same filter.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await download;
  const csv = await readFile((await file.path())!, "utf8");
  expect(csv.trimEnd().split("\r\n")).toHaveLength(2);
  expect(csv).toContain(slug);

  await rows
    .nth(1)
    .getByRole("link", { name: /^Details of event/ })
    .click();
  await expect(page.getByRole("heading", { name: "organization.created" })).toBeVisible();
  await expect(page.locator("pre")).toContainText(`"slug": "${slug}"`);
  await page.getByRole("link", { name: `organization ${tenant.id}` }).click();
  await expect(page.getByRole("heading", { name: `Audited ${slug}` })).toBeVisible();

  await page.goto("/audit");
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Intact: [\d,]+ rows checked\.$/ })).toBeVisible();
});

test("[AUDIT][FILTERS]: a period whose end comes before its start is pointed out, and the unfiltered trail shows instead of an error", async ({
  page,
}) => {
  await signIn(page);
  await page.goto("/audit?from=2026-02-01&to=2026-01-01");
  await expect(
    page.getByText("Some filters were not understood and were left out (to: The to field must be a date after or equal to from.)"),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();

  // The filters that hold still apply, and the export carries those, not the one left out.
  await page.goto("/audit?action=auth.sign_in.succeeded&from=2026-02-01&to=2026-01-01");
  await expect(page.getByText("Some filters were not understood and were left out (to:")).toBeVisible();
  await expect(page.getByRole("table").getByRole("row").nth(1)).toContainText("auth.sign_in.succeeded");
  const exported = await page.request.get((await page.getByRole("link", { name: "Export CSV" }).getAttribute("href"))!);
  expect(exported.status()).toBe(200);
  const lines = (await exported.text()).trim().split("\n").slice(1);
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.every((line) => line.includes("auth.sign_in.succeeded"))).toBe(true);
});

test("[AUDIT][SCOPE]: an agency admin sees its agency's events and nobody else's", async ({ browser, request }) => {
  const token = await accessToken(request);
  const created = await request.post("/api/tenants/admins", { headers: bearer(token), data: { name: `Audit Agency ${uniqueTag()}` } });
  const agencyId = (await created.json()).id as number;
  const other = await createTenant(request, token, { slug: uniqueSlug("elsewhere") });
  const admin = await agencyAdmin(request, agencyId);

  const page = await (await browser.newContext()).newPage();
  await signIn(page, admin.email, admin.password);
  await page.goto("/audit");
  const actions = page.getByRole("table").getByRole("row");
  await expect(actions.filter({ hasText: "agency.owner_assigned" })).toHaveCount(1);
  await expect(page.getByText(other.id.slice(0, 8))).toHaveCount(0);
  await page.goto(`/audit?organization_id=${other.id}`);
  await expect(page.getByText("No events match these filters.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Verify chain" })).toHaveCount(0);
});

test("[AUDIT][EXPORT]: the audit page filtered to registration.approved exports a CSV whose rows match the table", async ({ page, request }) => {
  const owner = await createOrganizationOwner(request, await accessToken(request));
  // An upper bound in time pins the set, so approvals by specs running alongside cannot slip in
  // between reading the table and exporting it.
  const until = new Date().toISOString();
  await signIn(page);
  await page.goto(`/audit?action=registration.approved&to=${encodeURIComponent(until)}`);
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.nth(1)).toBeVisible();
  const detailLinks = await page.getByRole("link", { name: /^Details of event \d+$/ }).all();
  const tableIds = await Promise.all(detailLinks.map(async (link) => (await link.getAttribute("aria-label"))!.replace("Details of event ", "")));
  const totalText = (await page.getByRole("navigation", { name: "Pages" }).locator("span").first().textContent())!;
  const total = Number(totalText.replace(/[^\d]/g, ""));

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const lines = (await readFile((await (await download).path())!, "utf8")).trimEnd().split("\r\n");
  const [header, ...records] = lines;
  expect(header.split(",")[0]).toBe("id");
  expect(records).toHaveLength(total);
  expect(records.slice(0, tableIds.length).map((r) => r.split(",")[0])).toEqual(tableIds);
  expect(records.every((r) => r.split(",")[6] === "registration.approved")).toBe(true);
  expect(records.some((r) => r.includes(owner.slug))).toBe(true);
});
