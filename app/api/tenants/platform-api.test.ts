// The platform API (seed 002) through its real route handlers, without an HTTP server: every example
// body of the Registration, Settings, Available Plugins and Organizations sections, and the dialect
// of its answers ({message}, 422 {message, errors}, list envelopes).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import * as availablePluginsRoute from "@/app/api/tenants/available-plugins/route";
import * as myPluginsRoute from "@/app/api/tenants/my-organization/plugins/route";
import * as organizationsRoute from "@/app/api/tenants/organizations/route";
import * as detailRoute from "@/app/api/tenants/organizations/[org_id]/detail/route";
import * as editRoute from "@/app/api/tenants/organizations/[org_id]/edit/route";
import * as orgPluginsRoute from "@/app/api/tenants/organizations/[org_id]/plugins/route";
import * as statusRoute from "@/app/api/tenants/organizations/[org_id]/status/route";
import * as registerRoute from "@/app/api/tenants/register/route";
import * as requestsRoute from "@/app/api/tenants/requests/route";
import * as requestRoute from "@/app/api/tenants/requests/[request_id]/route";
import * as approveRoute from "@/app/api/tenants/requests/[request_id]/approve/route";
import * as provisionRoute from "@/app/api/tenants/requests/[request_id]/provision/route";
import * as rejectRoute from "@/app/api/tenants/requests/[request_id]/reject/route";
import * as settingsRoute from "@/app/api/tenants/settings/route";
import * as authTokenRoute from "@/app/api/v1/auth/token/route";
import type { DatabaseHandle } from "@/db/client";
import { domains, organizations, users, type User } from "@/db/schema";

import { summarizeFieldErrors } from "@/lib/errors";
import { installTestDatabase } from "@/lib/testing/database";
import { CORE_PLUGINS, SEED_APPROVE, SEED_EDIT, SEED_REGISTER, SEED_REJECT, SEED_SETTINGS, SEED_STATUS } from "@/lib/testing/seed-002-examples";
import {
  type RouteAnswer,
  type RouteCall,
  type RouteHandler,
  callJsonRoute,
  personalTokenFor as personalTokenForUser,
  superadminToken,
} from "@/lib/testing/route-client";
import { addAgencyMember, addOrganizationMember, createAgency, createOrganizationRow, createUser, unique } from "@/lib/testing/factories";

const MISSING_UUID = "00000000-0000-4000-8000-000000000000";

// The registration route allows 5 requests per ip and hour: each call comes from its own address
// unless a test is about the limit. The server passes the client's ip in x-cp-client-ip.
let lastIp = 0;
function freshIp(): string {
  lastIp += 1;
  return `192.0.${Math.floor(lastIp / 250)}.${(lastIp % 250) + 1}`;
}

function call(handler: RouteHandler, path: string, options: RouteCall = {}): Promise<RouteAnswer> {
  // A fresh client ip per call unless given: registrations are rate limited per ip.
  return callJsonRoute(handler, path, { ip: freshIp(), ...options });
}

let handle: DatabaseHandle;
let adminToken: string;
let plainToken: string;

const personalTokenFor = (user: User) => personalTokenForUser(handle.db, user);

function registration(overrides: Record<string, unknown> = {}) {
  const slug = unique("reg");
  return { ...SEED_REGISTER, email: `${slug}@example.test`, desired_org_slug: slug, ...overrides };
}

async function registered(overrides: Record<string, unknown> = {}): Promise<number> {
  const res = await call(registerRoute.POST, "/api/tenants/register", { method: "POST", body: registration(overrides) });
  expect(res.status).toBe(201);
  return res.body.id;
}

const onRequest = (action: "approve" | "reject" | "provision", id: number | string, token: string | undefined, body?: unknown) => {
  const handler = { approve: approveRoute.POST, reject: rejectRoute.POST, provision: provisionRoute.POST }[action];
  return call(handler, `/api/tenants/requests/${id}/${action}`, { method: "POST", token, body, params: { request_id: String(id) } });
};

beforeAll(async () => {
  handle = await installTestDatabase();
  adminToken = await superadminToken(handle.db);
  plainToken = await personalTokenFor(await createUser(handle.db));
});
afterAll(async () => handle?.close());

describe("Registration: seed 002's workflow", () => {
  let requestId: number;
  let organizationId: string;

  it("POST /api/tenants/register with the seed body answers 201 pending_approval", async () => {
    const res = await call(registerRoute.POST, "/api/tenants/register", { method: "POST", body: SEED_REGISTER });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), status: "pending_approval", message: expect.any(String) });
    requestId = res.body.id;
  });

  it("GET /api/tenants/requests/{id} shows the request as submitted, without the password", async () => {
    const res = await call(requestRoute.GET, `/api/tenants/requests/${requestId}`, { token: adminToken, params: { request_id: String(requestId) } });
    expect(res.status).toBe(200);
    const { password: _password, ...shown } = SEED_REGISTER;
    expect(res.body).toMatchObject({ ...shown, id: requestId, status: "pending_approval", organization_id: null, rejection_reason: null });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain("securepassword");
    expect(text).not.toContain("scrypt$");
    expect(Object.keys(res.body).filter((k) => k.includes("password"))).toEqual([]);
  });

  it("GET /api/tenants/requests?status= lists it in the envelope under its status only", async () => {
    const pending = await call(requestsRoute.GET, "/api/tenants/requests?status=pending_approval", { token: adminToken });
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual({ data: expect.any(Array), total: expect.any(Number), limit: 50, offset: 0 });
    expect(pending.body.data.map((r: { id: number }) => r.id)).toContain(requestId);
    expect(pending.body.data.every((r: { status: string }) => r.status === "pending_approval")).toBe(true);
    expect(pending.body.total).toBe(pending.body.data.length);

    const rejected = await call(requestsRoute.GET, "/api/tenants/requests?status=rejected", { token: adminToken });
    expect(rejected.body.data.map((r: { id: number }) => r.id)).not.toContain(requestId);

    const paged = await call(requestsRoute.GET, "/api/tenants/requests?limit=1&offset=0", { token: adminToken });
    expect(paged.body).toMatchObject({ limit: 1, offset: 0 });
    expect(paged.body.data).toHaveLength(1);
  });

  it("POST /approve with the seed body answers 200 with the reviewer's values", async () => {
    const res = await onRequest("approve", requestId, adminToken, SEED_APPROVE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: requestId,
      status: "approved",
      org_name: "Custom Name",
      org_slug: "custom-slug",
      initial_credit_limit: 5000,
      storage_limit_gb: 20,
      max_users: 25,
      reviewed_at: expect.any(String),
    });
    // Approving again is idempotent.
    const again = await onRequest("approve", requestId, adminToken, SEED_APPROVE);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: "approved", org_slug: "custom-slug" });
  });

  it("POST /provision creates the organization, and answers the same one when repeated", async () => {
    const res = await onRequest("provision", requestId, adminToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: requestId,
      status: "active",
      organization_id: expect.any(String),
      organization: {
        name: "Custom Name",
        slug: "custom-slug",
        status: "active",
        credit_limit: 5000,
        storage_limit_gb: 20,
        max_users: 25,
        admin_id: null,
      },
    });
    organizationId = res.body.organization_id;
    expect(res.body.organization.id).toBe(organizationId);

    const again = await onRequest("provision", requestId, adminToken);
    expect(again.status).toBe(200);
    expect(again.body.organization_id).toBe(organizationId);
    const [{ n }] = await handle.db.select({ n: count() }).from(organizations).where(eq(organizations.slug, "custom-slug"));
    expect(n).toBe(1);
  });

  it("lets the registrant sign in with the registered password", async () => {
    const res = await call(authTokenRoute.POST, "/api/v1/auth/token", {
      method: "POST",
      body: { email: SEED_REGISTER.email, password: SEED_REGISTER.password },
    });
    expect(res.status).toBe(200);
    expect(res.body.access_token).toEqual(expect.any(String));
  });

  it("answers 409 {message} for a transition the request cannot make", async () => {
    const res = await onRequest("reject", requestId, adminToken, SEED_REJECT);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ message: expect.any(String) });
    const detail = await call(requestRoute.GET, `/api/tenants/requests/${requestId}`, {
      token: adminToken,
      params: { request_id: String(requestId) },
    });
    expect(detail.body).toMatchObject({ status: "active", organization_id: organizationId });
  });
});

describe("Registration: review", () => {
  it("POST /reject with the seed reason answers 200 and stores the reason; approving it then is a 409", async () => {
    const id = await registered();
    const res = await onRequest("reject", id, adminToken, SEED_REJECT);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: "rejected", rejection_reason: "Invalid business information provided" });

    const approve = await onRequest("approve", id, adminToken, {});
    expect(approve.status).toBe(409);
    expect(approve.body).toEqual({ message: "This registration was rejected; a rejected request cannot be approved." });
    const provision = await onRequest("provision", id, adminToken);
    expect(provision.status).toBe(409);
    expect(provision.body).toEqual({ message: expect.any(String) });
  });

  it("refuses to provision a pending request with a 409", async () => {
    const id = await registered();
    const res = await onRequest("provision", id, adminToken);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ message: "This registration must be approved before it can be provisioned." });
  });

  it("answers 404 {message} for unknown and malformed request ids", async () => {
    for (const id of ["2000000000", "abc", "-1", "1.5"]) {
      const get = await call(requestRoute.GET, `/api/tenants/requests/${id}`, { token: adminToken, params: { request_id: id } });
      expect(get.status, id).toBe(404);
      expect(get.body).toEqual({ message: "Registration request not found" });
      for (const action of ["approve", "reject", "provision"] as const) {
        const res = await onRequest(action, id, adminToken, action === "reject" ? SEED_REJECT : {});
        expect(res.status, `${action} ${id}`).toBe(404);
        expect(res.body).toEqual({ message: "Registration request not found" });
      }
    }
  });

  it("answers 422 with the summary and the field errors", async () => {
    const empty = await call(registerRoute.POST, "/api/tenants/register", { method: "POST", body: {} });
    expect(empty.status).toBe(422);
    expect(empty.body.message).toBe("The email field is required. (and 5 more errors)");
    expect(Object.keys(empty.body.errors).sort()).toEqual([
      "company_name",
      "contact_name",
      "desired_org_name",
      "desired_org_slug",
      "email",
      "password",
    ]);

    const bad = await call(registerRoute.POST, "/api/tenants/register", {
      method: "POST",
      body: registration({ email: "nope", password: "short", desired_org_slug: "Bad Slug" }),
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual({
      message: "The email field must be a valid email address. (and 2 more errors)",
      errors: {
        email: ["The email field must be a valid email address."],
        password: ["The password field must be at least 8 characters."],
        desired_org_slug: ["The desired org slug field format is invalid."],
      },
    });

    const id = await registered();
    const reject = await onRequest("reject", id, adminToken, {});
    expect(reject.status).toBe(422);
    expect(reject.body).toEqual({ message: "The reason field is required.", errors: { reason: ["The reason field is required."] } });
    const approve = await onRequest("approve", id, adminToken, { initial_credit_limit: -1, max_users: "many" });
    expect(approve.status).toBe(422);
    expect(approve.body.message).toBe(summarizeFieldErrors(approve.body.errors));
    expect(Object.keys(approve.body.errors).sort()).toEqual(["initial_credit_limit", "max_users"]);
  });

  it("answers 422 for a slug that is taken, on registration and on approval", async () => {
    const first = registration();
    expect((await call(registerRoute.POST, "/api/tenants/register", { method: "POST", body: first })).status).toBe(201);
    const dup = await call(registerRoute.POST, "/api/tenants/register", {
      method: "POST",
      body: registration({ desired_org_slug: first.desired_org_slug }),
    });
    expect(dup.status).toBe(422);
    expect(dup.body).toEqual({
      message: "The desired org slug has already been taken.",
      errors: { desired_org_slug: ["The desired org slug has already been taken."] },
    });

    const org = await createOrganizationRow(handle.db);
    const id = await registered();
    const approve = await onRequest("approve", id, adminToken, { org_slug: org.slug });
    expect(approve.status).toBe(422);
    expect(approve.body).toEqual({ message: "The org slug has already been taken.", errors: { org_slug: ["The org slug has already been taken."] } });
  });

  it("answers the 6th registration from one ip within the hour with 429 and Retry-After", async (ctx) => {
    const hour = () => Math.floor(Date.now() / 3_600_000);
    const startedInHour = hour();
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      expect((await call(registerRoute.POST, "/api/tenants/register", { method: "POST", ip, body: registration() })).status).toBe(201);
    }
    const sixth = await call(registerRoute.POST, "/api/tenants/register", { method: "POST", ip, body: registration() });
    // The window is the clock hour: requests that straddle its end count in two windows.
    if (hour() !== startedInHour) ctx.skip();
    expect(sixth.status).toBe(429);
    expect(sixth.body).toEqual({ message: "Too many registrations from your network. Try again later." });
    expect(Number(sixth.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await call(registerRoute.POST, "/api/tenants/register", { method: "POST", body: registration() })).status).toBe(201);
  });

  it("reserves the review routes to superadmins: 401 without a token, 403 for other users", async () => {
    const id = await registered();
    const member = await createUser(handle.db);
    await addOrganizationMember(handle.db, (await createOrganizationRow(handle.db)).id, member.id);
    const memberToken = await personalTokenFor(member);
    const attempts = (token: string | undefined) => [
      call(requestsRoute.GET, "/api/tenants/requests", { token }),
      call(requestRoute.GET, `/api/tenants/requests/${id}`, { token, params: { request_id: String(id) } }),
      onRequest("approve", id, token, {}),
      onRequest("reject", id, token, SEED_REJECT),
      onRequest("provision", id, token),
    ];
    for (const res of await Promise.all(attempts(undefined))) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: "Unauthorized" });
    }
    for (const token of [plainToken, memberToken]) {
      for (const res of await Promise.all(attempts(token))) {
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ message: "This action is reserved to superadmins." });
      }
    }
    const after = await call(requestRoute.GET, `/api/tenants/requests/${id}`, { token: adminToken, params: { request_id: String(id) } });
    expect(after.body.status).toBe("pending_approval");
  });

  it("answers 401 for a token that is not ours, even on the public route", async () => {
    const res = await call(registerRoute.POST, "/api/tenants/register", { method: "POST", token: "cpt_not-a-real-token", body: registration() });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: "Unauthorized" });
  });
});

describe("Settings", () => {
  it("PUT /api/tenants/settings with the seed body answers the settings, and GET reads them back", async () => {
    const put = await call(settingsRoute.PUT, "/api/tenants/settings", { method: "PUT", token: adminToken, body: SEED_SETTINGS });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ ...SEED_SETTINGS, default_branding: expect.any(Object), updated_at: expect.any(String) });
    const get = await call(settingsRoute.GET, "/api/tenants/settings", { token: adminToken });
    expect(get.status).toBe(200);
    expect(get.body).toEqual(put.body);
  });

  it("keeps the fields a PUT leaves out, and refuses invalid values with 422", async () => {
    const put = await call(settingsRoute.PUT, "/api/tenants/settings", { method: "PUT", token: adminToken, body: { default_max_users: 15 } });
    expect(put.body).toMatchObject({ ...SEED_SETTINGS, default_max_users: 15 });

    const bad = await call(settingsRoute.PUT, "/api/tenants/settings", {
      method: "PUT",
      token: adminToken,
      body: { default_max_users: -1, auto_approve_registrations: "yes" },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual({
      message: "The auto approve registrations field must be true or false. (and 1 more error)",
      errors: {
        auto_approve_registrations: ["The auto approve registrations field must be true or false."],
        default_max_users: ["The default max users field must be at least 0."],
      },
    });
    expect((await call(settingsRoute.GET, "/api/tenants/settings", { token: adminToken })).body.default_max_users).toBe(15);
    await call(settingsRoute.PUT, "/api/tenants/settings", { method: "PUT", token: adminToken, body: SEED_SETTINGS });
  });

  it("is for superadmins only", async () => {
    expect((await call(settingsRoute.GET, "/api/tenants/settings")).body).toEqual({ message: "Unauthorized" });
    const put = await call(settingsRoute.PUT, "/api/tenants/settings", { method: "PUT", body: { auto_approve_registrations: true } });
    expect(put.status).toBe(401);
    expect((await call(settingsRoute.GET, "/api/tenants/settings", { token: plainToken })).status).toBe(403);
    const forbidden = await call(settingsRoute.PUT, "/api/tenants/settings", {
      method: "PUT",
      token: plainToken,
      body: { auto_approve_registrations: true },
    });
    expect(forbidden.status).toBe(403);
    expect((await call(settingsRoute.GET, "/api/tenants/settings", { token: adminToken })).body.auto_approve_registrations).toBe(false);
  });

  it("with auto_approve_registrations on, a registration answers 201 active", async () => {
    await call(settingsRoute.PUT, "/api/tenants/settings", { method: "PUT", token: adminToken, body: { auto_approve_registrations: true } });
    try {
      const body = registration();
      const res = await call(registerRoute.POST, "/api/tenants/register", { method: "POST", body });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: "active" });
      const detail = await call(requestRoute.GET, `/api/tenants/requests/${res.body.id}`, {
        token: adminToken,
        params: { request_id: String(res.body.id) },
      });
      expect(detail.body).toMatchObject({ status: "active", organization_id: expect.any(String), org_slug: body.desired_org_slug });
    } finally {
      await call(settingsRoute.PUT, "/api/tenants/settings", { method: "PUT", token: adminToken, body: { auto_approve_registrations: false } });
    }
  });
});

describe("Available plugins", () => {
  it("GET /api/tenants/available-plugins lists the core plugins to any signed-in user", async () => {
    for (const token of [adminToken, plainToken]) {
      const res = await call(availablePluginsRoute.GET, "/api/tenants/available-plugins", { token });
      expect(res.status).toBe(200);
      const keys = res.body.data.map((p: { key: string }) => p.key);
      expect(keys).toEqual(expect.arrayContaining(CORE_PLUGINS));
      for (const plugin of res.body.data)
        expect(plugin).toEqual({ key: expect.any(String), name: expect.any(String), description: expect.any(String) });
    }
    expect((await call(availablePluginsRoute.GET, "/api/tenants/available-plugins")).status).toBe(401);
  });
});

describe("Organizations", () => {
  let orgId: string;
  let ownerToken: string;

  beforeAll(async () => {
    // An organization provisioned through the API, as the registration workflow does it.
    const slug = unique("shop");
    const password = "owner-password-123";
    const email = `${unique("owner")}@example.test`;
    const id = await registered({ email, password, desired_org_slug: slug });
    expect((await onRequest("approve", id, adminToken, {})).status).toBe(200);
    const provisioned = await onRequest("provision", id, adminToken);
    orgId = provisioned.body.organization_id;
    const [owner] = await handle.db.select().from(users).where(eq(users.email, email));
    ownerToken = await personalTokenFor(owner);
  });

  const edit = (id: string, body: unknown, token = adminToken) =>
    call(editRoute.PUT, `/api/tenants/organizations/${id}/edit`, { method: "PUT", token, body, params: { org_id: id } });
  const setStatus = (id: string, body: unknown, token = adminToken) =>
    call(statusRoute.PUT, `/api/tenants/organizations/${id}/status`, { method: "PUT", token, body, params: { org_id: id } });
  const detail = (id: string, token = adminToken) =>
    call(detailRoute.GET, `/api/tenants/organizations/${id}/detail`, { token, params: { org_id: id } });
  const myPlugins = (token: string) => call(myPluginsRoute.GET, "/api/tenants/my-organization/plugins", { token });
  const keysOf = (res: RouteAnswer) => res.body.data.map((p: { key: string }) => p.key);

  it("PUT /edit with the seed body answers 200 with every field changed", async () => {
    const res = await edit(orgId, SEED_EDIT);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: orgId, ...SEED_EDIT });
    expect((await detail(orgId)).body).toMatchObject({ id: orgId, ...SEED_EDIT, status: "active" });
  });

  it("GET /plugins and my-organization/plugins show the enabled plugins; a superadmin gets them all", async () => {
    const orgPlugins = await call(orgPluginsRoute.GET, `/api/tenants/organizations/${orgId}/plugins`, {
      token: adminToken,
      params: { org_id: orgId },
    });
    expect(orgPlugins.status).toBe(200);
    expect(keysOf(orgPlugins)).toEqual(["ecommerce", "linkedin", "calendar"]);

    const owners = await myPlugins(ownerToken);
    expect(owners.status).toBe(200);
    expect(keysOf(owners)).toEqual(["ecommerce", "linkedin", "calendar"]);

    const admins = await myPlugins(adminToken);
    expect(admins.status).toBe(200);
    expect(keysOf(admins)).toEqual(expect.arrayContaining(CORE_PLUGINS));
    const catalog = await call(availablePluginsRoute.GET, "/api/tenants/available-plugins", { token: adminToken });
    expect(keysOf(admins)).toEqual(keysOf(catalog));

    const none = await myPlugins(plainToken);
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ message: expect.any(String) });
  });

  it("PUT /edit keeps what it leaves out, refuses unknown plugins (422) and a domain verified by another organization (409)", async () => {
    expect((await edit(orgId, { max_users: 5 })).body).toMatchObject({ ...SEED_EDIT, max_users: 5 });

    const plugins = await edit(orgId, { enabled_plugins: ["blog", "teleporter"] });
    expect(plugins.status).toBe(422);
    expect(Object.keys(plugins.body.errors)).toEqual(["enabled_plugins"]);
    expect(plugins.body.message).toContain('"teleporter"');

    // A custom domain is a pending claim until verified: another organization's pending claim blocks
    // nobody, a verified one is a 409.
    const other = await createOrganizationRow(handle.db);
    const pending = await edit(other.id, { custom_domain: "APP.example.com" });
    expect(pending.status).toBe(200);
    expect(pending.body.custom_domain).toBe("app.example.com");
    await handle.db.update(domains).set({ status: "verified" }).where(eq(domains.organizationId, orgId));
    const taken = await edit((await createOrganizationRow(handle.db)).id, { custom_domain: "app.example.com" });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({ message: "The domain app.example.com is already verified by another owner." });

    const malformed = await edit(other.id, { custom_domain: "https://app.example.com/", credit_limit: -5 });
    expect(malformed.status).toBe(422);
    expect(malformed.body.message).toBe(summarizeFieldErrors(malformed.body.errors));
    expect(Object.keys(malformed.body.errors).sort()).toEqual(["credit_limit", "custom_domain"]);

    expect((await detail(orgId)).body).toMatchObject({ ...SEED_EDIT, max_users: 5 });
  });

  it("lets the owner read the organization but not edit it", async () => {
    expect((await detail(orgId, ownerToken)).status).toBe(200);
    const res = await edit(orgId, { max_users: 1000 }, ownerToken);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: expect.any(String) });
    expect((await setStatus(orgId, { status: "active" }, ownerToken)).status).toBe(403);
  });

  it("PUT /status with the seed body suspends it: the owner is locked out, the superadmin is not; repeating is a 409", async () => {
    const res = await setStatus(orgId, SEED_STATUS);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: orgId, status: "suspended" });

    const locked = await myPlugins(ownerToken);
    expect(locked.status).toBe(403);
    expect(locked.body).toEqual({ message: "This organization is suspended. Contact your administrator to restore access." });
    expect((await detail(orgId, ownerToken)).status).toBe(403);
    expect((await detail(orgId)).body.status).toBe("suspended");

    const listed = await call(organizationsRoute.GET, "/api/tenants/organizations?status=suspended", { token: adminToken });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ data: expect.any(Array), total: expect.any(Number), limit: 50, offset: 0 });
    expect(listed.body.data.map((o: { id: string }) => o.id)).toContain(orgId);
    expect(listed.body.data.every((o: { status: string }) => o.status === "suspended")).toBe(true);
    const active = await call(organizationsRoute.GET, "/api/tenants/organizations?status=active", { token: adminToken });
    expect(active.body.data.map((o: { id: string }) => o.id)).not.toContain(orgId);

    const again = await setStatus(orgId, SEED_STATUS);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ message: "The organization is already suspended." });

    expect((await setStatus(orgId, { status: "active" })).body.status).toBe("active");
    expect((await myPlugins(ownerToken)).status).toBe(200);
  });

  it("refuses a status that is not one of active, suspended, cancelled with 422", async () => {
    const res = await setStatus(orgId, { status: "deleted" });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ message: "The selected status is invalid.", errors: { status: ["The selected status is invalid."] } });
  });

  it("answers 404 {message} for unknown and malformed organization ids", async () => {
    for (const id of [MISSING_UUID, "not-a-uuid", "123"]) {
      for (const res of [await detail(id), await edit(id, { name: "Ghost" }), await setStatus(id, SEED_STATUS)]) {
        expect(res.status, id).toBe(404);
        expect(res.body).toEqual({ message: "Tenant not found" });
      }
    }
  });

  it("hides an organization from another agency's admin behind a 404", async () => {
    const agencyUser = await createUser(handle.db);
    await addAgencyMember(handle.db, (await createAgency(handle.db)).id, agencyUser.id);
    const token = await personalTokenFor(agencyUser);
    expect((await detail(orgId, token)).status).toBe(404);
    expect((await edit(orgId, { name: "Taken over" }, token)).status).toBe(404);
    expect((await setStatus(orgId, SEED_STATUS, token)).status).toBe(404);
    const listed = await call(organizationsRoute.GET, "/api/tenants/organizations", { token });
    expect(listed.body).toEqual({ data: [], total: 0, limit: 50, offset: 0 });
  });

  it("answers 401 {message: Unauthorized} without a token", async () => {
    for (const res of [
      await call(organizationsRoute.GET, "/api/tenants/organizations"),
      await detail(orgId, ""),
      await edit(orgId, SEED_EDIT, ""),
      await setStatus(orgId, SEED_STATUS, ""),
      await call(myPluginsRoute.GET, "/api/tenants/my-organization/plugins"),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: "Unauthorized" });
    }
  });
});
