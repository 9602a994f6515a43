// The API's registration list is written by PostgreSQL (registrationsPageJson with registrationViewSql);
// the console reads the same page as rows (listRegistrations) and views them with toRegistrationView.
// Both must say the same thing, field for field, and only to a superadmin.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { registrationRequests } from "@/db/schema";
import type { ServiceContext } from "@/lib/context";
import { ForbiddenError } from "@/lib/errors";
import { listRegistrations, registrationsPageJson } from "@/lib/registrations/queries";
import type { ListRegistrationsQuery } from "@/lib/registrations/schemas";
import { toRegistrationView } from "@/lib/registrations/views";
import { installTestDatabase } from "@/lib/testing/database";
import { contextAs, createOrganizationRow, createUser, unique } from "@/lib/testing/factories";

let handle: DatabaseHandle;
let superadmin: ServiceContext;
let plainUser: ServiceContext;

beforeAll(async () => {
  handle = await installTestDatabase();
  const admin = await createUser(handle.db, { isSuperadmin: true });
  superadmin = await contextAs(handle.db, admin);
  plainUser = await contextAs(handle.db, await createUser(handle.db));
  const org = await createOrganizationRow(handle.db);
  const statuses = ["pending_approval", "approved", "rejected", "active"] as const;
  for (let i = 0; i < 10; i++) {
    const status = statuses[i % 4];
    const reviewed = status !== "pending_approval";
    const slug = unique("reg");
    const [row] = await handle.db
      .insert(registrationRequests)
      .values({
        email: `${slug}@example.test`,
        passwordHash: "not-a-real-hash",
        companyName: `Company "${i}" & Café`,
        contactName: `Contact ${i}`,
        phone: i % 3 === 0 ? null : `+1 555 010${i}`,
        desiredOrgName: `Org ${i}`,
        desiredOrgSlug: slug,
        utmSource: i % 2 === 0 ? "newsletter" : null,
        status,
        orgName: reviewed ? `Approved ${i}` : null,
        orgSlug: reviewed ? slug : null,
        creditLimit: reviewed ? 100 * i : null,
        storageLimitGb: reviewed ? 10 : null,
        maxUsers: reviewed ? i : null,
        rejectionReason: status === "rejected" ? "Incomplete details" : null,
        reviewedBy: reviewed ? admin.id : null,
        organizationId: status === "active" ? org.id : null,
      })
      .returning();
    // Times with microseconds, which both views truncate to milliseconds.
    await handle.db.execute(sql`
      update registration_requests set created_at = created_at + ${`${i * 1.234567} seconds`}::interval,
        reviewed_at = ${reviewed ? sql`now() + interval '0.000987 seconds'` : sql`null`} where id = ${row.id}`);
  }
});

afterAll(async () => {
  await handle?.close();
});

describe("registrationsPageJson", () => {
  it.each<[string, Partial<ListRegistrationsQuery>]>([
    ["a first page", {}],
    ["a page at an offset", { limit: 3, offset: 3 }],
    ["past the end", { offset: 100 }],
    ["pending requests", { status: "pending_approval" }],
    ["rejected requests", { status: "rejected" }],
    ["provisioned requests", { status: "active", limit: 1 }],
  ])("writes toRegistrationView as listRegistrations does: %s", async (_name, query) => {
    const full = { limit: 50, offset: 0, ...query } as ListRegistrationsQuery;
    const rows = await listRegistrations(superadmin, full);
    const json = JSON.parse(await registrationsPageJson(superadmin, full));
    expect(json).toEqual({ ...rows, data: rows.data.map(toRegistrationView) });
  });

  it("counts and shows what a superadmin expects, and nothing to anyone else", async () => {
    const page = JSON.parse(await registrationsPageJson(superadmin, { limit: 50, offset: 0, status: "rejected" } as ListRegistrationsQuery));
    expect(page.total).toBe(2);
    expect(page.data.map((r: { rejection_reason: string }) => r.rejection_reason)).toEqual(["Incomplete details", "Incomplete details"]);
    expect(page.data[0]).not.toHaveProperty("password_hash");
    await expect(registrationsPageJson(plainUser, { limit: 50, offset: 0 } as ListRegistrationsQuery)).rejects.toThrow(ForbiddenError);
  });
});
