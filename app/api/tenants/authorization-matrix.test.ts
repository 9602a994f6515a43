// Who may call what, for every route of the agencies, credits and usage APIs (issue 4), through the
// real route handlers: anonymous, an organization's member (its owner), agency A's admin (the
// organization's agency), agency B's admin and a superadmin. A row answering 2xx proves the caller is
// let through; 401, 403 and 404 prove it is stopped at the door, never with a 500 or someone else's data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as adminsRoute from "@/app/api/tenants/admins/route";
import * as adminRoute from "@/app/api/tenants/admins/[id]/route";
import * as assignOwnerRoute from "@/app/api/tenants/admins/[id]/assign-owner/route";
import * as grantRoute from "@/app/api/tenants/admins/[id]/grant-credits/route";
import * as agencyLedgerRoute from "@/app/api/tenants/admins/[id]/ledger/route";
import * as reactivateRoute from "@/app/api/tenants/admins/[id]/reactivate/route";
import * as suspendRoute from "@/app/api/tenants/admins/[id]/suspend/route";
import * as creditLimitRoute from "@/app/api/tenants/organizations/[org_id]/credit-limit/route";
import * as addCreditsRoute from "@/app/api/tenants/organizations/[org_id]/credits/add/route";
import * as orgLedgerRoute from "@/app/api/tenants/organizations/[org_id]/ledger/route";
import * as usageRoute from "@/app/api/tenants/organizations/[org_id]/usage/route";
import * as partnerGroupsRoute from "@/app/api/tenants/partner-groups/route";
import * as partnerGroupRoute from "@/app/api/tenants/partner-groups/[id]/route";
import * as usersRoute from "@/app/api/tenants/users/route";
import type { DatabaseHandle } from "@/db/client";
import type { Agency, Organization } from "@/db/schema";
import { installTestDatabase } from "@/lib/testing/database";
import { unique } from "@/lib/testing/factories";
import { MATRIX_ROLES, type MatrixCallers, type MatrixRole, createMatrixCallers } from "@/lib/testing/matrix-callers";
import { type RouteHandler, callJsonRoute } from "@/lib/testing/route-client";

let handle: DatabaseHandle;
let agencyA: Agency;
let org: Organization;
let tokens: MatrixCallers["tokens"];

beforeAll(async () => {
  handle = await installTestDatabase();
  ({ agencyA, org, tokens } = await createMatrixCallers(handle.db, { organization: { creditLimit: null } }));
});
afterAll(async () => handle?.close());

interface Row {
  name: string;
  handler: RouteHandler;
  method: string;
  path: () => string;
  params: () => Record<string, string>;
  body?: () => unknown;
  /** The status each role gets, in MATRIX_ROLES order. */
  expect: [number, number, number, number, number];
}

const agencyPath =
  (suffix = "") =>
  () =>
    `/api/tenants/admins/${agencyA.id}${suffix}`;
const agencyParams = () => ({ id: String(agencyA.id) });
const orgPath = (suffix: string) => () => `/api/tenants/organizations/${org.id}${suffix}`;
const orgParams = () => ({ org_id: org.id });
const none = () => ({});

// Reading first, then changes that leave the fixtures usable for the rows after them.
const ROWS: Row[] = [
  {
    name: "GET partner-groups",
    handler: partnerGroupsRoute.GET,
    method: "GET",
    path: () => "/api/tenants/partner-groups",
    params: none,
    expect: [401, 403, 403, 403, 200],
  },
  {
    name: "POST partner-groups",
    handler: partnerGroupsRoute.POST,
    method: "POST",
    path: () => "/api/tenants/partner-groups",
    params: none,
    body: () => ({ name: unique("Group"), credit_discount_percent: 5 }),
    expect: [401, 403, 403, 403, 201],
  },
  {
    name: "PUT partner-groups/{id}",
    handler: partnerGroupRoute.PUT,
    method: "PUT",
    path: () => "/api/tenants/partner-groups/1",
    params: () => ({ id: "1" }),
    body: () => ({ description: "x" }),
    expect: [401, 403, 403, 403, 200],
  },
  { name: "GET admins", handler: adminsRoute.GET, method: "GET", path: () => "/api/tenants/admins", params: none, expect: [401, 200, 200, 200, 200] },
  {
    name: "POST admins",
    handler: adminsRoute.POST,
    method: "POST",
    path: () => "/api/tenants/admins",
    params: none,
    body: () => ({ name: unique("Agency") }),
    expect: [401, 403, 403, 403, 201],
  },
  { name: "GET admins/{id}", handler: adminRoute.GET, method: "GET", path: agencyPath(), params: agencyParams, expect: [401, 403, 200, 404, 200] },
  {
    name: "PUT admins/{id}",
    handler: adminRoute.PUT,
    method: "PUT",
    path: agencyPath(),
    params: agencyParams,
    body: () => ({ phone: "+1 555 0100" }),
    expect: [401, 403, 403, 403, 200],
  },
  {
    name: "GET admins/{id}/ledger",
    handler: agencyLedgerRoute.GET,
    method: "GET",
    path: agencyPath("/ledger"),
    params: agencyParams,
    expect: [401, 403, 200, 404, 200],
  },
  {
    name: "POST admins/{id}/grant-credits",
    handler: grantRoute.POST,
    method: "POST",
    path: agencyPath("/grant-credits"),
    params: agencyParams,
    body: () => ({ amount: 1000, reason: "Matrix" }),
    expect: [401, 403, 403, 403, 201],
  },
  { name: "GET users", handler: usersRoute.GET, method: "GET", path: () => "/api/tenants/users", params: none, expect: [401, 403, 403, 403, 200] },
  {
    name: "POST users",
    handler: usersRoute.POST,
    method: "POST",
    path: () => "/api/tenants/users",
    params: none,
    body: () => ({ email: `${unique("u")}@example.com`, name: "Matrix" }),
    expect: [401, 403, 403, 403, 201],
  },
  {
    name: "GET organizations/{org_id}/ledger",
    handler: orgLedgerRoute.GET,
    method: "GET",
    path: orgPath("/ledger"),
    params: orgParams,
    expect: [401, 200, 200, 404, 200],
  },
  {
    name: "GET organizations/{org_id}/usage",
    handler: usageRoute.GET,
    method: "GET",
    path: orgPath("/usage"),
    params: orgParams,
    expect: [401, 200, 200, 404, 200],
  },
  {
    name: "POST organizations/{org_id}/usage",
    handler: usageRoute.POST,
    method: "POST",
    path: orgPath("/usage"),
    params: orgParams,
    body: () => ({ metric: "api_calls", quantity: 1, idempotency_key: unique("k") }),
    expect: [401, 403, 200, 404, 200],
  },
  {
    name: "POST organizations/{org_id}/credits/add",
    handler: addCreditsRoute.POST,
    method: "POST",
    path: orgPath("/credits/add"),
    params: orgParams,
    body: () => ({ amount: 1, reason: "Matrix" }),
    expect: [401, 403, 201, 404, 201],
  },
  {
    name: "PUT organizations/{org_id}/credit-limit",
    handler: creditLimitRoute.PUT,
    method: "PUT",
    path: orgPath("/credit-limit"),
    params: orgParams,
    body: () => ({ credit_limit: 5000 }),
    expect: [401, 403, 200, 404, 200],
  },
  {
    name: "POST admins/{id}/assign-owner",
    handler: assignOwnerRoute.POST,
    method: "POST",
    path: agencyPath("/assign-owner"),
    params: agencyParams,
    body: () => ({ user_id: 999_999 }),
    expect: [401, 403, 403, 403, 404],
  },
  {
    name: "POST admins/{id}/suspend",
    handler: suspendRoute.POST,
    method: "POST",
    path: agencyPath("/suspend"),
    params: agencyParams,
    body: () => ({ reason: "Matrix" }),
    expect: [401, 403, 403, 403, 200],
  },
  {
    name: "POST admins/{id}/reactivate",
    handler: reactivateRoute.POST,
    method: "POST",
    path: agencyPath("/reactivate"),
    params: agencyParams,
    expect: [401, 403, 403, 403, 200],
  },
];

describe("authorization on the agencies, credits and usage routes", () => {
  it("answers every role as the rules say", async () => {
    const seen: Record<string, number[]> = {};
    const wanted: Record<string, number[]> = {};
    for (const row of ROWS) {
      seen[row.name] = [];
      wanted[row.name] = row.expect;
      for (const role of MATRIX_ROLES) {
        const res = await callJsonRoute(row.handler, row.path(), {
          method: row.method,
          token: tokens[role],
          params: row.params(),
          body: row.body?.(),
        });
        seen[row.name].push(res.status);
      }
    }
    // One comparison of the whole matrix, so a failure shows every cell that differs.
    expect(seen).toEqual(wanted);
  });

  it("scopes the agencies list: each admin sees their own agency, a member none", async () => {
    const list = async (role: MatrixRole) =>
      (await callJsonRoute(adminsRoute.GET, "/api/tenants/admins", { token: tokens[role] })).body.data.map((a: { id: number }) => a.id);
    expect(await list("agencyA")).toEqual([agencyA.id]);
    expect(await list("agencyB")).not.toContain(agencyA.id);
    expect(await list("agencyB")).toHaveLength(1);
    expect(await list("member")).toEqual([]);
    expect(await list("superadmin")).toContain(agencyA.id);
  });
});
