// Helpers for the specs: unique test data, API credentials, problem-details checks, console sign-in.
import { randomBytes } from "node:crypto";
import { type APIRequestContext, type APIResponse, type Browser, type Locator, type Page, expect } from "@playwright/test";
import { SUPERADMIN_EMAIL, SUPERADMIN_PASSWORD } from "./support";

/** A short random tag; slugs and names built from it never collide across tests or runs. */
export function uniqueTag(): string {
  return randomBytes(5).toString("hex");
}

/** A valid tenant slug, unique per call. */
export function uniqueSlug(prefix = "e2e"): string {
  return `${prefix}-${uniqueTag()}`;
}

/**
 * A made-up client address for specs that fail sign-ins on purpose: the server trusts one proxy hop
 * (TRUST_PROXY=1 in playwright.config.ts), so each such spec gets its own lock-out counter.
 */
export function freshClientIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${(b[2] % 254) + 1}`;
}

/** An access token (JWT) from POST /api/v1/auth/token. */
export async function accessToken(request: APIRequestContext, email = SUPERADMIN_EMAIL, password = SUPERADMIN_PASSWORD): Promise<string> {
  const response = await request.post("/api/v1/auth/token", { data: { email, password } });
  expect(response.status(), await response.text()).toBe(200);
  const body = await response.json();
  return body.access_token as string;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export interface TenantV1 {
  id: string;
  name: string;
  slug: string;
  status: string;
  created_at: string;
}

/** Creates a tenant through the API and returns it; fails the test on anything but 201. */
export async function createTenant(request: APIRequestContext, token: string, input: { name?: string; slug?: string } = {}): Promise<TenantV1> {
  const slug = input.slug ?? uniqueSlug();
  const response = await request.post("/api/v1/tenants", { headers: bearer(token), data: { name: input.name ?? `Tenant ${slug}`, slug } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as TenantV1;
}

/** Asserts an RFC 9457 problem-details answer (seed 003) and returns its body. */
export async function expectProblem(response: APIResponse, status: number, detail?: string | RegExp) {
  expect(response.status(), await response.text()).toBe(status);
  expect(response.headers()["content-type"]).toContain("application/problem+json");
  const body = await response.json();
  expect(body).toMatchObject({ type: "about:blank", status });
  expect(typeof body.title).toBe("string");
  if (typeof detail === "string") expect(body.detail).toBe(detail);
  else if (detail) expect(body.detail).toMatch(detail);
  return body as { type: string; title: string; status: number; detail: string; errors?: Record<string, string[]> };
}

/** Fills and submits the sign-in form; does not wait for the outcome. */
export async function submitSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Signs in through the console's form and waits for the console to show the user on the page signing in
 * lands on. The console's home only redirects (to the user's first page), and the shell shows before that
 * redirect arrives: a click in between would be overtaken by it.
 */
export async function signIn(page: Page, email = SUPERADMIN_EMAIL, password = SUPERADMIN_PASSWORD) {
  await page.goto("/login");
  await submitSignIn(page, email, password);
  await page.waitForURL((url) => url.pathname !== "/login" && url.pathname !== "/", { waitUntil: "commit" });
  await expect(page.getByTestId("current-user")).toHaveText(email);
}

/** The sign-in form's error (Next's route announcer is an empty role=alert of its own). */
export function signInError(page: Page) {
  return page.locator("form").getByRole("alert");
}

/**
 * A user who owns one organization and administers no agency (so may not create tenants), made the
 * way such users come to be: a public registration, approved and provisioned by the superadmin.
 */
export async function createOrganizationOwner(request: APIRequestContext, superadminToken: string) {
  const tag = uniqueTag();
  const owner = { email: `owner-${tag}@e2e.example.com`, password: `owner-${tag}-Passw0rd`, slug: `own-${tag}` };
  // Registrations are rate limited per client ip: this one comes from its own.
  const registered = await request.post("/api/tenants/register", {
    headers: { "x-forwarded-for": freshClientIp() },
    data: {
      email: owner.email,
      password: owner.password,
      company_name: `Owner ${tag} Ltd`,
      contact_name: "Olive Owner",
      desired_org_name: `Owner ${tag}`,
      desired_org_slug: owner.slug,
    },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  const registration = await registered.json();
  // With auto-approval switched on, the registration is provisioned at once.
  if (registration.status !== "active") {
    const approved = await request.post(`/api/tenants/requests/${registration.id}/approve`, { headers: bearer(superadminToken), data: {} });
    expect(approved.status(), await approved.text()).toBe(200);
    const provisioned = await request.post(`/api/tenants/requests/${registration.id}/provision`, { headers: bearer(superadminToken) });
    expect(provisioned.status(), await provisioned.text()).toBe(200);
  }
  return owner;
}

export interface Account {
  email: string;
  password: string;
}

/** POSTs with a bearer token and returns the body; fails the test on anything but 201. */
export async function postCreated(request: APIRequestContext, path: string, token: string, data: unknown) {
  const response = await request.post(path, { headers: bearer(token), data });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

/** A user with a password, through the users API. */
export async function createPasswordUser(request: APIRequestContext, token: string, label: string): Promise<Account & { id: number }> {
  const tag = uniqueTag();
  const account = { email: `${label}-${tag}@e2e.example.com`, password: `${label}-${tag}-Passw0rd` };
  const user = await postCreated(request, "/api/tenants/users", token, { ...account, name: `${label} ${tag}` });
  return { ...account, id: user.id as number };
}

/**
 * An agency ("<Label> Agency <tag>") with an owner, and one of its organizations (slug `<label>-<tag>`)
 * with a member, all through the platform API as the superadmin.
 */
export async function createAgencyWithClient(request: APIRequestContext, label: string) {
  const token = await accessToken(request);
  const tag = uniqueTag();
  const title = label.charAt(0).toUpperCase() + label.slice(1);
  const agency = await postCreated(request, "/api/tenants/admins", token, { name: `${title} Agency ${tag}` });
  const owner = await createPasswordUser(request, token, `${label}-owner`);
  const assigned = await request.post(`/api/tenants/admins/${agency.id}/assign-owner`, { headers: bearer(token), data: { user_id: owner.id } });
  expect(assigned.status(), await assigned.text()).toBe(200);
  const org = await postCreated(request, "/api/tenants/organizations", token, {
    name: `${title} Client ${tag}`,
    slug: `${label}-${tag}`,
    admin_id: agency.id,
  });
  const member = await createPasswordUser(request, token, `${label}-member`);
  await postCreated(request, `/api/tenants/organizations/${org.id}/members`, token, { user_id: member.id, role: "member" });
  return { token, tag, agencyId: agency.id as number, agencyName: agency.name as string, org: org as { id: string; slug: string }, owner, member };
}

/** A browser context of its own, signed in on the console. */
export async function signedInPage(browser: Browser, account: Account): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, account.email, account.password);
  return page;
}

/** The computed background color, as getComputedStyle words it ("rgb(255, 87, 51)"). */
export function backgroundOf(locator: Locator): Promise<string> {
  return locator.evaluate((el) => getComputedStyle(el).backgroundColor);
}

/** "#f53" or "#ff5533" as getComputedStyle words it: "rgb(255, 85, 51)". */
export function rgbOf(hexColor: string): string {
  const hex = hexColor.replace(/^#(.)(.)(.)$/, "#$1$1$2$2$3$3");
  return `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;
}
