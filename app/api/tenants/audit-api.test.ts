// The audit trail through its real route handlers: visibility per role, filters that cannot reach
// outside it, keyset paging, per-day stats with every day present, and the chain's verification.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import * as auditRoute from "@/app/api/tenants/audit-logs/route";
import * as exportRoute from "@/app/api/tenants/audit-logs/export/route";
import * as statsRoute from "@/app/api/tenants/audit-logs/stats/route";
import * as verifyRoute from "@/app/api/tenants/audit-logs/verify/route";
import type { DatabaseHandle } from "@/db/client";
import type { Agency, Organization } from "@/db/schema";
import { csvField } from "@/lib/audit/export";
import { recordAudit } from "@/lib/audit/record-audit";
import { systemContext } from "@/lib/context";
import { installTestDatabase } from "@/lib/testing/database";
import { addAgencyMember, addOrganizationMember, createAgency, createOrganizationRow, createUser } from "@/lib/testing/factories";
import { callJsonRoute, personalTokenFor } from "@/lib/testing/route-client";
import { PG_INT_MAX } from "@/lib/validation";

let handle: DatabaseHandle;
let agencyA: Agency;
let orgA: Organization;
let orgB: Organization;
const tokens = {} as Record<"superadmin" | "agencyA" | "ownerA" | "memberA" | "agencyB", string>;

async function event(action: string, scope: { organizationId?: string; agencyId?: number }, metadata: Record<string, unknown> = {}) {
  await recordAudit(systemContext(handle.db), { action, targetType: "test", targetId: action, ...scope, metadata, actorType: "system" });
}

beforeAll(async () => {
  handle = await installTestDatabase();
  agencyA = await createAgency(handle.db);
  const agencyB = await createAgency(handle.db);
  orgA = await createOrganizationRow(handle.db, { agencyId: agencyA.id });
  orgB = await createOrganizationRow(handle.db, { agencyId: agencyB.id });
  const [superadmin, adminA, ownerA, memberA, adminB] = [
    await createUser(handle.db, { isSuperadmin: true }),
    await createUser(handle.db),
    await createUser(handle.db),
    await createUser(handle.db),
    await createUser(handle.db),
  ];
  await addAgencyMember(handle.db, agencyA.id, adminA.id);
  await addAgencyMember(handle.db, agencyB.id, adminB.id);
  await addOrganizationMember(handle.db, orgA.id, ownerA.id, "owner");
  await addOrganizationMember(handle.db, orgA.id, memberA.id, "member");
  tokens.superadmin = await personalTokenFor(handle.db, superadmin);
  tokens.agencyA = await personalTokenFor(handle.db, adminA);
  tokens.ownerA = await personalTokenFor(handle.db, ownerA);
  tokens.memberA = await personalTokenFor(handle.db, memberA);
  tokens.agencyB = await personalTokenFor(handle.db, adminB);
  await event("test.agency_a", { agencyId: agencyA.id });
  await event("test.org_a", { organizationId: orgA.id });
  await event("test.org_a", { organizationId: orgA.id, agencyId: agencyA.id }, { second: true });
  await event("test.org_b", { organizationId: orgB.id, agencyId: agencyB.id });
  await event("test.platform", {});
});
afterAll(async () => handle?.close());

const list = (token: string | null, query = "") => callJsonRoute(auditRoute.GET, `/api/tenants/audit-logs${query}`, { token });
const actionsOf = (body: { data: { action: string }[] }) => body.data.map((r) => r.action).filter((a) => a.startsWith("test."));

describe("GET /api/tenants/audit-logs", () => {
  it("shows each role what it may see, newest first", async () => {
    expect(actionsOf((await list(tokens.superadmin)).body)).toEqual(["test.platform", "test.org_b", "test.org_a", "test.org_a", "test.agency_a"]);
    expect(actionsOf((await list(tokens.agencyA)).body)).toEqual(["test.org_a", "test.org_a", "test.agency_a"]);
    expect(actionsOf((await list(tokens.ownerA)).body)).toEqual(["test.org_a", "test.org_a"]);
    expect(actionsOf((await list(tokens.agencyB)).body)).toEqual(["test.org_b"]);
    expect(await list(tokens.memberA)).toMatchObject({
      status: 403,
      body: { message: "The audit trail is for superadmins, agency admins and organization owners." },
    });
    expect((await list(null)).status).toBe(401);
  });

  it("finds nothing when a filter names what lies outside the caller's view", async () => {
    const res = await list(tokens.agencyB, `?organization_id=${orgA.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ data: [], total: 0 });
    expect((await list(tokens.agencyA, `?organization_id=${orgA.id}&action=test.org_a`)).body.total).toBe(2);
  });

  it("filters by action, target type, date range, and refuses malformed filters with 422", async () => {
    const res = await list(tokens.superadmin, "?action=test.org_a&target_type=test");
    expect(res.body.data.map((r: { metadata: unknown }) => r.metadata)).toEqual([{ second: true }, {}]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list(tokens.superadmin, `?action=test.org_b&from=${today}&to=${today}`)).body.total).toBe(1);
    expect((await list(tokens.superadmin, `?action=test.org_b&to=2000-01-01`)).body.total).toBe(0);
    const bad = await list(tokens.superadmin, "?organization_id=nope&from=yesterday&actor_id=-1");
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["actor_id", "from", "organization_id"]);
  });

  it("refuses an offset or a cursor beyond what the database can hold with 422, not 500", async () => {
    const offset = await list(tokens.superadmin, `?offset=${PG_INT_MAX + 1}`);
    expect(offset.status).toBe(422);
    expect(Object.keys(offset.body.errors)).toEqual(["offset"]);
    const cursor = await list(tokens.superadmin, "?cursor=9999999999999999999");
    expect(cursor.status).toBe(422);
    expect(cursor.body.errors.cursor).toEqual(["The cursor field format is invalid."]);
    expect((await list(tokens.superadmin, `?offset=${PG_INT_MAX}`)).body).toMatchObject({ data: [], offset: PG_INT_MAX });
  });

  it("pages deep with a keyset cursor", async () => {
    const first = await list(tokens.superadmin, "?limit=2");
    expect(first.body.next_cursor).toBe(String(first.body.data[1].id));
    const second = await list(tokens.superadmin, `?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.total).toBeNull();
    expect(second.body.data[0].id).toBeLessThan(first.body.data[1].id);
    const all = await list(tokens.superadmin, "?limit=200");
    expect([...first.body.data, ...second.body.data].map((r: { id: number }) => r.id)).toEqual(
      all.body.data.slice(0, 4).map((r: { id: number }) => r.id),
    );
  });

  it("shows the actor, the target and the chain link of each row", async () => {
    const [row] = (await list(tokens.superadmin, "?action=test.platform")).body.data;
    expect(row).toMatchObject({
      actor: { type: "system" },
      target_type: "test",
      target_id: "test.platform",
      chain_seq: expect.any(Number),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });
});

describe("GET /api/tenants/audit-logs/stats", () => {
  it("counts per day (every day present), per action and per actor, within the caller's view", async () => {
    const res = await callJsonRoute(statsRoute.GET, "/api/tenants/audit-logs/stats?days=7", { token: tokens.agencyA });
    expect(res.status).toBe(200);
    expect(res.body.per_day).toHaveLength(7);
    expect(res.body.per_day.at(-1)).toEqual({ date: new Date().toISOString().slice(0, 10), count: 3 });
    expect(res.body.per_day.slice(0, 6).every((d: { count: number }) => d.count === 0)).toBe(true);
    expect(res.body.per_action).toEqual([
      { action: "test.org_a", count: 2 },
      { action: "test.agency_a", count: 1 },
    ]);
    expect(res.body.total).toBe(3);
    expect((await callJsonRoute(statsRoute.GET, "/api/tenants/audit-logs/stats?days=366", { token: tokens.agencyA })).status).toBe(422);
    expect((await callJsonRoute(statsRoute.GET, "/api/tenants/audit-logs/stats", { token: tokens.superadmin })).body.per_day).toHaveLength(30);
  });
});

describe("GET /api/tenants/audit-logs/verify", () => {
  it("reports an intact chain to a superadmin, and is refused to others", async () => {
    const res = await callJsonRoute(verifyRoute.GET, "/api/tenants/audit-logs/verify", { token: tokens.superadmin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, problem: null });
    expect(res.body.checked).toBe(res.body.head_seq);
    expect((await callJsonRoute(verifyRoute.GET, "/api/tenants/audit-logs/verify", { token: tokens.agencyA })).status).toBe(403);
  });
});

describe("GET /api/tenants/audit-logs/export", () => {
  async function download(token: string, query: string) {
    const req = new NextRequest(`http://localhost:3000/api/tenants/audit-logs/export${query}`, {
      headers: { host: "localhost:3000", authorization: `Bearer ${token}` },
    });
    const res = await exportRoute.GET(req, { params: Promise.resolve({}) });
    return { status: res.status, type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"), text: await res.text() };
  }

  it("streams the caller's filtered rows as CSV, formulas neutralised", async () => {
    await event("test.export", { organizationId: orgA.id }, { note: '=HYPERLINK("http://x"), "quoted"' });
    const csv = await download(tokens.agencyA, "?action=test.export");
    expect(csv.status).toBe(200);
    expect(csv.type).toBe("text/csv; charset=utf-8");
    expect(csv.disposition).toMatch(/^attachment; filename="audit-log-[\d-]+\.csv"$/);
    const lines = csv.text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "id,occurred_at,actor_type,actor_user_id,actor_label,impersonator_user_id,action,target_type,target_id,organization_id,agency_id,ip,user_agent,request_id,metadata,chain_seq,hash",
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`test.export,test,test.export,${orgA.id}`);
    expect(lines[1]).toContain('"{""note"":""=HYPERLINK(\\""http://x\\""), \\""quoted\\""""}"');
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("-2")).toBe("'-2");
  });

  it("streams NDJSON across many pages without losing a row, and keeps others' rows out", async () => {
    for (let i = 0; i < 1205; i++) await event("test.bulk", { organizationId: orgB.id }, { i });
    const ndjson = await download(tokens.superadmin, "?action=test.bulk&format=ndjson");
    expect(ndjson.type).toBe("application/x-ndjson");
    const rows = ndjson.text
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(1205);
    expect(rows.map((r) => r.metadata.i)).toEqual(Array.from({ length: 1205 }, (_, i) => 1204 - i));
    expect((await download(tokens.agencyA, "?action=test.bulk&format=ndjson")).text).toBe("");
    expect((await download(tokens.memberA, "?format=csv")).status).toBe(403);
    expect((await download(tokens.superadmin, "?format=xml")).status).toBe(422);
  });
});
