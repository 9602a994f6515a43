// Seed 002's Partner Groups and Admin Management sections through their real route handlers,
// without an HTTP server: every example body, the platform dialect's errors ({message},
// 422 {message, errors}), and the lock-out of a suspended agency's admins.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as adminsRoute from "@/app/api/tenants/admins/route";
import * as adminRoute from "@/app/api/tenants/admins/[id]/route";
import * as assignOwnerRoute from "@/app/api/tenants/admins/[id]/assign-owner/route";
import * as reactivateRoute from "@/app/api/tenants/admins/[id]/reactivate/route";
import * as suspendRoute from "@/app/api/tenants/admins/[id]/suspend/route";
import * as organizationsRoute from "@/app/api/tenants/organizations/route";
import * as partnerGroupsRoute from "@/app/api/tenants/partner-groups/route";
import * as partnerGroupRoute from "@/app/api/tenants/partner-groups/[id]/route";
import type { DatabaseHandle } from "@/db/client";
import type { User } from "@/db/schema";
import { summarizeFieldErrors } from "@/lib/errors";
import { installTestDatabase } from "@/lib/testing/database";
import { callJsonRoute, personalTokenFor as personalTokenForUser, superadminToken } from "@/lib/testing/route-client";
import { addAgencyMember, createAgency, createUser, unique } from "@/lib/testing/factories";

// A null token means none. Seed 002's example bodies, verbatim (ids are replaced by real ones where a test uses them).
const SEED_GROUP = { name: "Gold Partners", description: "Premium partner tier", credit_discount_percent: 20 };
const SEED_ADMIN = {
  name: "Agency XYZ",
  contact_email: "admin@agency.com",
  company_name: "Agency XYZ Ltd",
  phone: "+1234567890",
  partner_group_id: 1,
};
const SEED_SUSPEND = { reason: "Payment overdue" };
const SEED_ASSIGN_OWNER = { user_id: 123 };

// Status and body only: the tests compare whole answers.
async function call(...args: Parameters<typeof callJsonRoute>) {
  const { status, body } = await callJsonRoute(...args);
  return { status, body };
}

let handle: DatabaseHandle;
let adminToken: string;
let plainToken: string;

const personalTokenFor = (user: User) => personalTokenForUser(handle.db, user);

const group = {
  list: (token: string | null) => call(partnerGroupsRoute.GET, "/api/tenants/partner-groups", { token }),
  create: (body: unknown, token: string | null = adminToken) =>
    call(partnerGroupsRoute.POST, "/api/tenants/partner-groups", { method: "POST", token, body }),
  update: (id: number | string, body: unknown, token: string | null = adminToken) =>
    call(partnerGroupRoute.PUT, `/api/tenants/partner-groups/${id}`, { method: "PUT", token, body, params: { id: String(id) } }),
  remove: (id: number | string, token: string | null = adminToken) =>
    call(partnerGroupRoute.DELETE, `/api/tenants/partner-groups/${id}`, { method: "DELETE", token, params: { id: String(id) } }),
};

const admin = {
  list: (query = "", token: string | null = adminToken) => call(adminsRoute.GET, `/api/tenants/admins${query}`, { token }),
  create: (body: unknown, token: string | null = adminToken) => call(adminsRoute.POST, "/api/tenants/admins", { method: "POST", token, body }),
  get: (id: number | string, token: string | null = adminToken) =>
    call(adminRoute.GET, `/api/tenants/admins/${id}`, { token, params: { id: String(id) } }),
  update: (id: number | string, body: unknown, token: string | null = adminToken) =>
    call(adminRoute.PUT, `/api/tenants/admins/${id}`, { method: "PUT", token, body, params: { id: String(id) } }),
  action: (action: "suspend" | "reactivate" | "assign-owner", id: number | string, body?: unknown, token: string | null = adminToken) => {
    const handler = { suspend: suspendRoute.POST, reactivate: reactivateRoute.POST, "assign-owner": assignOwnerRoute.POST }[action];
    return call(handler, `/api/tenants/admins/${id}/${action}`, { method: "POST", token, body, params: { id: String(id) } });
  },
};

beforeAll(async () => {
  handle = await installTestDatabase();
  adminToken = await superadminToken(handle.db);
  plainToken = await personalTokenFor(await createUser(handle.db));
});
afterAll(async () => handle?.close());

describe("Partner Groups: seed 002's workflow", () => {
  let groupId: number;

  it("POST /api/tenants/partner-groups with the seed body answers 201", async () => {
    const res = await group.create(SEED_GROUP);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      ...SEED_GROUP,
      agencies_count: 0,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    groupId = res.body.id;
  });

  it("GET lists it with its agencies count", async () => {
    const res = await group.list(adminToken);
    expect(res.status).toBe(200);
    expect(res.body.data).toContainEqual(expect.objectContaining({ id: groupId, name: "Gold Partners", agencies_count: 0 }));
  });

  it("PUT changes only the fields given", async () => {
    const res = await group.update(groupId, { credit_discount_percent: 22.5 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: groupId, name: "Gold Partners", description: "Premium partner tier", credit_discount_percent: 22.5 });
  });

  it("DELETE answers 409 while an agency uses the group, and 200 once none does", async () => {
    const created = await admin.create({ ...SEED_ADMIN, name: unique("Agency"), partner_group_id: groupId });
    expect(created.status).toBe(201);
    expect((await group.list(adminToken)).body.data).toContainEqual(expect.objectContaining({ id: groupId, agencies_count: 1 }));

    const used = await group.remove(groupId);
    expect(used.status).toBe(409);
    expect(used.body).toEqual({ message: expect.stringContaining("1 agency") });

    expect((await admin.update(created.body.id, { partner_group_id: null })).status).toBe(200);
    const removed = await group.remove(groupId);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ message: expect.any(String) });
    expect((await group.list(adminToken)).body.data.map((g: { id: number }) => g.id)).not.toContain(groupId);
  });

  it("answers 422 {message, errors} for a taken name and an out-of-range discount", async () => {
    const name = unique("Group");
    expect((await group.create({ name })).status).toBe(201);
    const taken = await group.create({ name });
    expect(taken.status).toBe(422);
    expect(taken.body).toEqual({ message: "The name has already been taken.", errors: { name: ["The name has already been taken."] } });

    const range = await group.create({ name: unique("Group"), credit_discount_percent: 101 });
    expect(range.status).toBe(422);
    expect(Object.keys(range.body.errors)).toEqual(["credit_discount_percent"]);
    expect(range.body.message).toBe(summarizeFieldErrors(range.body.errors));
  });

  it("answers 404 Partner group not found", async () => {
    expect(await group.update(999_999, { name: unique("Group") })).toEqual({ status: 404, body: { message: "Partner group not found" } });
    expect(await group.remove(999_999)).toEqual({ status: 404, body: { message: "Partner group not found" } });
  });

  it("answers 401 without a token and 403 to a user who is not a superadmin", async () => {
    expect(await group.list(null)).toEqual({ status: 401, body: { message: "Unauthorized" } });
    expect(await group.create(SEED_GROUP, null)).toEqual({ status: 401, body: { message: "Unauthorized" } });
    expect((await group.list(plainToken)).status).toBe(403);
    expect((await group.create({ name: unique("Group") }, plainToken)).status).toBe(403);
  });
});

describe("Admin Management: seed 002's workflow", () => {
  let agencyId: number;
  let groupId: number;

  beforeAll(async () => {
    groupId = (await group.create({ ...SEED_GROUP, name: unique("Gold") })).body.id;
  });

  it("POST /api/tenants/admins with the seed body answers 201", async () => {
    const res = await admin.create({ ...SEED_ADMIN, partner_group_id: groupId });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      ...SEED_ADMIN,
      id: expect.any(Number),
      partner_group_id: groupId,
      status: "active",
      owner_user_id: null,
      organizations_count: 0,
    });
    agencyId = res.body.id;
  });

  it("GET /api/tenants/admins/{id} and the list show it", async () => {
    const res = await admin.get(agencyId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: agencyId, name: "Agency XYZ", partner_group_id: groupId, suspended_reason: null });

    const list = await admin.list("?q=Agency%20XYZ");
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: expect.any(Number), limit: expect.any(Number), offset: 0 });
    expect(list.body.data.map((a: { id: number }) => a.id)).toContain(agencyId);
  });

  it("PUT changes only the fields given", async () => {
    const res = await admin.update(agencyId, { phone: "+1 555 0100" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...SEED_ADMIN, partner_group_id: groupId, phone: "+1 555 0100" });
  });

  it("POST /suspend with the seed reason suspends; a second one is a 409", async () => {
    const res = await admin.action("suspend", agencyId, SEED_SUSPEND);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: agencyId, status: "suspended", suspended_reason: "Payment overdue" });

    const again = await admin.action("suspend", agencyId, SEED_SUSPEND);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ message: expect.any(String) });
  });

  it("POST /reactivate reactivates; a second one is a 409", async () => {
    const res = await admin.action("reactivate", agencyId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: agencyId, status: "active", suspended_reason: null });
    expect((await admin.action("reactivate", agencyId)).status).toBe(409);
  });

  it("POST /assign-owner with a real user's id makes them the owner", async () => {
    const user = await createUser(handle.db);
    const res = await admin.action("assign-owner", agencyId, { ...SEED_ASSIGN_OWNER, user_id: user.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: agencyId, owner_user_id: user.id });

    const unknown = await admin.action("assign-owner", agencyId, { user_id: 999_999 });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ message: expect.any(String) });
  });

  it("answers 422 {message, errors} for bad bodies", async () => {
    const empty = await admin.create({});
    expect(empty.status).toBe(422);
    expect(Object.keys(empty.body.errors)).toEqual(["name"]);
    expect(empty.body.message).toBe(summarizeFieldErrors(empty.body.errors));

    const unknownGroup = await admin.create({ ...SEED_ADMIN, partner_group_id: 999_999 });
    expect(unknownGroup.status).toBe(422);
    expect(Object.keys(unknownGroup.body.errors)).toEqual(["partner_group_id"]);
    expect(unknownGroup.body.message).toBe(summarizeFieldErrors(unknownGroup.body.errors));

    const noReason = await admin.action("suspend", agencyId, {});
    expect(noReason.status).toBe(422);
    expect(Object.keys(noReason.body.errors)).toEqual(["reason"]);
    expect(noReason.body.message).toBe(summarizeFieldErrors(noReason.body.errors));

    const noUser = await admin.action("assign-owner", agencyId, {});
    expect(noUser.status).toBe(422);
    expect(Object.keys(noUser.body.errors)).toEqual(["user_id"]);
  });

  it("answers 404 Admin not found for an unknown id", async () => {
    const notFound = { status: 404, body: { message: "Admin not found" } };
    expect(await admin.get(999_999)).toEqual(notFound);
    expect(await admin.update(999_999, { name: "x" })).toEqual(notFound);
    expect(await admin.action("suspend", 999_999, SEED_SUSPEND)).toEqual(notFound);
    expect(await admin.action("reactivate", 999_999)).toEqual(notFound);
    expect(await admin.action("assign-owner", 999_999, { user_id: 1 })).toEqual(notFound);
  });

  it("answers 401 {message: Unauthorized} without a token", async () => {
    const unauthorized = { status: 401, body: { message: "Unauthorized" } };
    expect(await admin.list("", null)).toEqual(unauthorized);
    expect(await admin.create(SEED_ADMIN, null)).toEqual(unauthorized);
    expect(await admin.get(agencyId, null)).toEqual(unauthorized);
    expect(await admin.action("suspend", agencyId, SEED_SUSPEND, null)).toEqual(unauthorized);
  });

  it("answers 403 to a user who is not a superadmin, and 404 for an agency they cannot see", async () => {
    expect((await admin.create({ name: unique("Agency") }, plainToken)).status).toBe(403);
    expect((await admin.action("suspend", agencyId, SEED_SUSPEND, plainToken)).status).toBe(403);
    // A user who administers no agency is refused by the route's guard; another agency's admin cannot see this one.
    expect(await admin.get(agencyId, plainToken)).toEqual({
      status: 403,
      body: { message: "This action is reserved to superadmins and agency admins." },
    });
    const otherAdmin = await createUser(handle.db);
    await addAgencyMember(handle.db, (await createAgency(handle.db)).id, otherAdmin.id);
    expect(await admin.get(agencyId, await personalTokenFor(otherAdmin))).toEqual({ status: 404, body: { message: "Admin not found" } });
    expect((await admin.list("", plainToken)).body).toMatchObject({ data: [], total: 0 });
  });
});

describe("a suspended agency's admins", () => {
  it("are refused with 403 until the agency is reactivated", async () => {
    const agency = await createAgency(handle.db);
    const user = await createUser(handle.db);
    await addAgencyMember(handle.db, agency.id, user.id);
    const token = await personalTokenFor(user);

    expect((await admin.get(agency.id, token)).status).toBe(200);
    expect((await call(organizationsRoute.GET, "/api/tenants/organizations", { token })).status).toBe(200);

    expect((await admin.action("suspend", agency.id, SEED_SUSPEND)).status).toBe(200);
    const own = await admin.get(agency.id, token);
    expect(own.status).toBe(403);
    expect(own.body).toEqual({ message: expect.any(String) });
    expect((await call(organizationsRoute.GET, "/api/tenants/organizations", { token })).status).toBe(403);

    expect((await admin.action("reactivate", agency.id)).status).toBe(200);
    const back = await admin.get(agency.id, token);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ id: agency.id, status: "active" });
    expect((await call(organizationsRoute.GET, "/api/tenants/organizations", { token })).status).toBe(200);
  });
});
