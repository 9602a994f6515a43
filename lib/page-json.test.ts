// Deep pages of the API lists: past the middle of its list a page is read from the oldest end
// (newestFirstPageJson). Whichever end it is read from, it must be the page a newest-first walk gives:
// the console's row path (listOrganizations, listRegistrations) walks from the newest end only, so it is
// the reference here: for superadmins, agency admins and members (a counted total), filters, an empty
// list and several page sizes; at both ends, in the middle, at and past the end. And the plan shows
// which end a page is read from.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import type { ServiceContext } from "@/lib/context";
import { rowsOf } from "@/db/client";
import { registrationRequests } from "@/db/schema";
import { listCountsTotalSql } from "@/lib/list-counts";
import { FROM_END_MIN_OFFSET, newestFirstPageSql } from "@/lib/page-json";
import { MAX_OFFSET } from "@/lib/pagination";
import { listOrganizations, organizationsPageJson } from "@/lib/organizations/organizations";
import type { ListOrganizationsQuery } from "@/lib/organizations/schemas";
import { toTenantV1Detail } from "@/lib/organizations/views";
import { listRegistrations, registrationsPageJson } from "@/lib/registrations/queries";
import type { ListRegistrationsQuery } from "@/lib/registrations/schemas";
import { toRegistrationView } from "@/lib/registrations/views";
import { installTestDatabase } from "@/lib/testing/database";
import { agencyAdminContext, contextAs, createAgency, createUser } from "@/lib/testing/factories";

// Enough rows that a superadmin's deep page may be read from either end, and an agency admin's too.
const ROWS = 2500;

let handle: DatabaseHandle;
let superadmin: ServiceContext;
let agencyAdmin: ServiceContext;
let member: ServiceContext;

beforeAll(async () => {
  handle = await installTestDatabase();
  superadmin = await contextAs(handle.db, await createUser(handle.db, { isSuperadmin: true }));
  const agency = await createAgency(handle.db);
  agencyAdmin = await agencyAdminContext(handle.db, agency.id);
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
const offsets = [FROM_END_MIN_OFFSET - 1, FROM_END_MIN_OFFSET, 1200, 1300, 1700, ROWS - 60, ROWS - 50, ROWS - 7, ROWS, ROWS + 1, MAX_OFFSET];

describe("a deep page of the organizations list", () => {
  const cases = [
    ["a superadmin", () => superadmin, {}],
    ["a superadmin, suspended only", () => superadmin, { status: "suspended" }],
    ["a superadmin, active only", () => superadmin, { status: "active" }],
    ["an agency admin", () => agencyAdmin, {}],
    ["an agency admin, active only", () => agencyAdmin, { status: "active" }],
    ["an organization member of 1,250", () => member, {}],
    ["a superadmin, cancelled only (none)", () => superadmin, { status: "cancelled" }],
    ["a superadmin, 7 to a page", () => superadmin, { limit: 7 }],
    ["a superadmin, 200 to a page", () => superadmin, { limit: 200 }],
  ] as const;
  for (const [who, ctx, filter] of cases) {
    it.each(offsets)(`is the newest-first walk's page for ${who}, at offset %i`, async (offset) => {
      const query = { limit: 50, ...filter, offset } as ListOrganizationsQuery;
      const expected = await listOrganizations(ctx(), query);
      const json = JSON.parse(await organizationsPageJson(ctx(), query, "v1"));
      expect(json).toEqual({ ...expected, data: expected.data.map(toTenantV1Detail) });
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
    const page = JSON.parse(await organizationsPageJson(ctx(), { limit: 50, offset: 1300, ...filter } as ListOrganizationsQuery, "v1"));
    expect(page.total).toBe(rows);
  });

  it("ends with the oldest organizations", async () => {
    const last = JSON.parse(await organizationsPageJson(superadmin, { limit: 5, offset: ROWS - 5 } as ListOrganizationsQuery, "v1"));
    expect(last.total).toBe(ROWS);
    // deep-1 and deep-2 share the oldest second, deep-3 to deep-5 the next: newest first, ties by id.
    const slugs = last.data.map((t: { slug: string }) => t.slug);
    expect(slugs.slice(0, 3).sort()).toEqual(["deep-3", "deep-4", "deep-5"]);
    expect(slugs.slice(3).sort()).toEqual(["deep-1", "deep-2"]);
  });
});

describe("a deep page of the registrations list", () => {
  for (const status of [undefined, "pending_approval", "rejected"] as const) {
    it.each(offsets)(`is the newest-first walk's page, status ${status ?? "any"}, at offset %i`, async (offset) => {
      const query = { limit: 50, offset, status } as ListRegistrationsQuery;
      const expected = await listRegistrations(superadmin, query);
      const json = JSON.parse(await registrationsPageJson(superadmin, query));
      expect(json).toEqual({ ...expected, data: expected.data.map(toRegistrationView) });
    });
  }
});

describe("the statement of a deep page", () => {
  // Which arm ran, from the plan: the arm not taken has LIMIT 0, so the node under its Limit never runs.
  type PlanNode = { "Node Type": string; "Parent Relationship"?: string; "Actual Loops"?: number; Plans?: PlanNode[] };
  const first = (node: PlanNode, type: string): PlanNode | undefined =>
    node["Node Type"] === type ? node : (node.Plans ?? []).map((child) => first(child, type)).find(Boolean);
  async function armsRead(offset: number): Promise<{ newestFirst: boolean; oldestFirst: boolean }> {
    const list = {
      table: registrationRequests,
      alias: "r" as const,
      view: sql`json_build_object('id', r.id)`,
      id: registrationRequests.id,
      createdAt: registrationRequests.createdAt,
      where: sql`true`,
      total: listCountsTotalSql("registration_requests"),
    };
    const [row] = rowsOf<{ "QUERY PLAN": unknown }>(await handle.db.execute(sql`explain (analyze, format json) ${newestFirstPageSql(list, { limit: 50, offset })}`));
    const explained = row["QUERY PLAN"];
    const [{ Plan: plan }] = (typeof explained === "string" ? JSON.parse(explained) : explained) as { Plan: PlanNode }[];
    const arms = first(plan, "Append")?.Plans ?? [];
    // The Limit's input, not its InitPlans (which compute the limit from the total).
    const ran = (arm: PlanNode) => (first(arm, "Limit")?.Plans?.find((p) => p["Parent Relationship"] === "Outer")?.["Actual Loops"] ?? 0) > 0;
    expect(arms).toHaveLength(2);
    return { newestFirst: ran(arms[0]), oldestFirst: ran(arms[1]) };
  }

  it("reads newest first up to the middle of the list", async () => {
    // 2,500 rows: 2 × 1,200 + 50 <= 2,500.
    expect(await armsRead(1200)).toEqual({ newestFirst: true, oldestFirst: false });
  });

  it("reads oldest first past the middle", async () => {
    for (const offset of [1300, 2450]) expect(await armsRead(offset), `offset ${offset}`).toEqual({ newestFirst: false, oldestFirst: true });
  });

  it("reads nothing at or past the end", async () => {
    for (const offset of [ROWS, MAX_OFFSET]) expect(await armsRead(offset), `offset ${offset}`).toEqual({ newestFirst: false, oldestFirst: false });
  });
});
