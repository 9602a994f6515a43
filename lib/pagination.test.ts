// Deep pages of the lists: past the middle of its list a page is read from the oldest end
// (newestFirstPage). Whichever end it is read from, it must be the page a plain newest-first walk of the
// same rows gives, written here independently: for superadmins, agency admins and members (a counted
// total), filters, an empty list and several page sizes; at both ends, in the middle, at and past the end.
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import type { ServiceContext } from "@/lib/context";
import { rowsOf } from "@/db/client";
import { MAX_OFFSET } from "@/lib/pagination";
import { listOrganizations } from "@/lib/organizations/organizations";
import type { ListOrganizationsQuery } from "@/lib/organizations/schemas";
import { listRegistrations } from "@/lib/registrations/queries";
import type { ListRegistrationsQuery } from "@/lib/registrations/schemas";
import { installTestDatabase } from "@/lib/testing/database";
import { agencyAdminContext, contextAs, createAgency, createUser, superadminContext } from "@/lib/testing/factories";

// Enough rows that a superadmin's deep page may be read from either end, and an agency admin's too.
const ROWS = 2500;

let handle: DatabaseHandle;
let superadmin: ServiceContext;
let agencyAdmin: ServiceContext;
let member: ServiceContext;
let agencyId: number;
let memberUserId: number;

beforeAll(async () => {
  handle = await installTestDatabase();
  superadmin = await superadminContext(handle.db);
  const agency = await createAgency(handle.db);
  agencyAdmin = await agencyAdminContext(handle.db, agency.id);
  agencyId = agency.id;
  // Three rows to a timestamp, so the order's tie-break (id) decides within each; one in five suspended,
  // two in three owned by the agency. Inserted as one statement, as list_counts' triggers see a bulk load.
  await handle.db.execute(sql`
    insert into organizations (name, slug, status, agency_id, created_at)
    select 'Deep ' || g, 'deep-' || g, case when g % 5 = 0 then 'suspended' else 'active' end,
      case when g % 3 > 0 then ${agency.id}::int end, timestamptz '2026-01-01' + (g / 3) * interval '1 second'
    from generate_series(1, ${ROWS}) g`);
  // A member of every other one: the member's total is counted (count(*)), not read from list_counts.
  const memberUser = await createUser(handle.db);
  await handle.db.execute(sql`
    insert into organization_members (organization_id, user_id, role)
    select id, ${memberUser.id}::int, 'member' from organizations where slug like 'deep-%' and substr(slug, 6)::int % 2 = 0`);
  member = await contextAs(handle.db, memberUser);
  memberUserId = memberUser.id;
  await handle.db.execute(sql`
    insert into registration_requests (email, password_hash, company_name, contact_name, desired_org_name, desired_org_slug, status, created_at)
    select 'owner' || g || '@deep.example', 'not-a-real-hash', 'Company ' || g, 'Contact ' || g, 'Org ' || g, 'reg-deep-' || g,
      case when g % 7 = 0 then 'rejected' else 'pending_approval' end, timestamptz '2026-01-01' + (g / 3) * interval '1 second'
    from generate_series(1, ${ROWS}) g`);
});

afterAll(async () => {
  await handle?.close();
});

// From the last page read the plain way to past the end. The lists hold 2,500 rows (superadmin), ~2,000
// (active), ~1,670 (agency admin), ~1,330 (agency, active), 1,250 (member), ~360 and ~500 (rejected,
// suspended), none (cancelled).
const offsets = [0, 999, 1000, 1200, 1300, 1700, ROWS - 60, ROWS - 50, ROWS - 7, ROWS, ROWS + 1, MAX_OFFSET];

/** The ids of a page, newest first, the plain way: from the newest end, skipping `offset` rows. */
async function walkedIds(table: "organizations" | "registration_requests", where: SQL, limit: number, offset: number): Promise<string[]> {
  const rows = rowsOf<{ id: string | number }>(
    await handle.db.execute(
      sql`select id from ${sql.identifier(table)} where ${where} order by created_at desc, id desc limit ${limit} offset ${offset}`,
    ),
  );
  return rows.map((r) => String(r.id));
}

/** The rows each principal's list holds, written out independently of the services' visibility rule. */
const visible = {
  superadmin: () => sql`true`,
  agencyAdmin: () => sql`agency_id = ${agencyId}`,
  member: () => sql`id in (select organization_id from organization_members where user_id = ${memberUserId})`,
};

describe("a deep page of the organizations list", () => {
  const cases = [
    ["a superadmin", () => superadmin, visible.superadmin, {}],
    ["a superadmin, suspended only", () => superadmin, visible.superadmin, { status: "suspended" }],
    ["a superadmin, active only", () => superadmin, visible.superadmin, { status: "active" }],
    ["an agency admin", () => agencyAdmin, visible.agencyAdmin, {}],
    ["an agency admin, active only", () => agencyAdmin, visible.agencyAdmin, { status: "active" }],
    ["an organization member of 1,250", () => member, visible.member, {}],
    ["a superadmin, cancelled only (none)", () => superadmin, visible.superadmin, { status: "cancelled" }],
    ["a superadmin, 7 to a page", () => superadmin, visible.superadmin, { limit: 7 }],
    ["a superadmin, 200 to a page", () => superadmin, visible.superadmin, { limit: 200 }],
  ] as const;
  for (const [who, ctx, rows, filter] of cases) {
    it.each(offsets)(`is the newest-first walk's page for ${who}, at offset %i`, async (offset) => {
      const query = { limit: 50, ...filter, offset } as ListOrganizationsQuery;
      const status = "status" in filter ? sql`status = ${filter.status}` : sql`true`;
      const expected = await walkedIds("organizations", sql`(${rows()}) and ${status}`, query.limit, Math.min(offset, MAX_OFFSET));
      const page = await listOrganizations(ctx(), query);
      expect(page.data.map((o) => o.id)).toEqual(expected);
      expect(page).toMatchObject({ limit: query.limit, offset });
    });
  }

  // Counted from how the rows were made, not by the code under test: list_counts per owner and status,
  // and the member's counted total.
  it.each([
    ["a superadmin", () => superadmin, {}, ROWS],
    ["a superadmin, suspended only", () => superadmin, { status: "suspended" }, 500],
    ["a superadmin, active only", () => superadmin, { status: "active" }, 2000],
    ["an agency admin", () => agencyAdmin, {}, 1667],
    ["an agency admin, active only", () => agencyAdmin, { status: "active" }, 1333],
    ["an organization member of 1,250", () => member, {}, 1250],
    ["a superadmin, cancelled only (none)", () => superadmin, { status: "cancelled" }, 0],
  ] as const)("counts the rows the list holds for %s", async (_who, ctx, filter, rows) => {
    const page = await listOrganizations(ctx(), { limit: 50, offset: 1300, ...filter } as ListOrganizationsQuery);
    expect(page.total).toBe(rows);
  });

  it("ends with the oldest organizations", async () => {
    const last = await listOrganizations(superadmin, { limit: 5, offset: ROWS - 5 } as ListOrganizationsQuery);
    expect(last.total).toBe(ROWS);
    // deep-1 and deep-2 share the oldest second, deep-3 to deep-5 the next: newest first, ties by id.
    const slugs = last.data.map((t) => t.slug);
    expect(slugs.slice(0, 3).sort()).toEqual(["deep-3", "deep-4", "deep-5"]);
    expect(slugs.slice(3).sort()).toEqual(["deep-1", "deep-2"]);
  });
});

describe("a deep page of the registrations list", () => {
  for (const status of [undefined, "pending_approval", "rejected"] as const) {
    it.each(offsets)(`is the newest-first walk's page, status ${status ?? "any"}, at offset %i`, async (offset) => {
      const query = { limit: 50, offset, status } as ListRegistrationsQuery;
      const expected = await walkedIds("registration_requests", status ? sql`status = ${status}` : sql`true`, 50, offset);
      const page = await listRegistrations(superadmin, query);
      expect(page.data.map((r) => String(r.id))).toEqual(expected);
    });
  }
});
