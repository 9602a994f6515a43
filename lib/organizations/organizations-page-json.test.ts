// The API's organization lists are written by PostgreSQL (organizationsPageJson with a view of views.ts
// in SQL); the console reads them as rows (listOrganizations) and the TypeScript views. Both must say
// the same thing, for every principal, filter, search and page.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import type { ServiceContext } from "@/lib/context";
import { listOrganizations, organizationsPageJson } from "@/lib/organizations/organizations";
import type { ListOrganizationsQuery } from "@/lib/organizations/schemas";
import { toOrganizationView, toTenantV1Detail } from "@/lib/organizations/views";
import { installTestDatabase } from "@/lib/testing/database";
import { addOrganizationMember, agencyAdminContext, contextAs, createAgency, createOrganizationRow, createUser, unique } from "@/lib/testing/factories";

let handle: DatabaseHandle;
let superadmin: ServiceContext;
let agencyAdmin: ServiceContext;
let member: ServiceContext;
const needle = unique("parity");

beforeAll(async () => {
  handle = await installTestDatabase();
  superadmin = await contextAs(handle.db, await createUser(handle.db, { isSuperadmin: true }));
  const agency = await createAgency(handle.db);
  agencyAdmin = await agencyAdminContext(handle.db, agency.id);
  const memberUser = await createUser(handle.db);
  for (let i = 0; i < 9; i++) {
    const org = await createOrganizationRow(handle.db, {
      name: i % 3 === 0 ? `${needle} Café "${i}"` : `Other ${i}`,
      status: i % 4 === 0 ? "suspended" : "active",
      agencyId: i % 2 === 0 ? agency.id : null,
      customDomain: i === 4 ? `shop${i}.example.test` : null,
      statusReason: i % 4 === 0 ? "unpaid invoice" : null,
      planId: i % 2 === 0 ? "pro" : null,
      enabledPlugins: i % 3 === 0 ? ["blog", "shop"] : [],
      creditLimit: i % 2 === 0 ? 1000 * i : null,
      storageLimitGb: 10,
      maxUsers: i % 5 === 0 ? null : i,
      creditBalance: 12_345_678_901 * (i % 2),
    });
    // A plain member of two of them (the member arm of the visibility, and a counted total).
    if (i % 4 === 1) await addOrganizationMember(handle.db, org.id, memberUser.id, "member");
    // Times with microseconds, which both views truncate to milliseconds.
    await handle.db.execute(sql`update organizations set created_at = created_at + ${`${i * 1.234567} seconds`}::interval, updated_at = now() + interval '0.000999 seconds' where id = ${org.id}`);
  }
  member = await contextAs(handle.db, memberUser);
});

afterAll(async () => {
  await handle?.close();
});

const views = [
  ["v1 tenant", "v1", toTenantV1Detail],
  ["platform organization", "platform", toOrganizationView],
] as const;

const queries: [string, Partial<ListOrganizationsQuery>][] = [
  ["a first page", {}],
  ["a page at an offset", { limit: 3, offset: 3 }],
  ["past the end", { offset: 500 }],
  ["a status filter", { status: "suspended" }],
  ["a search", { q: needle }],
  ["a search's second page", { q: needle, limit: 2, offset: 2 }],
  ["a search with a status", { q: needle, status: "active" }],
  ["a search finding nothing", { q: "no such organization anywhere" }],
];

describe("organizationsPageJson", () => {
  for (const [viewName, viewSql, toView] of views) {
    for (const [who, ctx] of [["a superadmin", () => superadmin], ["an agency admin", () => agencyAdmin], ["an organization member", () => member]] as const) {
      it.each(queries)(`writes the ${viewName} view as listOrganizations does, for ${who}: %s`, async (_name, query) => {
        const full = { limit: 50, offset: 0, ...query } as ListOrganizationsQuery;
        const rows = await listOrganizations(ctx(), full);
        const json = JSON.parse(await organizationsPageJson(ctx(), full, viewSql));
        expect(json).toEqual({ ...rows, data: rows.data.map((o) => toView(o)) });
      });
    }
  }

  // The total against the rows themselves: with the whole list on one page, it is the page's length.
  for (const [who, ctx] of [["a superadmin", () => superadmin], ["an agency admin", () => agencyAdmin], ["an organization member", () => member]] as const) {
    it.each(queries.filter(([, q]) => !q.offset))(`totals what ${who} can list: %s`, async (_name, query) => {
      const whole = await listOrganizations(ctx(), { ...query, limit: 200, offset: 0 } as ListOrganizationsQuery);
      const page = JSON.parse(await organizationsPageJson(ctx(), { limit: 2, offset: 0, ...query } as ListOrganizationsQuery, "platform"));
      expect(page.total).toBe(whole.data.length);
    });
  }

  it("finds what a user searching would expect", async () => {
    const page = JSON.parse(await organizationsPageJson(superadmin, { limit: 50, offset: 0, q: needle } as ListOrganizationsQuery, "v1"));
    expect(page.total).toBe(3);
    expect(page.data.map((t: { name: string }) => t.name)).toEqual([`${needle} Café "6"`, `${needle} Café "3"`, `${needle} Café "0"`]);
  });
});
