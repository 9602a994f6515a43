// The domain routes through their real handlers, with a DNS server on loopback: the platform dialect
// of each answer, the verification flow over HTTP, and who may call what (anonymous, the organization's
// member, agency A's admin (its agency), agency B's admin, a superadmin).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as consoleDomainRoute from "@/app/api/tenants/admins/[id]/console-domain/route";
import * as consoleVerifyRoute from "@/app/api/tenants/admins/[id]/console-domain/verify/route";
import * as orgDomainRoute from "@/app/api/tenants/organizations/[org_id]/domain/route";
import * as orgVerifyRoute from "@/app/api/tenants/organizations/[org_id]/domain/verify/route";
import type { DatabaseHandle } from "@/db/client";
import type { Agency, Organization } from "@/db/schema";
import { resetConfigForTests } from "@/lib/config";
import { installTestDatabase } from "@/lib/testing/database";
import { type TestDnsServer, startDnsServer } from "@/lib/testing/dns-server";
import { createOrganizationRow, unique } from "@/lib/testing/factories";
import { MATRIX_ROLES, type MatrixCallers, createMatrixCallers } from "@/lib/testing/matrix-callers";
import { type RouteHandler, callJsonRoute } from "@/lib/testing/route-client";
import { PG_INT_MAX } from "@/lib/validation";

let handle: DatabaseHandle;
let dns: TestDnsServer;
let agencyA: Agency;
let org: Organization;
let tokens: MatrixCallers["tokens"];

beforeAll(async () => {
  [handle, dns] = await Promise.all([installTestDatabase(), startDnsServer()]);
  process.env.DNS_SERVERS = dns.address;
  resetConfigForTests();
  ({ agencyA, org, tokens } = await createMatrixCallers(handle.db));
});
afterAll(async () => {
  delete process.env.DNS_SERVERS;
  resetConfigForTests();
  await Promise.all([handle?.close(), dns?.close()]);
});

const orgCall = (handler: RouteHandler, suffix: string, options: { method?: string; token?: string | null; body?: unknown; orgId?: string } = {}) => {
  const orgId = options.orgId ?? org.id;
  return callJsonRoute(handler, `/api/tenants/organizations/${orgId}${suffix}`, { ...options, params: { org_id: orgId } });
};
const agencyCall = (handler: RouteHandler, suffix: string, options: { method?: string; token?: string | null; body?: unknown; id?: string } = {}) => {
  const id = options.id ?? String(agencyA.id);
  return callJsonRoute(handler, `/api/tenants/admins/${id}${suffix}`, { ...options, params: { id } });
};

describe("an organization's custom domain over HTTP", () => {
  it("PUT shows the TXT record to create, verify reports the failure reason, then verifies", async () => {
    const domain = `${unique("shop")}.example.com`;
    const set = await orgCall(orgDomainRoute.PUT, "/domain", { method: "PUT", token: tokens.agencyA, body: { domain: domain.toUpperCase() } });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({
      domain,
      kind: "custom_domain",
      status: "pending",
      txt_record: { type: "TXT", name: `_cp-challenge.${domain}`, value: expect.stringMatching(/^[0-9a-f]{32}$/) },
      failure_reason: null,
      checked_at: null,
      verified_at: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });

    const failed = await orgCall(orgVerifyRoute.POST, "/domain/verify", { method: "POST", token: tokens.agencyA });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({
      status: "failed",
      failure_reason: `_cp-challenge.${domain} does not exist (NXDOMAIN).`,
      checked_at: expect.any(String),
    });

    dns.set(set.body.txt_record.name, [set.body.txt_record.value]);
    const verified = await orgCall(orgVerifyRoute.POST, "/domain/verify", { method: "POST", token: tokens.agencyA });
    expect(verified.body).toMatchObject({ status: "verified", failure_reason: null, verified_at: expect.any(String) });
    expect((await orgCall(orgDomainRoute.GET, "/domain", { token: tokens.superadmin })).body).toMatchObject({ domain, status: "verified" });

    // Another organization cannot claim it: 409 in the platform dialect.
    const other = await createOrganizationRow(handle.db, { agencyId: agencyA.id });
    const taken = await orgCall(orgDomainRoute.PUT, "/domain", { method: "PUT", token: tokens.agencyA, body: { domain }, orgId: other.id });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({ message: `The domain ${domain} is already verified by another owner.` });

    const removed = await orgCall(orgDomainRoute.DELETE, "/domain", { method: "DELETE", token: tokens.agencyA });
    expect(removed.body).toEqual({ message: "The custom domain was removed." });
    const none = await orgCall(orgDomainRoute.GET, "/domain", { token: tokens.agencyA });
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ message: "No custom domain is set." });
  });

  it("answers 422 with the field for a malformed domain, and 404 for an unknown organization", async () => {
    const bad = await orgCall(orgDomainRoute.PUT, "/domain", {
      method: "PUT",
      token: tokens.superadmin,
      body: { domain: "https://evil.example.com/x" },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual({ message: "The domain field format is invalid.", errors: { domain: ["The domain field format is invalid."] } });
    const missing = await orgCall(orgDomainRoute.GET, "/domain", { token: tokens.superadmin, orgId: "00000000-0000-4000-8000-000000000000" });
    expect(missing).toMatchObject({ status: 404, body: { message: "Tenant not found" } });
  });
});

describe("an agency's console domain over HTTP", () => {
  it("is set, verified and removed by the agency's own admin", async () => {
    const domain = `${unique("console")}.example.net`;
    const set = await agencyCall(consoleDomainRoute.PUT, "/console-domain", { method: "PUT", token: tokens.agencyA, body: { domain } });
    expect(set.body).toMatchObject({ domain, kind: "console_domain", status: "pending" });
    dns.set(set.body.txt_record.name, [set.body.txt_record.value]);
    expect((await agencyCall(consoleVerifyRoute.POST, "/console-domain/verify", { method: "POST", token: tokens.agencyA })).body).toMatchObject({
      status: "verified",
    });
    expect((await agencyCall(consoleDomainRoute.DELETE, "/console-domain", { method: "DELETE", token: tokens.agencyA })).body).toEqual({
      message: "The console domain was removed.",
    });
    expect((await agencyCall(consoleDomainRoute.GET, "/console-domain", { token: tokens.agencyA })).body).toEqual({
      message: "No console domain is set.",
    });
    expect((await agencyCall(consoleDomainRoute.GET, "/console-domain", { token: tokens.superadmin, id: String(PG_INT_MAX) })).body).toEqual({
      message: "Admin not found",
    });
  });
});

describe("who may call the domain routes", () => {
  // Each row ends with the caller's own domain set, so the next row's GET has something to show.
  const ROWS: { name: string; call: (token: string | null) => Promise<{ status: number }>; expect: [number, number, number, number, number] }[] = [
    {
      name: "PUT organizations/{id}/domain",
      call: (token) => orgCall(orgDomainRoute.PUT, "/domain", { method: "PUT", token, body: { domain: `${unique("m")}.example.com` } }),
      expect: [401, 403, 200, 404, 200],
    },
    { name: "GET organizations/{id}/domain", call: (token) => orgCall(orgDomainRoute.GET, "/domain", { token }), expect: [401, 403, 200, 404, 200] },
    {
      name: "POST organizations/{id}/domain/verify",
      call: (token) => orgCall(orgVerifyRoute.POST, "/domain/verify", { method: "POST", token }),
      expect: [401, 403, 200, 404, 200],
    },
    {
      name: "PUT admins/{id}/console-domain",
      call: (token) =>
        agencyCall(consoleDomainRoute.PUT, "/console-domain", { method: "PUT", token, body: { domain: `${unique("m")}.example.com` } }),
      expect: [401, 403, 200, 404, 200],
    },
    {
      name: "GET admins/{id}/console-domain",
      call: (token) => agencyCall(consoleDomainRoute.GET, "/console-domain", { token }),
      expect: [401, 403, 200, 404, 200],
    },
    {
      name: "POST admins/{id}/console-domain/verify",
      call: (token) => agencyCall(consoleVerifyRoute.POST, "/console-domain/verify", { method: "POST", token }),
      expect: [401, 403, 200, 404, 200],
    },
  ];

  for (const row of ROWS) {
    it(row.name, async () => {
      const statuses = [];
      for (const role of MATRIX_ROLES) statuses.push((await row.call(tokens[role])).status);
      expect(statuses).toEqual(row.expect);
    });
  }

  it("DELETE organizations/{id}/domain and admins/{id}/console-domain", async () => {
    const statuses = [];
    for (const role of MATRIX_ROLES)
      statuses.push((await orgCall(orgDomainRoute.DELETE, "/domain", { method: "DELETE", token: tokens[role] })).status);
    expect(statuses).toEqual([401, 403, 200, 404, 404]);
    statuses.length = 0;
    for (const role of MATRIX_ROLES)
      statuses.push((await agencyCall(consoleDomainRoute.DELETE, "/console-domain", { method: "DELETE", token: tokens[role] })).status);
    // After agency A's admin removed it there is nothing left: the superadmin's DELETE is a 404 too.
    expect(statuses).toEqual([401, 403, 200, 404, 404]);
  });
});
