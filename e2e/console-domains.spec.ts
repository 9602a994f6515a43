// White-label hosts in the browser: an organization's member signs in at {slug}.{ROOT_DOMAIN}/admin/login
// (seed 001's adminUrl); an agency verifies its console domain on its page (the TXT record served by a
// DNS server that this spec runs, which the app server asks: DNS_SERVERS in playwright.config.ts) and
// the console then serves on that domain; an organization's custom domain likewise, and a second
// organization's claim of a verified domain is a 409. Chromium maps the test hosts to loopback.
import { type APIRequestContext, type Browser, type Page, expect, test } from "@playwright/test";
import { type TestDnsServer, startDnsServer } from "../lib/testing/dns-server";
import { accessToken, bearer, submitSignIn, uniqueTag } from "./helpers";
import { E2E_DNS_PORT, E2E_PORT, E2E_ROOT_DOMAIN } from "./support";

// Every test host: organizations' subdomains, and the made-up domains that agencies and organizations claim.
const AGENCY_DOMAINS = "agency-e2e.test";
const CLIENT_DOMAINS = "client-e2e.test";
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--headless",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--host-resolver-rules=MAP *.${E2E_ROOT_DOMAIN} 127.0.0.1, MAP *.${AGENCY_DOMAINS} 127.0.0.1, MAP *.${CLIENT_DOMAINS} 127.0.0.1`,
    ],
  },
});

// The DNS server listens on one fixed port: this file's tests run one after another in one worker.
test.describe.configure({ mode: "default" });

let dns: TestDnsServer;
test.beforeAll(async () => {
  dns = await startDnsServer({ port: E2E_DNS_PORT });
});
test.afterAll(async () => dns?.close());

const hostUrl = (host: string, path = "/") => `http://${host}:${E2E_PORT}${path}`;

interface Account {
  email: string;
  password: string;
}

async function created(request: APIRequestContext, path: string, token: string, data: unknown) {
  const response = await request.post(path, { headers: bearer(token), data });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

async function newUser(request: APIRequestContext, token: string, label: string): Promise<Account & { id: number }> {
  const tag = uniqueTag();
  const account = { email: `${label}-${tag}@e2e.example.com`, password: `${label}-${tag}-Passw0rd` };
  const user = await created(request, "/api/tenants/users", token, { ...account, name: `${label} ${tag}` });
  return { ...account, id: user.id as number };
}

/** An agency with its owner, and its organization `acme-<tag>` with a member. */
async function agencyWithClient(request: APIRequestContext) {
  const token = await accessToken(request);
  const tag = uniqueTag();
  const agency = await created(request, "/api/tenants/admins", token, { name: `Domains Agency ${tag}` });
  const owner = await newUser(request, token, "domains-owner");
  const assigned = await request.post(`/api/tenants/admins/${agency.id}/assign-owner`, { headers: bearer(token), data: { user_id: owner.id } });
  expect(assigned.status(), await assigned.text()).toBe(200);
  const org = await created(request, "/api/tenants/organizations", token, { name: `Acme ${tag}`, slug: `acme-${tag}`, admin_id: agency.id });
  const member = await newUser(request, token, "domains-member");
  await created(request, `/api/tenants/organizations/${org.id}/members`, token, { user_id: member.id, role: "member" });
  return { token, tag, agencyId: agency.id as number, org: org as { id: string; slug: string }, owner, member };
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** Sets the domain in a Custom/Console domain panel, fails one check (no record yet), publishes the TXT record and verifies. */
async function verifyInPanel(page: Page, panelName: string, domain: string) {
  const panel = page.getByRole("region", { name: panelName });
  await panel.getByLabel("Domain", { exact: true }).fill(domain);
  await panel.getByRole("button", { name: "Set domain" }).click();
  await expect(panel.getByText("pending", { exact: true })).toBeVisible();

  const record = panel.getByLabel("TXT record to create");
  await expect(record.locator("dd").nth(1)).toHaveText(`_cp-challenge.${domain}`);
  const token = (await record.locator("dd").nth(2).textContent()) ?? "";
  expect(token).toMatch(/^[0-9a-f]{32}$/);
  await expect(panel.getByRole("button", { name: "Copy value" })).toBeVisible();

  await panel.getByRole("button", { name: "Verify now" }).click();
  await expect(panel.getByRole("alert")).toContainText(`_cp-challenge.${domain} does not exist (NXDOMAIN).`);
  await expect(panel.getByText("failed", { exact: true })).toBeVisible();

  dns.set(`_cp-challenge.${domain}`, [token]);
  await panel.getByRole("button", { name: "Verify now" }).click();
  await expect(panel.getByRole("status")).toContainText(`${domain} is routed here.`);
  await expect(panel.getByText("verified", { exact: true })).toBeVisible();
}

test("[DOMAINS][ADMIN LOGIN]: an organization's member opens acme-<tag>.<ROOT_DOMAIN>/admin/login, gets the sign-in page and signs in on that host", async ({ browser, request }) => {
  const { org, member } = await agencyWithClient(request);
  const host = `${org.slug}.${E2E_ROOT_DOMAIN}`;
  const page = await newPage(browser);

  await page.goto(hostUrl(host, "/admin/login"));
  await expect(page.getByRole("heading", { name: /^Sign in to / })).toBeVisible();
  expect(new URL(page.url()).host).toBe(`${host}:${E2E_PORT}`);
  expect(new URL(page.url()).pathname).toBe("/admin/login");

  await submitSignIn(page, member.email, member.password);
  await expect(page.getByTestId("current-user")).toHaveText(member.email);
  expect(new URL(page.url()).host).toBe(`${host}:${E2E_PORT}`);
});

test("[DOMAINS][CONSOLE DOMAIN]: the agency's owner verifies its console domain on its page; the console then serves on that domain", async ({ browser, request }) => {
  const { tag, agencyId, owner } = await agencyWithClient(request);
  const domain = `console-${tag}.${AGENCY_DOMAINS}`;

  const admin = await newPage(browser);
  await admin.goto("/login");
  await submitSignIn(admin, owner.email, owner.password);
  await expect(admin.getByTestId("current-user")).toHaveText(owner.email);
  await admin.goto(`/agencies/${agencyId}`);
  await verifyInPanel(admin, "Console domain", domain);

  // A visitor of the console domain is sent to its sign-in page on the same host, and signs in there.
  const visitor = await newPage(browser);
  await visitor.goto(hostUrl(domain, `/agencies/${agencyId}`));
  await expect(visitor.getByRole("heading", { name: /^Sign in to / })).toBeVisible();
  expect(new URL(visitor.url()).host).toBe(`${domain}:${E2E_PORT}`);
  await submitSignIn(visitor, owner.email, owner.password);
  await expect(visitor.getByTestId("current-user")).toHaveText(owner.email);
  await expect(visitor.getByRole("heading", { name: `Domains Agency ${tag}` })).toBeVisible();
  expect(new URL(visitor.url()).host).toBe(`${domain}:${E2E_PORT}`);
});

test("[DOMAINS][CUSTOM DOMAIN]: an organization's custom domain is verified on its page, serves /admin/login, and cannot be claimed by another organization", async ({ browser, request }) => {
  const { token, tag, org, member, owner } = await agencyWithClient(request);
  const domain = `shop-${tag}.${CLIENT_DOMAINS}`;

  const admin = await newPage(browser);
  await admin.goto("/login");
  await submitSignIn(admin, owner.email, owner.password);
  await expect(admin.getByTestId("current-user")).toHaveText(owner.email);
  await admin.goto(`/organizations/${org.id}`);
  await verifyInPanel(admin, "Custom domain", domain);
  await expect(admin.getByText(`${domain} (verified)`)).toBeVisible();

  const page = await newPage(browser);
  await page.goto(hostUrl(domain, "/admin/login"));
  await expect(page.getByRole("heading", { name: /^Sign in to / })).toBeVisible();
  await submitSignIn(page, member.email, member.password);
  await expect(page.getByTestId("current-user")).toHaveText(member.email);

  // Verified for one owner, the domain is nobody else's to claim.
  const other = await created(request, "/api/tenants/organizations", token, { name: `Other ${tag}`, slug: `other-${tag}` });
  const claim = await request.put(`/api/tenants/organizations/${other.id}/domain`, { headers: bearer(token), data: { domain } });
  expect(claim.status()).toBe(409);
  expect(await claim.json()).toEqual({ message: `The domain ${domain} is already verified by another owner.` });
});
