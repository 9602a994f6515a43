// White-label hosts in the browser: an organization's member signs in at {slug}.{ROOT_DOMAIN}/admin/login
// (seed 001's adminUrl) on its agency's brand, an unknown host shows the platform's; an agency verifies
// its console domain on its page (the TXT record served by a DNS server that this spec runs, which the
// app server asks: DNS_SERVERS in playwright.config.ts) and the console then serves on that domain; an
// organization's custom domain likewise, and a second organization's claim of a verified domain is a
// 409. Chromium maps the test hosts to loopback (--host-resolver-rules).
import { type APIRequestContext, type Browser, type Page, expect, test } from "@playwright/test";
import { type TestDnsServer, startDnsServer } from "../lib/testing/dns-server";
import { backgroundOf, bearer, createAgencyWithClient, postCreated, rgbOf, signedInPage, submitSignIn, uniqueTag } from "./helpers";
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

/** An agency with its owner and its organization `acme-<tag>` (with a member), wearing a brand of its own. */
async function brandedAgencyWithClient(request: APIRequestContext) {
  const client = await createAgencyWithClient(request, "acme");
  const brand = { app_name: `Acme Console ${client.tag}`, logo_url: `https://cdn.example.com/${client.tag}/logo.png`, primary_color: "#ff5733" };
  const saved = await request.put(`/api/tenants/admins/${client.agencyId}/branding`, { headers: bearer(client.token), data: { branding: brand } });
  expect(saved.status(), await saved.text()).toBe(200);
  return { ...client, brand };
}

/** The sign-in page wears the brand: its name in the heading and the title, its logo, its primary color on the button. */
async function expectSignInBrand(page: Page, brand: { app_name: string; logo_url: string | null; primary_color: string }) {
  await expect(page.getByRole("heading", { name: `Sign in to ${brand.app_name}` })).toBeVisible();
  expect(await page.title()).toContain(brand.app_name);
  if (brand.logo_url) await expect(page.getByTestId("brand-logo")).toHaveAttribute("src", brand.logo_url);
  else await expect(page.getByTestId("brand-logo")).toHaveCount(0);
  expect(await backgroundOf(page.getByRole("button", { name: "Sign in" }))).toBe(rgbOf(brand.primary_color));
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

test("[DOMAINS][ADMIN LOGIN]: an organization's member opens acme-<tag>.<ROOT_DOMAIN>/admin/login and signs in there on the agency's brand", async ({
  browser,
  request,
}) => {
  const { org, member, brand } = await brandedAgencyWithClient(request);
  const host = `${org.slug}.${E2E_ROOT_DOMAIN}`;
  const page = await newPage(browser);

  await page.goto(hostUrl(host, "/admin/login"));
  await expectSignInBrand(page, brand);
  expect(new URL(page.url()).host).toBe(`${host}:${E2E_PORT}`);
  expect(new URL(page.url()).pathname).toBe("/admin/login");

  await submitSignIn(page, member.email, member.password);
  await expect(page.getByTestId("current-user")).toHaveText(member.email);
  expect(new URL(page.url()).host).toBe(`${host}:${E2E_PORT}`);
  await expect(page.getByTestId("brand-home")).toContainText(brand.app_name);
});

test("[DOMAINS][UNKNOWN HOST]: /admin/login on a host that is no one's shows the sign-in page on the platform's brand", async ({
  browser,
  request,
}) => {
  const current = await request.get("/api/tenants/branding/current");
  const platform = (await current.json()) as { source: string; branding: { app_name: string; logo_url: string | null; primary_color: string } };
  expect(platform.source).toBe("platform");
  const page = await newPage(browser);
  for (const host of [`nobody-${uniqueTag()}.${CLIENT_DOMAINS}`, `no-such-slug-${uniqueTag()}.${E2E_ROOT_DOMAIN}`]) {
    await page.goto(hostUrl(host, "/admin/login"));
    await expectSignInBrand(page, platform.branding);
  }
});

test("[DOMAINS][CONSOLE DOMAIN]: the agency's owner verifies its console domain on its page; the console then serves on that domain, on the agency's brand", async ({
  browser,
  request,
}) => {
  const { tag, agencyId, agencyName, owner, brand } = await brandedAgencyWithClient(request);
  const domain = `console-${tag}.${AGENCY_DOMAINS}`;

  const admin = await signedInPage(browser, owner);
  await admin.goto(`/agencies/${agencyId}`);
  await verifyInPanel(admin, "Console domain", domain);

  // A visitor of the console domain is sent to its sign-in page on the same host, and signs in there.
  const visitor = await newPage(browser);
  await visitor.goto(hostUrl(domain, `/agencies/${agencyId}`));
  await expectSignInBrand(visitor, brand);
  expect(new URL(visitor.url()).host).toBe(`${domain}:${E2E_PORT}`);
  await submitSignIn(visitor, owner.email, owner.password);
  await expect(visitor.getByTestId("current-user")).toHaveText(owner.email);
  await expect(visitor.getByRole("heading", { name: agencyName })).toBeVisible();
  expect(new URL(visitor.url()).host).toBe(`${domain}:${E2E_PORT}`);
});

test("[DOMAINS][CUSTOM DOMAIN]: an organization's custom domain is verified on its page, serves /admin/login, and cannot be claimed by another organization", async ({
  browser,
  request,
}) => {
  const { token, tag, org, member, owner, brand } = await brandedAgencyWithClient(request);
  const domain = `shop-${tag}.${CLIENT_DOMAINS}`;

  const admin = await signedInPage(browser, owner);
  await admin.goto(`/organizations/${org.id}`);
  // Not routed before it is verified: its sign-in page wears the platform's brand.
  const page = await newPage(browser);
  await page.goto(hostUrl(domain, "/admin/login"));
  await expect(page.getByRole("heading", { name: /^Sign in to / })).toBeVisible();
  await expect(page.getByRole("heading", { name: `Sign in to ${brand.app_name}` })).toHaveCount(0);

  await verifyInPanel(admin, "Custom domain", domain);
  await expect(admin.getByText(`${domain} (verified)`)).toBeVisible();

  await page.reload();
  await expectSignInBrand(page, brand);
  await submitSignIn(page, member.email, member.password);
  await expect(page.getByTestId("current-user")).toHaveText(member.email);

  // Verified for one owner, the domain is nobody else's to claim.
  const other = await postCreated(request, "/api/tenants/organizations", token, { name: `Other ${tag}`, slug: `other-${tag}` });
  const claim = await request.put(`/api/tenants/organizations/${other.id}/domain`, { headers: bearer(token), data: { domain } });
  expect(claim.status()).toBe(409);
  expect(await claim.json()).toEqual({ message: `The domain ${domain} is already verified by another owner.` });
});

test("[DOMAINS][CHANGE DOMAIN]: replacing a verified custom domain asks first; Cancel keeps it, confirming makes the new one a pending claim and the old one stops routing", async ({
  browser,
  request,
}) => {
  const { tag, org, owner, brand } = await brandedAgencyWithClient(request);
  const verified = `shop-${tag}.${CLIENT_DOMAINS}`;
  const next = `store-${tag}.${CLIENT_DOMAINS}`;

  const admin = await signedInPage(browser, owner);
  await admin.goto(`/organizations/${org.id}`);
  await verifyInPanel(admin, "Custom domain", verified);
  const panel = admin.getByRole("region", { name: "Custom domain" });
  const input = panel.getByLabel("Domain", { exact: true });
  const dialog = admin.getByRole("dialog", { name: "Change the custom domain?" });

  // Cancel: no request, the verified domain stays and keeps routing.
  await input.fill(next);
  await panel.getByRole("button", { name: "Change domain" }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`${verified} is verified and routes here.`);
  await expect(dialog).toContainText(`Replacing it with ${next} stops ${verified} routing here at once`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(input).toHaveValue(verified);
  await expect(panel.getByRole("status")).toContainText(`${verified} is routed here.`);
  // The same domain in capitals changes nothing, and asks nothing.
  await input.fill(verified.toUpperCase());
  await panel.getByRole("button", { name: "Change domain" }).click();
  await expect(panel.getByText("verified", { exact: true })).toBeVisible();
  await expect(dialog).toBeHidden();
  await admin.reload();
  await expect(panel.getByText("verified", { exact: true })).toBeVisible();
  await expect(input).toHaveValue(verified);
  const visitor = await newPage(browser);
  await visitor.goto(hostUrl(verified, "/admin/login"));
  await expectSignInBrand(visitor, brand);

  // Confirmed: the new domain is a pending claim with its own TXT record, the old one no longer routes.
  await input.fill(next);
  await panel.getByRole("button", { name: "Change domain" }).click();
  await dialog.getByRole("button", { name: "Replace domain" }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByText("pending", { exact: true })).toBeVisible();
  await expect(input).toHaveValue(next);
  await expect(panel.getByLabel("TXT record to create").locator("dd").nth(1)).toHaveText(`_cp-challenge.${next}`);
  await visitor.reload();
  await expect(visitor.getByRole("heading", { name: /^Sign in to / })).toBeVisible();
  await expect(visitor.getByRole("heading", { name: `Sign in to ${brand.app_name}` })).toHaveCount(0);

  // A pending claim is replaced without asking.
  const third = `outlet-${tag}.${CLIENT_DOMAINS}`;
  await input.fill(third);
  await panel.getByRole("button", { name: "Change domain" }).click();
  await expect(panel.getByLabel("TXT record to create").locator("dd").nth(1)).toHaveText(`_cp-challenge.${third}`);
  await expect(dialog).toBeHidden();
});
