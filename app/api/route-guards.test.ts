// Authorization before validation (issue 8): every route reserved to superadmins or to agency admins runs
// its guard before it judges its input. A caller who may not use the route gets 403 (anonymous 401) even
// for an invalid body, query or path, and so learns nothing of the route's input rules; the caller who may
// use it gets the validation error (422; 400 in REST v1) or the 404 of a path that names nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import * as agencyRoute from "@/app/api/tenants/admins/[id]/route";
import * as agencyBrandingRoute from "@/app/api/tenants/admins/[id]/branding/route";
import * as assignOwnerRoute from "@/app/api/tenants/admins/[id]/assign-owner/route";
import * as consoleDomainRoute from "@/app/api/tenants/admins/[id]/console-domain/route";
import * as consoleVerifyRoute from "@/app/api/tenants/admins/[id]/console-domain/verify/route";
import * as grantRoute from "@/app/api/tenants/admins/[id]/grant-credits/route";
import * as inviteOwnerRoute from "@/app/api/tenants/admins/[id]/invite-owner/route";
import * as agencyLedgerRoute from "@/app/api/tenants/admins/[id]/ledger/route";
import * as reactivateRoute from "@/app/api/tenants/admins/[id]/reactivate/route";
import * as suspendRoute from "@/app/api/tenants/admins/[id]/suspend/route";
import * as agenciesRoute from "@/app/api/tenants/admins/route";
import * as auditExportRoute from "@/app/api/tenants/audit-logs/export/route";
import * as auditLogsRoute from "@/app/api/tenants/audit-logs/route";
import * as auditStatsRoute from "@/app/api/tenants/audit-logs/stats/route";
import * as auditVerifyRoute from "@/app/api/tenants/audit-logs/verify/route";
import * as creditLimitRoute from "@/app/api/tenants/organizations/[org_id]/credit-limit/route";
import * as addCreditsRoute from "@/app/api/tenants/organizations/[org_id]/credits/add/route";
import * as orgDomainRoute from "@/app/api/tenants/organizations/[org_id]/domain/route";
import * as orgVerifyRoute from "@/app/api/tenants/organizations/[org_id]/domain/verify/route";
import * as editRoute from "@/app/api/tenants/organizations/[org_id]/edit/route";
import * as limitsRoute from "@/app/api/tenants/organizations/[org_id]/limits/route";
import * as membersRoute from "@/app/api/tenants/organizations/[org_id]/members/route";
import * as statusRoute from "@/app/api/tenants/organizations/[org_id]/status/route";
import * as usageRoute from "@/app/api/tenants/organizations/[org_id]/usage/route";
import * as organizationsRoute from "@/app/api/tenants/organizations/route";
import * as partnerGroupRoute from "@/app/api/tenants/partner-groups/[id]/route";
import * as partnerGroupsRoute from "@/app/api/tenants/partner-groups/route";
import * as approveRoute from "@/app/api/tenants/requests/[request_id]/approve/route";
import * as provisionRoute from "@/app/api/tenants/requests/[request_id]/provision/route";
import * as rejectRoute from "@/app/api/tenants/requests/[request_id]/reject/route";
import * as requestRoute from "@/app/api/tenants/requests/[request_id]/route";
import * as requestsRoute from "@/app/api/tenants/requests/route";
import * as settingsRoute from "@/app/api/tenants/settings/route";
import * as usersRoute from "@/app/api/tenants/users/route";
import * as v1TenantsRoute from "@/app/api/v1/tenants/route";
import * as tenantsRoute from "@/app/api/tenants/route";
import * as rebuildRoute from "@/app/api/tenants/[tenantUuid]/website/rebuild/route";
import type { DatabaseHandle } from "@/db/client";
import type { RouteContract } from "@/lib/api/contract";
import { allContracts } from "@/lib/api/openapi";
import * as agencyContracts from "@/lib/api/platform/agency-contracts";
import * as auditContracts from "@/lib/api/platform/audit-contracts";
import * as brandingContracts from "@/lib/api/platform/branding-contracts";
import * as platform from "@/lib/api/platform/contracts";
import * as creditContracts from "@/lib/api/platform/credit-contracts";
import * as domainContracts from "@/lib/api/platform/domain-contracts";
import * as tenantContracts from "@/lib/api/platform/tenant-contracts";
import * as usageContracts from "@/lib/api/platform/usage-contracts";
import * as userContracts from "@/lib/api/platform/user-contracts";
import * as v1 from "@/lib/api/v1/contracts";
import { requireUser } from "@/lib/context";
import { installTestDatabase } from "@/lib/testing/database";
import { type MatrixCallers, type MatrixRole, createMatrixCallers } from "@/lib/testing/matrix-callers";
import type { RouteHandler } from "@/lib/testing/route-client";

let handle: DatabaseHandle;
let callers: MatrixCallers;

beforeAll(async () => {
  handle = await installTestDatabase();
  // The member is a plain member (not the owner), so that the audit trail is not theirs either.
  callers = await createMatrixCallers(handle.db, { memberRole: "member" });
});
afterAll(async () => handle?.close());

/** What is wrong with the request: its body, its query, or a path parameter that names nothing; or nothing. */
type Invalid = { body: unknown } | { query: string } | { params: Record<string, string> } | "none";

interface Row {
  contract: RouteContract;
  handler: RouteHandler;
  invalid: Invalid;
}

// Superadmins only: agency A's admin is refused, the superadmin is not.
const SUPERADMIN_ONLY: Row[] = [
  { contract: platform.listRequests, handler: requestsRoute.GET, invalid: { query: "status=bogus" } },
  { contract: platform.getRequest, handler: requestRoute.GET, invalid: { params: { request_id: "abc" } } },
  { contract: platform.approveRequest, handler: approveRoute.POST, invalid: { body: { org_slug: "Not A Slug" } } },
  { contract: platform.rejectRequest, handler: rejectRoute.POST, invalid: { body: { reason: "" } } },
  { contract: platform.provisionRequest, handler: provisionRoute.POST, invalid: { params: { request_id: "abc" } } },
  { contract: platform.getSettings, handler: settingsRoute.GET, invalid: "none" },
  { contract: platform.updateSettings, handler: settingsRoute.PUT, invalid: { body: { default_max_users: -1 } } },
  { contract: platform.addOrganizationMember, handler: membersRoute.POST, invalid: { body: { user_id: "x" } } },
  { contract: agencyContracts.listPartnerGroups, handler: partnerGroupsRoute.GET, invalid: "none" },
  { contract: agencyContracts.createPartnerGroup, handler: partnerGroupsRoute.POST, invalid: { body: { name: "" } } },
  { contract: agencyContracts.updatePartnerGroup, handler: partnerGroupRoute.PUT, invalid: { body: { credit_discount_percent: 101 } } },
  { contract: agencyContracts.deletePartnerGroup, handler: partnerGroupRoute.DELETE, invalid: { params: { id: "abc" } } },
  { contract: agencyContracts.createAgency, handler: agenciesRoute.POST, invalid: { body: { name: "" } } },
  { contract: agencyContracts.updateAgency, handler: agencyRoute.PUT, invalid: { body: { contact_email: "not an email" } } },
  { contract: agencyContracts.suspendAgency, handler: suspendRoute.POST, invalid: { body: { reason: "" } } },
  { contract: agencyContracts.reactivateAgency, handler: reactivateRoute.POST, invalid: { params: { id: "abc" } } },
  { contract: agencyContracts.assignAgencyOwner, handler: assignOwnerRoute.POST, invalid: { body: { user_id: "x" } } },
  { contract: agencyContracts.inviteAgencyOwner, handler: inviteOwnerRoute.POST, invalid: { body: { email: "nope", name: "" } } },
  { contract: creditContracts.grantCredits, handler: grantRoute.POST, invalid: { body: { amount: -5, reason: "" } } },
  { contract: auditContracts.verifyAuditLogs, handler: auditVerifyRoute.GET, invalid: "none" },
  { contract: userContracts.listUsers, handler: usersRoute.GET, invalid: { query: "limit=abc" } },
  { contract: userContracts.createUser, handler: usersRoute.POST, invalid: { body: { email: "nope" } } },
];

// Superadmins and agency admins (managers of organizations, readers of the audit trail): an organization's
// plain member is refused, agency A's admin is not.
const AGENCY_ADMINS: Row[] = [
  { contract: platform.createOrganization, handler: organizationsRoute.POST, invalid: { body: { name: "", slug: "Not A Slug" } } },
  { contract: v1.createTenant, handler: v1TenantsRoute.POST, invalid: { body: { name: "", slug: "Not A Slug" } } },
  { contract: tenantContracts.createTenant, handler: tenantsRoute.POST, invalid: { body: { subdomain: "Not A Slug" } } },
  { contract: tenantContracts.rebuildWebsite, handler: rebuildRoute.POST, invalid: { params: { tenantUuid: "not-a-uuid" } } },
  { contract: platform.editOrganization, handler: editRoute.PUT, invalid: { body: { max_users: -1 } } },
  { contract: platform.setOrganizationStatus, handler: statusRoute.PUT, invalid: { body: { status: "paused" } } },
  { contract: platform.setOrganizationLimits, handler: limitsRoute.PUT, invalid: { body: { storage_limit_gb: "lots" } } },
  { contract: platform.setOrganizationCreditLimit, handler: creditLimitRoute.PUT, invalid: { body: { credit_limit: -1 } } },
  { contract: domainContracts.getOrganizationDomain, handler: orgDomainRoute.GET, invalid: { params: { org_id: "not-a-uuid" } } },
  { contract: domainContracts.setOrganizationDomain, handler: orgDomainRoute.PUT, invalid: { body: { domain: "https://evil.example.com/x" } } },
  { contract: domainContracts.removeOrganizationDomain, handler: orgDomainRoute.DELETE, invalid: { params: { org_id: "not-a-uuid" } } },
  { contract: domainContracts.verifyOrganizationDomain, handler: orgVerifyRoute.POST, invalid: { params: { org_id: "not-a-uuid" } } },
  { contract: domainContracts.getAgencyConsoleDomain, handler: consoleDomainRoute.GET, invalid: { params: { id: "abc" } } },
  { contract: domainContracts.setAgencyConsoleDomain, handler: consoleDomainRoute.PUT, invalid: { body: { domain: "not a domain" } } },
  { contract: domainContracts.removeAgencyConsoleDomain, handler: consoleDomainRoute.DELETE, invalid: { params: { id: "abc" } } },
  { contract: domainContracts.verifyAgencyConsoleDomain, handler: consoleVerifyRoute.POST, invalid: { params: { id: "abc" } } },
  { contract: creditContracts.addCredits, handler: addCreditsRoute.POST, invalid: { body: { amount: 0, reason: "" } } },
  { contract: creditContracts.agencyLedger, handler: agencyLedgerRoute.GET, invalid: { query: "limit=abc" } },
  { contract: agencyContracts.getAgency, handler: agencyRoute.GET, invalid: { params: { id: "abc" } } },
  { contract: brandingContracts.getAgencyBranding, handler: agencyBrandingRoute.GET, invalid: { params: { id: "abc" } } },
  { contract: brandingContracts.updateAgencyBranding, handler: agencyBrandingRoute.PUT, invalid: { body: { branding: { primary_color: "red" } } } },
  { contract: usageContracts.reportUsage, handler: usageRoute.POST, invalid: { body: { metric: "nope", quantity: -1 } } },
  { contract: auditContracts.listAuditLogs, handler: auditLogsRoute.GET, invalid: { query: "limit=abc" } },
  { contract: auditContracts.auditStats, handler: auditStatsRoute.GET, invalid: { query: "days=0" } },
  { contract: auditContracts.exportAuditLogs, handler: auditExportRoute.GET, invalid: { query: "format=xml" } },
];

const routeName = (c: RouteContract) => `${c.method} ${c.path}`;

/** Calls the route as `role` with the row's invalid input (valid path parameters otherwise). */
async function send(row: Row, role: MatrixRole): Promise<number> {
  const { invalid, contract } = row;
  const params: Record<string, string> = {
    id: String(callers.agencyA.id),
    org_id: callers.org.id,
    tenantUuid: callers.org.id,
    request_id: "1",
    ...(typeof invalid === "object" && "params" in invalid ? invalid.params : {}),
  };
  const query = typeof invalid === "object" && "query" in invalid ? `?${invalid.query}` : "";
  const body = typeof invalid === "object" && "body" in invalid ? JSON.stringify(invalid.body) : undefined;
  const path = contract.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name]) + query;
  const token = callers.tokens[role];
  const headers: Record<string, string> = { host: "localhost:3000", ...(token ? { authorization: `Bearer ${token}` } : {}) };
  if (body !== undefined) headers["content-type"] = "application/json";
  const req = new NextRequest(`http://localhost:3000${path}`, { method: contract.method, headers, body });
  const res = await row.handler(req, { params: Promise.resolve(params) });
  await res.body?.cancel();
  return res.status;
}

/** What the permitted caller gets for the row's input, in the route's dialect. */
function permittedStatus(row: Row): number {
  if (row.invalid === "none") return 200;
  if ("params" in row.invalid) return 404;
  return row.contract.surface === "v1" ? 400 : 422;
}

describe("guards run before the input is judged", () => {
  const groups: [string, Row[], MatrixRole, MatrixRole][] = [
    ["a superadmin-only route", SUPERADMIN_ONLY, "agencyA", "superadmin"],
    ["a route of agency admins", AGENCY_ADMINS, "member", "agencyA"],
  ];
  for (const [label, rows, forbidden, permitted] of groups) {
    it(`refuses who may not use ${label} before judging its input; the permitted caller gets the input's error`, async () => {
      const seen: Record<string, [number, number, number]> = {};
      const wanted: Record<string, [number, number, number]> = {};
      for (const row of rows) {
        const name = routeName(row.contract);
        seen[name] = [await send(row, "anonymous"), await send(row, forbidden), await send(row, permitted)];
        wanted[name] = [401, 403, permittedStatus(row)];
      }
      // One comparison of the whole table, so that a failure shows every route that differs.
      expect(seen).toEqual(wanted);
    });
  }

  it("covers every route whose guard is more than a signed-in user", () => {
    const guarded = allContracts.filter((c) => c.auth !== "public" && c.auth !== requireUser).map(routeName);
    const tested = [...SUPERADMIN_ONLY, ...AGENCY_ADMINS].map((row) => routeName(row.contract));
    expect([...tested].sort()).toEqual([...guarded].sort());
  });
});
