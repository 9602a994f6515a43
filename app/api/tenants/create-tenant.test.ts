// Seed 000 through its real route handlers: POST /api/tenants (every field optional, the owner within
// the caller's reach, Laravel's wording of every rule) and GET /api/tenants/{uuid}/website-status,
// with the build run as its job runs it.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tenantsRoute from "@/app/api/tenants/route";
import * as statusRoute from "@/app/api/tenants/[tenantUuid]/website-status/route";
import * as rebuildRoute from "@/app/api/tenants/[tenantUuid]/website/rebuild/route";
import type { DatabaseHandle } from "@/db/client";
import { organizationMembers, organizations, websites } from "@/db/schema";
import { installTestDatabase } from "@/lib/testing/database";
import {
  addAgencyAdmin,
  addAgencyMember,
  addOrganizationMember,
  createAgency,
  createOrganizationRow,
  createRegistrationRow,
  createUser,
  unique,
} from "@/lib/testing/factories";
import { type RouteAnswer, callJsonRoute, personalTokenFor, superadminToken } from "@/lib/testing/route-client";
import { runWebsiteBuilds } from "@/lib/websites/build";
import { offlineGenerator } from "@/lib/websites/offline-generator";

let handle: DatabaseHandle;
let adminToken: string;

beforeAll(async () => {
  handle = await installTestDatabase();
  adminToken = await superadminToken(handle.db);
});
afterAll(async () => handle?.close());

/** What a client reads of an answer: its status and its body. */
const read = async (answer: Promise<RouteAnswer>) => {
  const { status, body } = await answer;
  return { status, body };
};
const create = (body: unknown, token: string | null = adminToken) =>
  read(callJsonRoute(tenantsRoute.POST, "/api/tenants", { method: "POST", token, body }));
const status = (id: string, token: string | null = adminToken) =>
  read(callJsonRoute(statusRoute.GET, `/api/tenants/${id}/website-status`, { token, params: { tenantUuid: id } }));
const rebuild = (id: string, token: string) =>
  read(callJsonRoute(rebuildRoute.POST, `/api/tenants/${id}/website/rebuild`, { method: "POST", token, params: { tenantUuid: id } }));

async function ownersOf(id: string) {
  return handle.db
    .select({ userId: organizationMembers.userId })
    .from(organizationMembers)
    .where(and(eq(organizationMembers.organizationId, id), eq(organizationMembers.role, "owner")));
}

describe("POST /api/tenants", () => {
  it("creates the seed's example: the named owner, the name and the subdomain, active, with its build queued", async () => {
    const owner = await createUser(handle.db, { email: `${unique("owner")}@example.com` });
    const subdomain = unique("my-organization");
    const res = await create({ email: owner.email.toUpperCase(), name: "My Organization", subdomain });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(["tenant_id"]);
    const [org] = await handle.db.select().from(organizations).where(eq(organizations.id, res.body.tenant_id));
    expect(org).toMatchObject({ name: "My Organization", slug: subdomain, status: "active", agencyId: null });
    expect(await ownersOf(org.id)).toEqual([{ userId: owner.id }]);
    expect((await status(org.id)).body).toEqual({
      tenant_id: org.id,
      success: false,
      building_progress: 0,
      error_message: null,
      prompt: { process_status: "pending" },
    });
  });

  it.each([
    ["an empty object", {}],
    ["no body at all", undefined],
  ])("creates a tenant from %s: a generated name, a valid random subdomain, the caller as owner", async (_what, body) => {
    const res = await create(body);
    expect(res.status).toBe(200);
    const [org] = await handle.db.select().from(organizations).where(eq(organizations.id, res.body.tenant_id));
    expect(org.name.length).toBeGreaterThan(3);
    expect(org.slug).toMatch(/^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/);
    expect(org.slug.length).toBeLessThanOrEqual(63);
    expect(await ownersOf(org.id)).toHaveLength(1);
  });

  it("answers the seed's 422 for a malformed email and a too short subdomain, every rule counted", async () => {
    const res = await create({ email: "not-an-email", name: "X", subdomain: "-a" });
    expect(res).toEqual({
      status: 422,
      body: {
        message: "The email field must be a valid email address. (and 3 more errors)",
        errors: {
          email: ["The email field must be a valid email address.", "The selected email is invalid."],
          subdomain: ["The subdomain field must be at least 3 characters.", "The subdomain field format is invalid."],
        },
      },
    });
  });

  it.each([
    [{ name: "x".repeat(256) }, "name", "The name field must not be greater than 255 characters."],
    [{ subdomain: "a".repeat(64) }, "subdomain", "The subdomain field must not be greater than 63 characters."],
    [{ subdomain: "my--page" }, "subdomain", "The subdomain field format is invalid."],
    [{ subdomain: "My-Page" }, "subdomain", "The subdomain field format is invalid."],
    [{ subdomain: "page.qrweb.mn" }, "subdomain", "The subdomain field format is invalid."],
    [{ subdomain: "my page" }, "subdomain", "The subdomain field format is invalid."],
  ])("refuses %j with one message in Laravel's words", async (body, field, message) => {
    const res = await create(body);
    expect(res).toEqual({ status: 422, body: { message, errors: { [field]: [message] } } });
  });

  it("refuses a subdomain an organization or an open registration holds, and creates nothing", async () => {
    const taken = await createOrganizationRow(handle.db);
    expect(await create({ subdomain: taken.slug })).toEqual({
      status: 422,
      body: { message: "The subdomain has already been taken.", errors: { subdomain: ["The subdomain has already been taken."] } },
    });
    const claimed = unique("claimed");
    await createRegistrationRow(handle.db, claimed);
    expect((await create({ subdomain: claimed })).status).toBe(422);
    expect(await handle.db.select().from(organizations).where(eq(organizations.slug, claimed))).toEqual([]);
  });

  it("answers 404 User not found for a well-formed email of nobody, and of a superadmin", async () => {
    expect(await create({ email: `${unique("nobody")}@example.com` })).toEqual({ status: 404, body: { message: "User not found" } });
    const other = await createUser(handle.db, { isSuperadmin: true });
    expect(await create({ email: other.email })).toEqual({ status: 404, body: { message: "User not found" } });
  });

  it("lets an agency admin create under its agency, owned by a user of it, and not by another agency's user", async () => {
    const agency = await createAgency(handle.db);
    const { user: admin } = await addAgencyAdmin(handle.db, agency.id);
    const token = await personalTokenFor(handle.db, admin);
    const client = await createUser(handle.db);
    const res = await create({ email: client.email, subdomain: unique("client") }, token);
    expect(res.status).toBe(200);
    const [org] = await handle.db.select().from(organizations).where(eq(organizations.id, res.body.tenant_id));
    expect(org.agencyId).toBe(agency.id);

    // Someone who administers another agency, or belongs to another agency's tenant, is out of reach.
    const otherAgency = await createAgency(handle.db);
    const rival = await createUser(handle.db);
    await addAgencyMember(handle.db, otherAgency.id, rival.id, "owner");
    const outsider = await createUser(handle.db);
    await addOrganizationMember(handle.db, (await createOrganizationRow(handle.db, { agencyId: otherAgency.id })).id, outsider.id, "member");
    for (const user of [rival, outsider])
      expect(await create({ email: user.email }, token)).toEqual({ status: 404, body: { message: "User not found" } });
  });

  it("puts a superadmin's tenant under the agency admin_id names, and refuses an unknown agency", async () => {
    const agency = await createAgency(handle.db);
    const res = await create({ admin_id: agency.id });
    expect(res.status).toBe(200);
    const [org] = await handle.db.select().from(organizations).where(eq(organizations.id, res.body.tenant_id));
    expect(org.agencyId).toBe(agency.id);
    expect(await create({ admin_id: 2_000_000_000 })).toEqual({
      status: 422,
      body: { message: "The selected admin id is invalid.", errors: { admin_id: ["The selected admin id is invalid."] } },
    });
  });

  it("answers 401 without a token and 403 to a user who may not create tenants, before judging the body", async () => {
    expect(await create({}, null)).toEqual({ status: 401, body: { message: "Unauthorized" } });
    const plain = await personalTokenFor(handle.db, await createUser(handle.db));
    const res = await create({ subdomain: "-" }, plain);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: expect.any(String) });
  });
});

describe("GET /api/tenants/{tenantUuid}/website-status", () => {
  it("follows the build to 100, completed", async () => {
    const { body } = await create({ name: "Golden Studio" });
    await runWebsiteBuilds(handle.db, body.tenant_id, "test-job", offlineGenerator);
    expect((await status(body.tenant_id)).body).toEqual({
      tenant_id: body.tenant_id,
      success: true,
      building_progress: 100,
      error_message: null,
      prompt: { process_status: "completed" },
    });
  });

  it("says failed with the error for 101-103", async () => {
    const { body } = await create({});
    await handle.db
      .update(websites)
      .set({ buildingProgress: 103, errorMessage: "The text endpoint kept failing." })
      .where(eq(websites.organizationId, body.tenant_id));
    expect((await status(body.tenant_id)).body).toMatchObject({
      success: false,
      building_progress: 103,
      error_message: "The text endpoint kept failing.",
      prompt: { process_status: "failed" },
    });
  });

  it("answers 404 No query results for an unknown id, a malformed one and another agency's tenant; 401 without a token", async () => {
    expect(await status("860f5708-21eb-44bf-bb4f-ce1dbed2ede1")).toEqual({ status: 404, body: { message: "No query results" } });
    expect(await status("not-a-uuid")).toEqual({ status: 404, body: { message: "No query results" } });
    const { body } = await create({});
    const agency = await createAgency(handle.db);
    const stranger = await personalTokenFor(handle.db, (await addAgencyAdmin(handle.db, agency.id)).user);
    expect(await status(body.tenant_id, stranger)).toEqual({ status: 404, body: { message: "No query results" } });
    expect((await status(body.tenant_id, null)).status).toBe(401);
  });
});

describe("POST /api/tenants/{tenantUuid}/website/rebuild", () => {
  it("starts the next build for a manager, and refuses a member of the tenant", async () => {
    const { body } = await create({});
    await runWebsiteBuilds(handle.db, body.tenant_id, "test-job", offlineGenerator);
    const res = await rebuild(body.tenant_id, adminToken);
    expect(res).toEqual({
      status: 200,
      body: { tenant_id: body.tenant_id, success: false, building_progress: 0, error_message: null, prompt: { process_status: "pending" } },
    });
    const [site] = await handle.db.select().from(websites).where(eq(websites.organizationId, body.tenant_id));
    expect(site.build).toBe(2);

    const member = await createUser(handle.db);
    await addOrganizationMember(handle.db, body.tenant_id, member.id, "member");
    const refused = await rebuild(body.tenant_id, await personalTokenFor(handle.db, member));
    expect(refused.status).toBe(403);
  });
});
