// POST /api/tenants/organizations/{org_id}/members: the superadmin makes an existing user an
// organization's owner or member; everyone else is refused; the membership is audited.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as membersRoute from "@/app/api/tenants/organizations/[org_id]/members/route";
import type { DatabaseHandle } from "@/db/client";
import { auditLogs, organizationMembers, type Organization, type User } from "@/db/schema";
import { principalForUser } from "@/lib/auth/resolve-principal";
import { installTestDatabase } from "@/lib/testing/database";
import { addAgencyMember, addOrganizationMember, createAgency, createOrganizationRow, createUser } from "@/lib/testing/factories";
import { callJsonRoute, personalTokenFor } from "@/lib/testing/route-client";

let handle: DatabaseHandle;
let org: Organization;
let superadminToken: string;
let agencyToken: string;
let memberToken: string;

beforeAll(async () => {
  handle = await installTestDatabase();
  const agency = await createAgency(handle.db);
  org = await createOrganizationRow(handle.db, { agencyId: agency.id });
  const [superadmin, agencyAdmin, member] = [
    await createUser(handle.db, { isSuperadmin: true }),
    await createUser(handle.db),
    await createUser(handle.db),
  ];
  await addAgencyMember(handle.db, agency.id, agencyAdmin.id);
  await addOrganizationMember(handle.db, org.id, member.id, "owner");
  [superadminToken, agencyToken, memberToken] = [
    await personalTokenFor(handle.db, superadmin),
    await personalTokenFor(handle.db, agencyAdmin),
    await personalTokenFor(handle.db, member),
  ];
});
afterAll(async () => handle?.close());

const add = (orgId: string, body: unknown, token: string | null = superadminToken) =>
  callJsonRoute(membersRoute.POST, `/api/tenants/organizations/${orgId}/members`, { method: "POST", token, body, params: { org_id: orgId } });

describe("POST /api/tenants/organizations/{org_id}/members", () => {
  it("adds a user as a member by default, then changes their role; each audited", async () => {
    const user: User = await createUser(handle.db);
    const added = await add(org.id, { user_id: user.id });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ organization_id: org.id, user_id: user.id, email: user.email, role: "member" });
    expect((await principalForUser(handle.db, user.id, "session"))?.organizations).toEqual([{ id: org.id, role: "member" }]);

    expect((await add(org.id, { user_id: user.id, role: "owner" })).body.role).toBe("owner");
    const rows = await handle.db
      .select()
      .from(organizationMembers)
      .where(and(eq(organizationMembers.organizationId, org.id), eq(organizationMembers.userId, user.id)));
    expect(rows.map((r) => r.role)).toEqual(["owner"]);
    const audits = await handle.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, "organization.member_added"), eq(auditLogs.organizationId, org.id)));
    expect(audits.map((a) => a.metadata)).toEqual([
      { user_id: user.id, email: user.email, role: "member" },
      { user_id: user.id, email: user.email, role: "owner" },
    ]);
  });

  it("answers 404 for an unknown organization or user, 422 for a bad role", async () => {
    expect((await add("00000000-0000-4000-8000-000000000000", { user_id: 1 })).body).toEqual({ message: "Tenant not found" });
    expect((await add(org.id, { user_id: 2_000_000_000 })).body).toEqual({ message: "User not found" });
    expect((await add(org.id, { user_id: 1, role: "admin" })).body).toEqual({
      message: "The selected role is invalid.",
      errors: { role: ["The selected role is invalid."] },
    });
  });

  it("is the superadmin's alone", async () => {
    const user = await createUser(handle.db);
    expect((await add(org.id, { user_id: user.id }, null)).status).toBe(401);
    expect((await add(org.id, { user_id: user.id }, agencyToken)).status).toBe(403);
    expect((await add(org.id, { user_id: user.id }, memberToken)).status).toBe(403);
  });
});
