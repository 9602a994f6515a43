// Seed 002, the platform API under /api/tenants, black-box: every example request body of the seed's
// Register, Registration Management, Organizations, Current User, Platform Settings and Available
// Plugins sections, and what an operator checks in the answers: statuses, envelopes, and the
// Laravel-style error bodies ({message}, 422 {message, errors}).
import { type APIRequestContext, type APIResponse, expect, test } from "@playwright/test";
import { accessToken, bearer, createOrganizationOwner, createTenant, freshClientIp, uniqueSlug, uniqueTag } from "./helpers";
import { withPlatformSettingsLock } from "./registrations";
import * as seed002 from "../lib/testing/seed-002-examples";

// The seed's bodies, verbatim. Where a value must be unique (an email, a slug, a domain) the tests
// below change only that value, and say so.
const {
  SEED_REGISTER: REGISTER_EXAMPLE,
  SEED_APPROVE: APPROVE_EXAMPLE,
  SEED_REJECT: REJECT_EXAMPLE,
  SEED_EDIT: EDIT_EXAMPLE,
  SEED_STATUS: STATUS_EXAMPLE,
  SEED_SETTINGS: SETTINGS_EXAMPLE,
  CORE_PLUGINS,
} = seed002;

const PENDING_MESSAGE = "Thank you. Your registration is waiting for approval; we will email you when it is reviewed.";
const REQUEST_NOT_FOUND = { message: "Registration request not found" };
const TENANT_NOT_FOUND = { message: "Tenant not found" };
const SUSPENDED = { message: "This organization is suspended. Contact your administrator to restore access." };
const SUPERADMINS_ONLY = { message: "This action is reserved to superadmins." };

/** The seed's registration body; the email and the slug made unique, as one run registers many. */
function registerExample() {
  const tag = uniqueTag();
  return { ...REGISTER_EXAMPLE, email: `user-${tag}@example.com`, desired_org_slug: `acme-corp-${tag}` };
}

/** POST /register from a client ip of its own (the endpoint allows 5 per ip and hour). */
function register(request: APIRequestContext, body: unknown, ip = freshClientIp()) {
  return request.post("/api/tenants/register", { headers: { "x-forwarded-for": ip }, data: body });
}

async function registerPending(request: APIRequestContext, body = registerExample()): Promise<number> {
  const response = await register(request, body);
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).id as number;
}

/** Asserts the status and the exact JSON body, and returns the body. */
async function expectJson(response: APIResponse, status: number, body?: unknown) {
  const text = await response.text();
  expect(response.status(), text).toBe(status);
  expect(response.headers()["content-type"]).toContain("application/json");
  const parsed = JSON.parse(text);
  if (body !== undefined) expect(parsed).toEqual(body);
  return parsed;
}

/** A 422 as Laravel words it: the first error, then "(and N more errors)". */
async function expectValidation(response: APIResponse, errors: Record<string, string[]>) {
  const all = Object.values(errors).flat();
  const rest = all.length - 1;
  const message = rest === 0 ? all[0] : `${all[0]} (and ${rest} more error${rest === 1 ? "" : "s"})`;
  return expectJson(response, 422, { message, errors });
}

function keysOf(body: { data: { key: string }[] }) {
  return body.data.map((p) => p.key);
}

test.describe("Register", () => {
  test("[REGISTER][CREATE]: the seed's body answers 201 pending_approval and every field is kept", async ({ request }) => {
    const token = await accessToken(request);
    const body = registerExample();
    const created = await expectJson(await register(request, body), 201);
    expect(created).toEqual({ id: expect.any(Number), status: "pending_approval", message: PENDING_MESSAGE });

    const stored = await expectJson(await request.get(`/api/tenants/requests/${created.id}`, { headers: bearer(token) }), 200);
    expect(stored).toMatchObject({
      id: created.id,
      status: "pending_approval",
      email: body.email,
      company_name: "Acme Corp",
      contact_name: "John Doe",
      phone: "+1234567890",
      desired_org_name: "Acme Corp",
      desired_org_slug: body.desired_org_slug,
      utm_source: "google",
      utm_medium: "cpc",
      utm_campaign: "summer",
      org_name: null,
      org_slug: null,
      rejection_reason: null,
      reviewed_by: null,
      reviewed_at: null,
      organization_id: null,
    });
    expect(Object.keys(stored).filter((k) => k.includes("password"))).toEqual([]);

    // The same registration again: its email is pending and its slug is held.
    await expectValidation(await register(request, body), {
      email: ["A registration for this email is already waiting for approval."],
      desired_org_slug: ["The desired org slug has already been taken."],
    });
  });

  // An approved, not yet provisioned registration still holds its email: provisioning creates the user from it.
  test("[REGISTER][CREATE]: an email whose registration is approved but not provisioned cannot register again", async ({ request }) => {
    const token = await accessToken(request);
    const first = registerExample();
    const id = await registerPending(request, first);
    await expectJson(await request.post(`/api/tenants/requests/${id}/approve`, { headers: bearer(token), data: {} }), 200);

    const second = { ...registerExample(), email: first.email.toUpperCase(), password: "another-password" };
    const response = await register(request, second);
    expect(response.status(), await response.text()).toBe(422);
    expect(Object.keys((await response.json()).errors)).toContain("email");
  });

  test("[REGISTER][VALIDATE]: missing and malformed fields answer 422 worded Laravel-style", async ({ request }) => {
    await expectValidation(await register(request, {}), {
      email: ["The email field is required."],
      password: ["The password field is required."],
      company_name: ["The company name field is required."],
      contact_name: ["The contact name field is required."],
      desired_org_name: ["The desired org name field is required."],
      desired_org_slug: ["The desired org slug field is required."],
    });
    await expectValidation(
      await register(request, { ...registerExample(), email: "not-an-email", password: "short", desired_org_slug: "Acme Corp" }),
      {
        email: ["The email field must be a valid email address."],
        password: ["The password field must be at least 8 characters."],
        desired_org_slug: ["The desired org slug field format is invalid."],
      },
    );
    const notJson = await request.post("/api/tenants/register", {
      headers: { "x-forwarded-for": freshClientIp(), "content-type": "application/json" },
      data: "{not json",
    });
    await expectJson(notJson, 400, { message: "Invalid request body format" });
  });

  test("[REGISTER][RATE-LIMIT]: a sixth registration from one client ip within the hour answers 429", async ({ request }) => {
    const ip = freshClientIp();
    const body = registerExample();
    await expectJson(await register(request, body, ip), 201);
    // Refused submissions count too: a form cannot be hammered with bad answers either.
    for (let attempt = 2; attempt <= 5; attempt++) expect((await register(request, body, ip)).status(), `attempt ${attempt}`).toBe(422);
    const limited = await register(request, registerExample(), ip);
    await expectJson(limited, 429, { message: "Too many registrations from your network. Try again later." });
    expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);

    // Another client is not affected.
    await expectJson(await register(request, registerExample()), 201);
  });
});

test.describe("Registration Management", () => {
  test("[REGISTRATIONS][LIST]: ?status= filters, in the {data, total, limit, offset} envelope", async ({ request }) => {
    const token = await accessToken(request);
    const id = await registerPending(request);

    const all = await expectJson(await request.get("/api/tenants/requests", { headers: bearer(token) }), 200);
    expect(all).toEqual({ data: expect.any(Array), total: expect.any(Number), limit: 50, offset: 0 });
    expect(all.total).toBeGreaterThanOrEqual(1);

    const pending = await expectJson(await request.get("/api/tenants/requests?status=pending_approval&limit=200", { headers: bearer(token) }), 200);
    expect(pending).toMatchObject({ limit: 200, offset: 0 });
    expect(pending.data.map((r: { id: number }) => r.id)).toContain(id);
    expect(new Set(pending.data.map((r: { status: string }) => r.status))).toEqual(new Set(["pending_approval"]));

    for (const status of ["approved", "rejected", "active"]) {
      const page = await expectJson(await request.get(`/api/tenants/requests?status=${status}&limit=200`, { headers: bearer(token) }), 200);
      expect(
        page.data.every((r: { status: string }) => r.status === status),
        status,
      ).toBe(true);
      expect(
        page.data.map((r: { id: number }) => r.id),
        status,
      ).not.toContain(id);
    }

    await expectValidation(await request.get("/api/tenants/requests?status=waiting", { headers: bearer(token) }), {
      status: ["The selected status is invalid."],
    });
  });

  test("[REGISTRATIONS][APPROVE]: the seed's approve body, then provision: 200 with the organization; later steps are 409", async ({ request }) => {
    const token = await accessToken(request);
    const registration = registerExample();
    const id = await registerPending(request, registration);
    // The seed's approve body with a unique org_slug: "custom-slug" itself could be approved only once per database.
    const approveBody = { ...APPROVE_EXAMPLE, org_slug: uniqueSlug("custom-slug") };

    const approved = await expectJson(await request.post(`/api/tenants/requests/${id}/approve`, { headers: bearer(token), data: approveBody }), 200);
    expect(approved).toMatchObject({
      id,
      status: "approved",
      org_name: "Custom Name",
      org_slug: approveBody.org_slug,
      initial_credit_limit: 5000,
      storage_limit_gb: 20,
      max_users: 25,
      reviewed_by: expect.any(Number),
      reviewed_at: expect.any(String),
      organization_id: null,
    });
    const approvedList = await expectJson(await request.get("/api/tenants/requests?status=approved&limit=200", { headers: bearer(token) }), 200);
    expect(approvedList.data.map((r: { id: number }) => r.id)).toContain(id);

    // Another registration may not be approved onto the same slug.
    const rival = await registerPending(request);
    await expectValidation(await request.post(`/api/tenants/requests/${rival}/approve`, { headers: bearer(token), data: approveBody }), {
      org_slug: ["The org slug has already been taken."],
    });

    const provisioned = await expectJson(await request.post(`/api/tenants/requests/${id}/provision`, { headers: bearer(token) }), 200);
    expect(provisioned).toMatchObject({
      id,
      status: "active",
      organization_id: expect.any(String),
      organization: {
        name: "Custom Name",
        slug: approveBody.org_slug,
        status: "active",
        custom_domain: null,
        enabled_plugins: [],
        credit_limit: 5000,
        storage_limit_gb: 20,
        max_users: 25,
      },
    });
    expect(provisioned.organization.id).toBe(provisioned.organization_id);

    // Provisioning is idempotent; approving or rejecting a provisioned request is not possible.
    const again = await expectJson(await request.post(`/api/tenants/requests/${id}/provision`, { headers: bearer(token) }), 200);
    expect(again.organization.id).toBe(provisioned.organization.id);
    await expectJson(await request.post(`/api/tenants/requests/${id}/approve`, { headers: bearer(token), data: approveBody }), 409, {
      message: "This registration is already provisioned.",
    });
    await expectJson(await request.post(`/api/tenants/requests/${id}/reject`, { headers: bearer(token), data: REJECT_EXAMPLE }), 409, {
      message: "This registration is already provisioned; suspend or cancel its organization instead.",
    });
    const activeList = await expectJson(await request.get("/api/tenants/requests?status=active&limit=200", { headers: bearer(token) }), 200);
    expect(activeList.data.map((r: { id: number }) => r.id)).toContain(id);

    // The registrant signs in with the password from the form and finds their organization.
    const ownerToken = await accessToken(request, registration.email, registration.password);
    await expectJson(await request.get("/api/tenants/my-organization/plugins", { headers: bearer(ownerToken) }), 200, { data: [] });
    const mine = await expectJson(await request.get("/api/tenants/organizations", { headers: bearer(ownerToken) }), 200);
    expect(mine).toMatchObject({ total: 1, data: [{ id: provisioned.organization.id, slug: approveBody.org_slug }] });
  });

  test("[REGISTRATIONS][REJECT]: the seed's reason rejects; a rejected request cannot be approved or provisioned", async ({ request }) => {
    const token = await accessToken(request);
    const registration = registerExample();
    const id = await registerPending(request, registration);

    await expectJson(await request.post(`/api/tenants/requests/${id}/provision`, { headers: bearer(token) }), 409, {
      message: "This registration must be approved before it can be provisioned.",
    });
    await expectValidation(await request.post(`/api/tenants/requests/${id}/reject`, { headers: bearer(token), data: {} }), {
      reason: ["The reason field is required."],
    });

    const rejected = await expectJson(
      await request.post(`/api/tenants/requests/${id}/reject`, { headers: bearer(token), data: REJECT_EXAMPLE }),
      200,
    );
    expect(rejected).toMatchObject({
      id,
      status: "rejected",
      rejection_reason: REJECT_EXAMPLE.reason,
      reviewed_by: expect.any(Number),
      organization_id: null,
    });
    // Rejecting again changes nothing.
    const twice = await expectJson(await request.post(`/api/tenants/requests/${id}/reject`, { headers: bearer(token), data: REJECT_EXAMPLE }), 200);
    expect(twice).toEqual(rejected);

    await expectJson(await request.post(`/api/tenants/requests/${id}/approve`, { headers: bearer(token), data: {} }), 409, {
      message: "This registration was rejected; a rejected request cannot be approved.",
    });
    await expectJson(await request.post(`/api/tenants/requests/${id}/provision`, { headers: bearer(token) }), 409, {
      message: "This registration was rejected; it cannot be provisioned.",
    });
    const rejectedList = await expectJson(await request.get("/api/tenants/requests?status=rejected&limit=200", { headers: bearer(token) }), 200);
    expect(rejectedList.data.find((r: { id: number }) => r.id === id)).toMatchObject({ status: "rejected", rejection_reason: REJECT_EXAMPLE.reason });

    // The registrant may try again, with the same email and slug.
    await expectJson(await register(request, registration), 201);
  });

  test("[REGISTRATIONS][NOT-FOUND]: unknown request ids answer 404 {message}", async ({ request }) => {
    const token = await accessToken(request);
    for (const id of ["2147483647", "0", "-1", "abc", "1.5"]) {
      await expectJson(await request.get(`/api/tenants/requests/${id}`, { headers: bearer(token) }), 404, REQUEST_NOT_FOUND);
      await expectJson(await request.post(`/api/tenants/requests/${id}/approve`, { headers: bearer(token), data: {} }), 404, REQUEST_NOT_FOUND);
      await expectJson(
        await request.post(`/api/tenants/requests/${id}/reject`, { headers: bearer(token), data: REJECT_EXAMPLE }),
        404,
        REQUEST_NOT_FOUND,
      );
      await expectJson(await request.post(`/api/tenants/requests/${id}/provision`, { headers: bearer(token) }), 404, REQUEST_NOT_FOUND);
    }
  });

  // The id column is a 4-byte integer: larger ids name nothing and must not reach the database.
  test("[REGISTRATIONS][NOT-FOUND]: ids past the database's integer range answer 404, not 500", async ({ request }) => {
    const token = await accessToken(request);
    for (const id of ["2147483648", "99999999999"]) {
      await expectJson(await request.get(`/api/tenants/requests/${id}`, { headers: bearer(token) }), 404, REQUEST_NOT_FOUND);
      await expectJson(await request.post(`/api/tenants/requests/${id}/approve`, { headers: bearer(token), data: {} }), 404, REQUEST_NOT_FOUND);
      await expectJson(
        await request.post(`/api/tenants/requests/${id}/reject`, { headers: bearer(token), data: REJECT_EXAMPLE }),
        404,
        REQUEST_NOT_FOUND,
      );
      await expectJson(await request.post(`/api/tenants/requests/${id}/provision`, { headers: bearer(token) }), 404, REQUEST_NOT_FOUND);
    }
  });
});

test.describe("Organizations", () => {
  /** An organization with an owner, made through the registration workflow, and its id. */
  async function ownedOrganization(request: APIRequestContext, token: string) {
    const owner = await createOrganizationOwner(request, token);
    const found = await expectJson(await request.get(`/api/tenants/organizations?q=${owner.slug}`, { headers: bearer(token) }), 200);
    expect(found.total).toBe(1);
    return { owner, id: found.data[0].id as string, ownerToken: await accessToken(request, owner.email, owner.password) };
  }

  test("[ORGANIZATIONS][LIST]: ?status= filters the superadmin's list; an owner sees only their own", async ({ request }) => {
    const token = await accessToken(request);
    const { id, ownerToken } = await ownedOrganization(request, token);

    const active = await expectJson(await request.get("/api/tenants/organizations?status=active&limit=200", { headers: bearer(token) }), 200);
    expect(active).toEqual({ data: expect.any(Array), total: expect.any(Number), limit: 200, offset: 0 });
    expect(active.data.every((o: { status: string }) => o.status === "active")).toBe(true);
    expect(active.data.map((o: { id: string }) => o.id)).toContain(id);
    const suspended = await expectJson(await request.get("/api/tenants/organizations?status=suspended&limit=200", { headers: bearer(token) }), 200);
    expect(suspended.data.map((o: { id: string }) => o.id)).not.toContain(id);
    await expectValidation(await request.get("/api/tenants/organizations?status=paused", { headers: bearer(token) }), {
      status: ["The selected status is invalid."],
    });

    const own = await expectJson(await request.get("/api/tenants/organizations", { headers: bearer(ownerToken) }), 200);
    expect(own).toMatchObject({ total: 1, limit: 50, offset: 0 });
    expect(own.data.map((o: { id: string }) => o.id)).toEqual([id]);
  });

  test("[ORGANIZATIONS][EDIT]: the seed's edit body, limits, credit limit and plugins", async ({ request }) => {
    const token = await accessToken(request);
    const { owner, id, ownerToken } = await ownedOrganization(request, token);
    // The seed's edit body with a custom_domain of this run's own: a domain belongs to one organization.
    const editBody = { ...EDIT_EXAMPLE, custom_domain: `app-${uniqueTag()}.example.com` };

    const detail = await expectJson(await request.get(`/api/tenants/organizations/${id}/detail`, { headers: bearer(token) }), 200);
    expect(Object.keys(detail).sort()).toEqual(
      [
        "id",
        "name",
        "slug",
        "custom_domain",
        "status",
        "status_reason",
        "admin_id",
        "plan_id",
        "service_id",
        "enabled_plugins",
        "credit_limit",
        "storage_limit_gb",
        "max_users",
        "bandwidth_limit_gb",
        "credit_balance",
        "created_at",
        "updated_at",
      ].sort(),
    );
    expect(detail).toMatchObject({ id, slug: owner.slug, status: "active", custom_domain: null, enabled_plugins: [] });

    const edited = await expectJson(await request.put(`/api/tenants/organizations/${id}/edit`, { headers: bearer(token), data: editBody }), 200);
    expect(edited).toMatchObject({ id, slug: owner.slug, ...editBody });
    const reread = await expectJson(await request.get(`/api/tenants/organizations/${id}/detail`, { headers: bearer(token) }), 200);
    expect(reread).toMatchObject(editBody);

    const plugins = await expectJson(await request.get(`/api/tenants/organizations/${id}/plugins`, { headers: bearer(token) }), 200);
    expect(keysOf(plugins)).toEqual(["ecommerce", "linkedin", "calendar"]);
    for (const plugin of plugins.data) expect(plugin).toEqual({ key: expect.any(String), name: expect.any(String), description: expect.any(String) });
    // Current User: the owner gets their organization's plugins.
    expect(keysOf(await expectJson(await request.get("/api/tenants/my-organization/plugins", { headers: bearer(ownerToken) }), 200))).toEqual([
      "ecommerce",
      "linkedin",
      "calendar",
    ]);

    // Limits: the fields sent change (null: unlimited, 0: none), the others stay.
    const limited = await expectJson(
      await request.put(`/api/tenants/organizations/${id}/limits`, {
        headers: bearer(token),
        data: { storage_limit_gb: 60, max_users: null, bandwidth_limit_gb: 0 },
      }),
      200,
    );
    expect(limited).toMatchObject({ credit_limit: 10000, storage_limit_gb: 60, max_users: null, bandwidth_limit_gb: 0, name: "New Name" });
    const credit = await expectJson(
      await request.put(`/api/tenants/organizations/${id}/credit-limit`, { headers: bearer(token), data: { credit_limit: 20000 } }),
      200,
    );
    expect(credit).toMatchObject({ credit_limit: 20000, storage_limit_gb: 60 });
    await expectValidation(await request.put(`/api/tenants/organizations/${id}/credit-limit`, { headers: bearer(token), data: {} }), {
      credit_limit: ["The credit limit field is required."],
    });

    await expectValidation(
      await request.put(`/api/tenants/organizations/${id}/edit`, {
        headers: bearer(token),
        data: { name: "", custom_domain: "not a domain", credit_limit: -1, max_users: "many" },
      }),
      {
        credit_limit: ["The credit limit field must be at least 0."],
        max_users: ["The max users field must be a number."],
        name: ["The name field is required."],
        custom_domain: ["The custom domain field format is invalid."],
      },
    );
    await expectValidation(
      await request.put(`/api/tenants/organizations/${id}/edit`, { headers: bearer(token), data: { enabled_plugins: ["blog", "nope"] } }),
      {
        enabled_plugins: ['The selected plugin "nope" is not in the plugin catalog.'],
      },
    );
    // A custom domain is a claim pending DNS verification: another organization's pending claim of the same
    // domain blocks nobody (e2e/console-domains.spec.ts verifies one, after which it is a 409).
    const other = await createTenant(request, token);
    const alsoPending = await expectJson(
      await request.put(`/api/tenants/organizations/${other.id}/edit`, { headers: bearer(token), data: { custom_domain: editBody.custom_domain } }),
      200,
    );
    expect(alsoPending).toMatchObject({ custom_domain: editBody.custom_domain });
    // An owner uses the organization; only the platform (or its agency) changes it.
    await expectJson(await request.put(`/api/tenants/organizations/${id}/edit`, { headers: bearer(ownerToken), data: { name: "Mine now" } }), 403, {
      message: "Only the platform or the organization's agency can change it.",
    });
  });

  test("[ORGANIZATIONS][STATUS]: the seed's status body suspends: the owner gets 403 until it is reactivated", async ({ request }) => {
    const token = await accessToken(request);
    const { id, ownerToken } = await ownedOrganization(request, token);

    const suspended = await expectJson(
      await request.put(`/api/tenants/organizations/${id}/status`, { headers: bearer(token), data: STATUS_EXAMPLE }),
      200,
    );
    expect(suspended).toMatchObject({ id, status: "suspended", status_reason: null });
    await expectJson(await request.put(`/api/tenants/organizations/${id}/status`, { headers: bearer(token), data: STATUS_EXAMPLE }), 409, {
      message: "The organization is already suspended.",
    });
    const list = await expectJson(await request.get("/api/tenants/organizations?status=suspended&limit=200", { headers: bearer(token) }), 200);
    expect(list.data.map((o: { id: string }) => o.id)).toContain(id);

    await expectJson(await request.get("/api/tenants/my-organization/plugins", { headers: bearer(ownerToken) }), 403, SUSPENDED);
    await expectJson(await request.get(`/api/tenants/organizations/${id}/detail`, { headers: bearer(ownerToken) }), 403, SUSPENDED);
    await expectJson(await request.get(`/api/tenants/organizations/${id}/plugins`, { headers: bearer(ownerToken) }), 403, SUSPENDED);
    // The platform still sees it.
    expect((await expectJson(await request.get(`/api/tenants/organizations/${id}/detail`, { headers: bearer(token) }), 200)).status).toBe(
      "suspended",
    );

    await expectValidation(await request.put(`/api/tenants/organizations/${id}/status`, { headers: bearer(token), data: { status: "paused" } }), {
      status: ["The selected status is invalid."],
    });
    const reactivated = await expectJson(
      await request.put(`/api/tenants/organizations/${id}/status`, { headers: bearer(token), data: { status: "active", reason: "Paid" } }),
      200,
    );
    expect(reactivated).toMatchObject({ status: "active", status_reason: null });
    await expectJson(await request.get("/api/tenants/my-organization/plugins", { headers: bearer(ownerToken) }), 200, { data: [] });
  });

  test("[ORGANIZATIONS][NOT-FOUND]: unknown organization ids answer 404 {message}", async ({ request }) => {
    const token = await accessToken(request);
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      const base = `/api/tenants/organizations/${id}`;
      await expectJson(await request.get(`${base}/detail`, { headers: bearer(token) }), 404, TENANT_NOT_FOUND);
      await expectJson(await request.get(`${base}/plugins`, { headers: bearer(token) }), 404, TENANT_NOT_FOUND);
      await expectJson(await request.put(`${base}/edit`, { headers: bearer(token), data: { name: "New Name" } }), 404, TENANT_NOT_FOUND);
      await expectJson(await request.put(`${base}/status`, { headers: bearer(token), data: STATUS_EXAMPLE }), 404, TENANT_NOT_FOUND);
      await expectJson(await request.put(`${base}/limits`, { headers: bearer(token), data: { max_users: 5 } }), 404, TENANT_NOT_FOUND);
      await expectJson(await request.put(`${base}/credit-limit`, { headers: bearer(token), data: { credit_limit: 5 } }), 404, TENANT_NOT_FOUND);
    }
  });
});

test.describe("Platform Settings", () => {
  test("[SETTINGS][UPDATE]: the seed's settings body is stored and read back; fields left out keep their values", async ({ request }) => {
    const token = await accessToken(request);
    await withPlatformSettingsLock(async () => {
      const before = await expectJson(await request.get("/api/tenants/settings", { headers: bearer(token) }), 200);
      expect(before).toEqual({
        auto_approve_registrations: expect.any(Boolean),
        default_storage_limit_gb: expect.any(Number),
        default_max_users: expect.any(Number),
        default_bandwidth_limit_gb: expect.any(Number),
        default_credit_limit: expect.any(Number),
        default_branding: expect.any(Object),
        updated_at: expect.any(String),
      });
      try {
        const saved = await expectJson(await request.put("/api/tenants/settings", { headers: bearer(token), data: SETTINGS_EXAMPLE }), 200);
        expect(saved).toEqual({ ...SETTINGS_EXAMPLE, default_branding: before.default_branding, updated_at: expect.any(String) });
        expect(await expectJson(await request.get("/api/tenants/settings", { headers: bearer(token) }), 200)).toEqual(saved);

        const partial = await expectJson(
          await request.put("/api/tenants/settings", { headers: bearer(token), data: { default_max_users: 11 } }),
          200,
        );
        expect(partial).toEqual({
          ...SETTINGS_EXAMPLE,
          default_max_users: 11,
          default_branding: before.default_branding,
          updated_at: expect.any(String),
        });

        await expectValidation(
          await request.put("/api/tenants/settings", { headers: bearer(token), data: { auto_approve_registrations: "yes", default_max_users: -1 } }),
          {
            auto_approve_registrations: ["The auto approve registrations field must be true or false."],
            default_max_users: ["The default max users field must be at least 0."],
          },
        );
      } finally {
        // Put back what other specs found, so none of them runs with another default (or auto-approval).
        const { updated_at: _, ...previous } = before;
        await expectJson(await request.put("/api/tenants/settings", { headers: bearer(token), data: previous }), 200);
      }
    });
  });
});

test.describe("Available Plugins", () => {
  test("[PLUGINS][READ]: the catalog lists the eight core plugins; a superadmin's own plugins are all of them", async ({ request }) => {
    const jwt = await accessToken(request);
    // A personal token works here as well as an access token.
    const issued = await expectJson(
      await request.post("/api/v1/api-tokens", { headers: bearer(jwt), data: { name: `seed-002 ${uniqueTag()}` } }),
      201,
    );
    const token = issued.token as string;

    const catalog = await expectJson(await request.get("/api/tenants/available-plugins", { headers: bearer(token) }), 200);
    expect(keysOf(catalog)).toEqual(CORE_PLUGINS);
    for (const plugin of catalog.data) {
      expect(plugin).toEqual({ key: expect.any(String), name: expect.any(String), description: expect.any(String) });
      expect(plugin.name.length).toBeGreaterThan(0);
    }
    expect(keysOf(await expectJson(await request.get("/api/tenants/my-organization/plugins", { headers: bearer(token) }), 200))).toEqual(
      CORE_PLUGINS,
    );
  });
});

test.describe("Authentication", () => {
  const anyOrg = "00000000-0000-4000-8000-000000000000";
  const endpoints: [string, string, unknown?][] = [
    ["GET", "/api/tenants/requests?status=pending_approval"],
    ["GET", "/api/tenants/requests/1"],
    ["POST", "/api/tenants/requests/1/approve", APPROVE_EXAMPLE],
    ["POST", "/api/tenants/requests/1/reject", REJECT_EXAMPLE],
    ["POST", "/api/tenants/requests/1/provision"],
    ["GET", "/api/tenants/organizations?status=active"],
    ["GET", `/api/tenants/organizations/${anyOrg}/detail`],
    ["PUT", `/api/tenants/organizations/${anyOrg}/edit`, EDIT_EXAMPLE],
    ["PUT", `/api/tenants/organizations/${anyOrg}/status`, STATUS_EXAMPLE],
    ["PUT", `/api/tenants/organizations/${anyOrg}/limits`, { max_users: 5 }],
    ["PUT", `/api/tenants/organizations/${anyOrg}/credit-limit`, { credit_limit: 5 }],
    ["GET", `/api/tenants/organizations/${anyOrg}/plugins`],
    ["GET", "/api/tenants/my-organization/plugins"],
    ["GET", "/api/tenants/settings"],
    ["PUT", "/api/tenants/settings", SETTINGS_EXAMPLE],
    ["GET", "/api/tenants/available-plugins"],
  ];

  test("[AUTH][UNAUTHORIZED]: without a valid token every endpoint but register answers 401 {message: Unauthorized}", async ({ request }) => {
    for (const [method, path, data] of endpoints) {
      for (const headers of [{}, bearer("not-a-token"), bearer("cpt_not-a-real-token")]) {
        const response = await request.fetch(path, { method, headers, data });
        expect(response.status(), `${method} ${path}`).toBe(401);
        expect(await response.json(), `${method} ${path}`).toEqual({ message: "Unauthorized" });
      }
    }
  });

  test("[AUTH][FORBIDDEN]: an organization owner may not review registrations or change settings", async ({ request }) => {
    const token = await accessToken(request);
    const owner = await createOrganizationOwner(request, token);
    const ownerToken = await accessToken(request, owner.email, owner.password);
    const id = await registerPending(request);
    const calls: [string, string, unknown?][] = [
      ["GET", "/api/tenants/requests"],
      ["GET", `/api/tenants/requests/${id}`],
      ["POST", `/api/tenants/requests/${id}/approve`, { ...APPROVE_EXAMPLE, org_slug: uniqueSlug("custom-slug") }],
      ["POST", `/api/tenants/requests/${id}/reject`, REJECT_EXAMPLE],
      ["POST", `/api/tenants/requests/${id}/provision`],
      ["GET", "/api/tenants/settings"],
      ["PUT", "/api/tenants/settings", SETTINGS_EXAMPLE],
    ];
    for (const [method, path, data] of calls) {
      await expectJson(await request.fetch(path, { method, headers: bearer(ownerToken), data }), 403, SUPERADMINS_ONLY);
    }
    // Still pending: nothing above changed it.
    expect((await expectJson(await request.get(`/api/tenants/requests/${id}`, { headers: bearer(token) }), 200)).status).toBe("pending_approval");
  });
});
