// Pages of the audit trail (listAuditLogs, what the API and the console show): keyset cursors, filters,
// totals a user would count, and who may read nothing.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { auditLogs } from "@/db/schema";
import { type AuditLogQuery, auditConditions, canReadAuditTrail, listAuditLogs, toAuditLogView } from "@/lib/audit/audit-logs";
import { recordAudit } from "@/lib/audit/record-audit";
import type { UserPrincipal } from "@/lib/auth/principal";
import type { ServiceContext } from "@/lib/context";
import { ForbiddenError } from "@/lib/errors";
import { installTestDatabase } from "@/lib/testing/database";
import {
  agencyAdminContext,
  addOrganizationMember,
  contextAs,
  contextFor,
  createAgency,
  createOrganizationRow,
  createUser,
  superadminContext,
} from "@/lib/testing/factories";

let handle: DatabaseHandle;
let ctx: ServiceContext;
let orgId: string;
let agencyAdmin: ServiceContext;
let owner: ServiceContext;
let otherOrgId: string;

beforeAll(async () => {
  handle = await installTestDatabase();
  ctx = await superadminContext(handle.db);
  const agency = await createAgency(handle.db);
  orgId = (await createOrganizationRow(handle.db, { agencyId: agency.id })).id;
  otherOrgId = (await createOrganizationRow(handle.db)).id;
  agencyAdmin = await agencyAdminContext(handle.db, agency.id);
  const ownerUser = await createUser(handle.db);
  await addOrganizationMember(handle.db, otherOrgId, ownerUser.id, "owner");
  owner = await contextAs(handle.db, ownerUser);
  // Events of the agency itself, of another organization, and of the platform, written by the services' path.
  const system = { actorType: "system" as const };
  for (const scope of [{ agencyId: agency.id }, { agencyId: agency.id }, { organizationId: otherOrgId }, {}])
    await recordAudit(contextFor(handle.db, ctx.principal), { action: "test.scoped", ...system, ...scope });
  // Every column filled or null somewhere, times with microseconds, metadata nested and with unicode.
  for (let i = 0; i < 12; i++) {
    await handle.db.execute(sql`
      insert into audit_logs (occurred_at, actor_type, actor_user_id, actor_token_id, impersonator_user_id, actor_label, action,
        target_type, target_id, organization_id, agency_id, metadata, ip, user_agent, request_id)
      values (${`2026-11-${10 + (i % 5)}T10:11:12.${String(345678 + i * 111_111).slice(-6)}Z`}::timestamptz,
        ${i % 3 === 0 ? "system" : "user"}, ${i % 3 === 0 ? null : 40 + i}, ${i % 4 === 0 ? 7 : null}, ${i === 5 ? 2 : null},
        ${i % 3 === 0 ? null : `user${i}@example.test`}, ${i % 2 === 0 ? "test.even" : "test.odd"},
        ${i % 5 === 0 ? null : "organization"}, ${i % 5 === 0 ? null : String(i)}, ${i % 2 === 0 ? orgId : null}, ${i % 2 === 0 ? agency.id : null},
        ${JSON.stringify({ i, nested: { list: [1, "two", null], flag: i % 2 === 0 }, note: 'café ✓ "quoted"' })}::jsonb,
        ${i % 3 === 0 ? null : "203.0.113.9"}, ${i % 3 === 0 ? null : "curl/8.0"}, ${i % 3 === 0 ? null : `req-${i}`})`);
  }
});

afterAll(async () => {
  await handle?.close();
});

describe("listAuditLogs", () => {
  it("views every column as the API shows it", async () => {
    const page = await listAuditLogs(ctx, { limit: 100, offset: 0, action: "test.even" } as AuditLogQuery);
    const views = page.data.map(toAuditLogView);
    expect(views).toHaveLength(6);
    const withToken = views.find((v) => v.actor.token_id === 7 && v.actor.type === "system")!;
    expect(withToken).toMatchObject({ action: "test.even", organization_id: orgId, actor: { user_id: null, label: null } });
    expect(withToken.occurred_at).toMatch(/^2026-11-1\dT10:11:12\.\d{3}Z$/);
    expect(views.find((v) => v.metadata.i === 4)?.metadata).toEqual({
      i: 4,
      nested: { list: [1, "two", null], flag: true },
      note: 'café ✓ "quoted"',
    });
  });

  it("follows keyset cursors page after page to the same rows", async () => {
    let cursor: string | undefined;
    const seen: number[] = [];
    do {
      const actual = await listAuditLogs(ctx, { cursor, limit: 4, offset: 0 } as AuditLogQuery);
      // The first page counts its total; keyset pages do not.
      expect(actual.total === null).toBe(cursor !== undefined);
      seen.push(...actual.data.map((r) => r.id));
      cursor = actual.next_cursor ?? undefined;
    } while (cursor);
    const all = await listAuditLogs(ctx, { limit: 100, offset: 0 } as AuditLogQuery);
    expect(seen).toEqual(all.data.map((r) => r.id));
  });

  it("keeps an organization filter to its rows", async () => {
    const actual = await listAuditLogs(ctx, { organization_id: orgId, limit: 50, offset: 0 } as AuditLogQuery);
    expect(actual.data.length).toBeGreaterThan(0);
    expect(actual.data.every((r) => r.organizationId === orgId)).toBe(true);
  });

  it.each([
    ["a superadmin, unfiltered", () => ctx, {}, true],
    ["a superadmin, one organization", () => ctx, { organization_id: "ORG" }, true],
    ["a superadmin, another organization", () => ctx, { organization_id: "OTHER" }, true],
    ["an agency admin, unfiltered", () => agencyAdmin, {}, true],
    ["an agency admin, an organization outside the agency", () => agencyAdmin, { organization_id: "OTHER" }, false],
    ["an organization owner, unfiltered", () => owner, {}, true],
    ["a superadmin, by action", () => ctx, { action: "test.scoped" }, true],
  ] as const)("counts the total a user would count: %s", async (_name, who, filter, sees) => {
    const ids: Record<string, string> = { ORG: orgId, OTHER: otherOrgId };
    const query = { limit: 5, offset: 0, ...Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, ids[v] ?? v])) } as AuditLogQuery;
    const counted = await handle.db.$count(auditLogs, auditConditions(who().principal as UserPrincipal, query));
    expect((await listAuditLogs(who(), query)).total).toBe(counted);
    expect(counted > 0).toBe(sees);
  });

  it("refuses the admins of a suspended agency, who may read nothing of the trail", async () => {
    const suspended = await createAgency(handle.db, { status: "suspended" });
    const admin = await agencyAdminContext(handle.db, suspended.id);
    const query = { limit: 5, offset: 0 } as AuditLogQuery;
    // The console's navigation asks the same rule, and offers no "Audit log" then.
    expect(canReadAuditTrail(admin.principal as UserPrincipal)).toBe(false);
    await expect(listAuditLogs(admin, query)).rejects.toThrow(ForbiddenError);
  });
});
