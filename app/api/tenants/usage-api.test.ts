// Usage metering through the real route handlers: who may report and read usage for an organization
// (anonymous, an organization member, a usage-scoped token, agency A, agency B, superadmin), the
// platform dialect's errors, and a usage-scoped token refused everywhere else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as usageRoute from "@/app/api/tenants/organizations/[org_id]/usage/route";
import * as organizationsRoute from "@/app/api/tenants/organizations/route";
import * as apiTokensRoute from "@/app/api/v1/api-tokens/route";
import type { DatabaseHandle } from "@/db/client";
import type { Organization, User } from "@/db/schema";
import { addCreditsToOrganization } from "@/lib/credits/ledger";
import { installTestDatabase } from "@/lib/testing/database";
import {
  addAgencyMember,
  addOrganizationMember,
  contextFor,
  createAgency,
  createOrganizationRow,
  createUser,
  principalOf,
  unique,
} from "@/lib/testing/factories";
import { callJsonRoute, personalTokenFor } from "@/lib/testing/route-client";

let handle: DatabaseHandle;
let org: Organization;
const tokens: Record<"superadmin" | "agencyA" | "agencyB" | "member" | "memberUsage", string> = {} as never;
let member: User;

beforeAll(async () => {
  handle = await installTestDatabase();
  const superadmin = await createUser(handle.db, { isSuperadmin: true });
  const [agencyA, agencyB] = [await createAgency(handle.db), await createAgency(handle.db)];
  const [adminA, adminB] = [await createUser(handle.db), await createUser(handle.db)];
  await addAgencyMember(handle.db, agencyA.id, adminA.id);
  await addAgencyMember(handle.db, agencyB.id, adminB.id);
  org = await createOrganizationRow(handle.db, { agencyId: agencyA.id, creditLimit: 1000, storageLimitGb: 10, bandwidthLimitGb: 10, maxUsers: 5 });
  member = await createUser(handle.db);
  await addOrganizationMember(handle.db, org.id, member.id, "member");
  await addCreditsToOrganization(contextFor(handle.db, await principalOf(handle.db, superadmin)), { id: org.id, amount: 500, reason: "Start" });
  tokens.superadmin = await personalTokenFor(handle.db, superadmin);
  tokens.agencyA = await personalTokenFor(handle.db, adminA);
  tokens.agencyB = await personalTokenFor(handle.db, adminB);
  tokens.member = await personalTokenFor(handle.db, member);
  tokens.memberUsage = await personalTokenFor(handle.db, member, ["usage"]);
});
afterAll(async () => handle?.close());

const post = (body: unknown, token: string | null, orgId = org.id) =>
  callJsonRoute(usageRoute.POST, `/api/tenants/organizations/${orgId}/usage`, { method: "POST", token, body, params: { org_id: orgId } });
const get = (token: string | null, orgId = org.id) =>
  callJsonRoute(usageRoute.GET, `/api/tenants/organizations/${orgId}/usage`, { token, params: { org_id: orgId } });
const event = (metric = "api_calls", quantity = 1) => ({ metric, quantity, idempotency_key: unique("evt") });

describe("POST /api/tenants/organizations/{org_id}/usage", () => {
  it("answers each kind of caller as its rights say", async () => {
    expect((await post(event(), null)).status).toBe(401);
    expect(await post(event(), tokens.member)).toMatchObject({
      status: 403,
      body: { message: "You are not allowed to report usage for this organization. Use a token with the usage scope." },
    });
    expect(await post(event(), tokens.agencyB)).toMatchObject({ status: 404, body: { message: "Tenant not found" } });
    for (const who of ["superadmin", "agencyA", "memberUsage"] as const)
      expect(await post(event(), tokens[who])).toMatchObject({ status: 200, body: { accepted: 1 } });
  });

  it("reports a batch with per-event results and a single refused event as 422", async () => {
    const res = await post(
      { events: [event("credits", 100), { metric: "credits", quantity: 100_000, idempotency_key: "too-much" }, event("storage_bytes", 2048)] },
      tokens.agencyA,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 0, refused: 1, credit_balance: 400 });
    expect(res.body.results[1]).toEqual({
      index: 1,
      idempotency_key: "too-much",
      status: "refused",
      error: "Insufficient credits: 100000 requested, 400 available.",
    });
    expect(await post({ metric: "credits", quantity: 401, idempotency_key: "single" }, tokens.agencyA)).toMatchObject({
      status: 422,
      body: { message: "Insufficient credits: 401 requested, 400 available." },
    });
  });

  it("answers malformed input with 422 field errors, and an unknown organization with 404", async () => {
    const res = await post({ events: [{ metric: "gigawatts", quantity: 1.5, idempotency_key: "x" }] }, tokens.superadmin);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({
      "events.0.metric": ["The selected metric is invalid."],
      "events.0.quantity": ["The quantity field must be an integer."],
    });
    expect((await post(event(), tokens.superadmin, "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await post(event(), tokens.superadmin, "not-a-uuid")).status).toBe(404);
  });
});

describe("GET /api/tenants/organizations/{org_id}/usage", () => {
  it("is readable by whoever sees the organization, usage tokens included", async () => {
    expect((await get(null)).status).toBe(401);
    expect((await get(tokens.agencyB)).status).toBe(404);
    for (const who of ["superadmin", "agencyA", "member", "memberUsage"] as const) {
      const res = await get(tokens[who]);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ organization_id: org.id, credits: { limit: 1000 }, users: { used: 1, limit: 5, percent: 20 } });
      expect(res.body.daily).toHaveLength(30);
    }
  });
});

describe("usage-scoped tokens", () => {
  it("are created through the API and refused on every route but usage", async () => {
    const created = await callJsonRoute(apiTokensRoute.POST, "/api/v1/api-tokens", {
      method: "POST",
      token: tokens.member,
      body: { name: "metering", scopes: ["usage"] },
    });
    expect(created.status).toBe(201);
    expect(created.body.scopes).toEqual(["usage"]);
    expect((await post(event(), created.body.token)).status).toBe(200);
    const refused = await callJsonRoute(organizationsRoute.GET, "/api/tenants/organizations", { token: created.body.token });
    expect(refused).toMatchObject({ status: 403, body: { message: "This API token is limited to usage and cannot be used here." } });
  });
});
