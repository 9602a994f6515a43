// POST /api/tenants/organizations through its real route handler: who owns the new organization,
// and the platform dialect's answers for a taken slug (409), invalid input (422) and each principal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import * as organizationsRoute from "@/app/api/tenants/organizations/route";
import type { DatabaseHandle } from "@/db/client";
import { organizations, type User } from "@/db/schema";
import { installTestDatabase } from "@/lib/testing/database";
import { addAgencyAdmin, addOrganizationMember, createAgency, createOrganizationRow, createUser, unique } from "@/lib/testing/factories";
import { callJsonRoute, personalTokenFor, superadminToken } from "@/lib/testing/route-client";

let handle: DatabaseHandle;
let adminToken: string;

beforeAll(async () => {
  handle = await installTestDatabase();
  adminToken = await superadminToken(handle.db);
});
afterAll(async () => handle?.close());

async function create(body: unknown, token: string | null = adminToken) {
  const { status, body: answer } = await callJsonRoute(organizationsRoute.POST, "/api/tenants/organizations", { method: "POST", token, body });
  return { status, body: answer };
}

async function organizationsWithSlug(slug: string): Promise<number> {
  const [{ n }] = await handle.db.select({ n: count() }).from(organizations).where(eq(organizations.slug, slug));
  return n;
}

async function agencyAdminToken(agencyId: number): Promise<string> {
  return personalTokenFor(handle.db, (await addAgencyAdmin(handle.db, agencyId)).user);
}

describe("POST /api/tenants/organizations", () => {
  it("answers 201 with a superadmin's platform organization, listed by GET", async () => {
    const slug = unique("acme");
    const res = await create({ name: "Acme", slug });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), name: "Acme", slug, status: "active", admin_id: null, credit_balance: 0 });
    const list = await callJsonRoute(organizationsRoute.GET, `/api/tenants/organizations?q=${slug}`, { token: adminToken });
    expect(list.body.data.map((o: { id: string }) => o.id)).toEqual([res.body.id]);
  });

  it("puts a superadmin's organization under the agency named by admin_id, and refuses an unknown one with 422", async () => {
    const agency = await createAgency(handle.db);
    const res = await create({ name: "Client", slug: unique("client"), admin_id: agency.id });
    expect(res.status).toBe(201);
    expect(res.body.admin_id).toBe(agency.id);

    const slug = unique("ghost");
    const unknown = await create({ name: "Ghost", slug, admin_id: 2_000_000_000 });
    expect(unknown).toEqual({
      status: 422,
      body: { message: "The selected admin id is invalid.", errors: { admin_id: ["The selected admin id is invalid."] } },
    });
    expect(await organizationsWithSlug(slug)).toBe(0);
  });

  it("gives an agency admin's organization to its agency, and refuses another agency's id", async () => {
    const mine = await createAgency(handle.db);
    const other = await createAgency(handle.db);
    const token = await agencyAdminToken(mine.id);
    const res = await create({ name: "Mine", slug: unique("mine") }, token);
    expect(res.status).toBe(201);
    expect(res.body.admin_id).toBe(mine.id);
    const refused = await create({ name: "Theirs", slug: unique("theirs"), admin_id: other.id }, token);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual({ admin_id: ["The selected admin id is invalid."] });
  });

  it("answers 409 for a taken slug, leaving the first organization alone", async () => {
    const existing = await createOrganizationRow(handle.db);
    expect(await create({ name: "Copy", slug: existing.slug })).toEqual({ status: 409, body: { message: "Tenant slug already exists" } });
    expect(await organizationsWithSlug(existing.slug)).toBe(1);
  });

  it("answers 422 with the subdomain rule's field errors", async () => {
    const res = await create({ name: "", slug: "Bad_Slug" });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      message: "The name field is required. (and 1 more error)",
      errors: { name: ["The name field is required."], slug: ["The slug field format is invalid."] },
    });
  });

  it("answers 401 to anonymous callers and 403 to a user who administers no agency", async () => {
    const slug = unique("nope");
    expect(await create({ name: "Nope", slug }, null)).toEqual({ status: 401, body: { message: "Unauthorized" } });
    const member: User = await createUser(handle.db);
    await addOrganizationMember(handle.db, (await createOrganizationRow(handle.db)).id, member.id);
    expect(await create({ name: "Nope", slug }, await personalTokenFor(handle.db, member))).toEqual({
      status: 403,
      body: { message: "You are not allowed to create organizations." },
    });
    expect(await organizationsWithSlug(slug)).toBe(0);
  });
});
