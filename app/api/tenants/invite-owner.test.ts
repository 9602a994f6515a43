// POST /api/tenants/admins/{id}/invite-owner through its real route handler: the platform dialect's
// answers for every principal, the one-time link as an absolute URL, and nothing written on a refusal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq, sql } from "drizzle-orm";
import * as inviteOwnerRoute from "@/app/api/tenants/admins/[id]/invite-owner/route";
import * as setPasswordRoute from "@/app/api/tenants/users/set-password/route";
import type { DatabaseHandle } from "@/db/client";
import { agencies, users } from "@/db/schema";
import { installTestDatabase } from "@/lib/testing/database";
import { addAgencyMember, addOrganizationMember, createAgency, createOrganizationRow, createUser, unique } from "@/lib/testing/factories";
import { callJsonRoute, personalTokenFor, superadminToken } from "@/lib/testing/route-client";

let handle: DatabaseHandle;
let adminToken: string;

beforeAll(async () => {
  handle = await installTestDatabase();
  adminToken = await superadminToken(handle.db);
});
afterAll(async () => handle?.close());

async function invite(id: number | string, body: unknown, token: string | null = adminToken) {
  const { status, body: answer } = await callJsonRoute(inviteOwnerRoute.POST, `/api/tenants/admins/${id}/invite-owner`, {
    method: "POST",
    token,
    body,
    params: { id: String(id) },
  });
  return { status, body: answer };
}

const newEmail = () => `${unique("owner")}@example.test`;

async function usersWithEmail(email: string): Promise<number> {
  const [{ n }] = await handle.db
    .select({ n: count() })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return n;
}

async function ownerOf(agencyId: number): Promise<number | null> {
  const [row] = await handle.db.select({ owner: agencies.ownerUserId }).from(agencies).where(eq(agencies.id, agencyId));
  return row.owner;
}

describe("POST /api/tenants/admins/{id}/invite-owner", () => {
  it("answers 201 with the agency, the new owner and an absolute one-time link that sets the password", async () => {
    const agency = await createAgency(handle.db);
    const email = newEmail();
    const res = await invite(agency.id, { email, name: "Olive Owner" });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      agency: expect.objectContaining({ id: agency.id, name: agency.name, owner_user_id: res.body.user.id, status: "active" }),
      user: { id: expect.any(Number), email, name: "Olive Owner", is_superadmin: false, status: "active", created_at: expect.any(String) },
      set_password_url: expect.stringMatching(/^http:\/\/localhost:3000\/set-password\?token=[\w-]{20,}$/),
    });
    const token = new URL(res.body.set_password_url).searchParams.get("token");
    const set = await callJsonRoute(setPasswordRoute.POST, "/api/tenants/users/set-password", {
      method: "POST",
      body: { token, password: "olives-password" },
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ email });
  });

  it("answers set_password_url null when a password is given", async () => {
    const agency = await createAgency(handle.db);
    const res = await invite(agency.id, { email: newEmail(), name: "Pat", password: "pats-password-1" });
    expect(res.status).toBe(201);
    expect(res.body.set_password_url).toBeNull();
    expect(await ownerOf(agency.id)).toBe(res.body.user.id);
  });

  it("answers 422 with the email's field error for a taken email, and writes nothing", async () => {
    const agency = await createAgency(handle.db);
    const existing = await createUser(handle.db);
    const res = await invite(agency.id, { email: existing.email.toUpperCase(), name: "Imposter" });
    expect(res).toEqual({
      status: 422,
      body: { message: "The email has already been taken.", errors: { email: ["The email has already been taken."] } },
    });
    expect(await usersWithEmail(existing.email)).toBe(1);
    expect(await ownerOf(agency.id)).toBeNull();
  });

  it("answers 422 {message, errors} for an invalid body", async () => {
    const agency = await createAgency(handle.db);
    const res = await invite(agency.id, { email: "not-an-email", password: "short" });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({
      email: ["The email field must be a valid email address."],
      name: ["The name field is required."],
      password: ["The password field must be at least 8 characters."],
    });
    expect(res.body.message).toBe("The email field must be a valid email address. (and 2 more errors)");
  });

  it("answers 404 for an unknown or malformed agency id, creating no user", async () => {
    const email = newEmail();
    expect(await invite(2_000_000_000, { email, name: "Nobody" })).toEqual({ status: 404, body: { message: "Admin not found" } });
    expect(await invite("abc", { email, name: "Nobody" })).toEqual({ status: 404, body: { message: "Admin not found" } });
    expect(await usersWithEmail(email)).toBe(0);
  });

  it("answers 401 to anonymous callers and 403 to an agency's own admin and to an organization owner", async () => {
    const agency = await createAgency(handle.db);
    const agencyAdmin = await createUser(handle.db);
    await addAgencyMember(handle.db, agency.id, agencyAdmin.id);
    const orgOwner = await createUser(handle.db);
    await addOrganizationMember(handle.db, (await createOrganizationRow(handle.db, { agencyId: agency.id })).id, orgOwner.id);
    const email = newEmail();

    expect(await invite(agency.id, { email, name: "Sneaky" }, null)).toEqual({ status: 401, body: { message: "Unauthorized" } });
    for (const user of [agencyAdmin, orgOwner]) {
      const res = await invite(agency.id, { email, name: "Sneaky" }, await personalTokenFor(handle.db, user));
      expect(res).toEqual({ status: 403, body: { message: "This action is reserved to superadmins." } });
    }
    expect(await usersWithEmail(email)).toBe(0);
    expect(await ownerOf(agency.id)).toBeNull();
  });
});
