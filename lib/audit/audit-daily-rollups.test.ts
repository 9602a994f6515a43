// The daily rollups behind a superadmin's audit statistics: kept by the insert trigger in the writing
// transaction, they must give exactly what counting the trail gives, and a rebuild must agree with them.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as statsRoute from "@/app/api/tenants/audit-logs/stats/route";
import type { DatabaseHandle } from "@/db/client";
import { rowsOf } from "@/db/client";
import { auditLogs } from "@/db/schema";
import { countsFromTrail } from "@/lib/audit/audit-logs";
import { recordAudit } from "@/lib/audit/record-audit";
import { systemContext } from "@/lib/context";
import { installTestDatabase } from "@/lib/testing/database";
import { createOrganizationRow, createUser } from "@/lib/testing/factories";
import { callJsonRoute, personalTokenFor } from "@/lib/testing/route-client";
import { DAY_MS } from "@/lib/time";

let handle: DatabaseHandle;
let superadminToken: string;

const today = () => new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
/** Noon (UTC) n days ago, plus some minutes so that rows of one day differ. */
const daysAgo = (n: number, minutes = 0) => new Date(today().getTime() - n * DAY_MS + 12 * 3_600_000 + minutes * 60_000);

async function rollups() {
  const actions = rowsOf(await handle.db.execute(sql`select day::text, action, count::int from audit_daily_actions order by 1, 2`));
  const actors = rowsOf(
    await handle.db.execute(sql`select day::text, actor_user_id, actor_label, count::int from audit_daily_actors order by 1, 2 nulls first`),
  );
  const scopes = rowsOf(
    await handle.db.execute(sql`select organization_id, agency_id, count::int from audit_scope_counts order by 1 nulls first, 2 nulls first`),
  );
  return { actions, actors, scopes };
}

beforeAll(async () => {
  handle = await installTestDatabase();
  const superadmin = await createUser(handle.db, { isSuperadmin: true });
  superadminToken = await personalTokenFor(handle.db, superadmin);
  const org = await createOrganizationRow(handle.db);
  // One row per statement, as the services write them...
  for (const action of ["test.created", "test.created", "test.updated"])
    await recordAudit(systemContext(handle.db), { action, actorType: "system", organizationId: org.id });
  // ...and many rows in one statement, over several days and actors (labels differ for one actor).
  const row = (action: string, day: number, actorUserId: number | null, actorLabel: string | null, minutes = 0) => ({
    action,
    occurredAt: daysAgo(day, minutes),
    actorType: actorUserId === null ? ("system" as const) : ("user" as const),
    actorUserId,
    actorLabel,
  });
  await handle.db
    .insert(auditLogs)
    .values([
      row("test.created", 1, 7, "ann@example.test"),
      row("test.created", 1, 7, "ann@example.test", 5),
      row("test.deleted", 1, 8, "bob@example.test"),
      row("test.updated", 3, 7, "zoe@example.test"),
      row("test.updated", 3, null, null),
      row("test.created", 29, 9, "cy@example.test"),
      row("test.created", 30, 9, "cy@example.test"),
      row("test.created", 45, 8, "bob@example.test"),
    ]);
});

afterAll(async () => {
  await handle?.close();
});

describe("audit statistics from the daily rollups", () => {
  it.each([7, 30, 60])("give a superadmin for %i days what counting the trail gives", async (days) => {
    const res = await callJsonRoute(statsRoute.GET, `/api/tenants/audit-logs/stats?days=${days}`, { token: superadminToken });
    expect(res.status).toBe(200);
    const first = new Date(today().getTime() - (days - 1) * DAY_MS);
    const counted = await countsFromTrail(handle.db, undefined, first, today());
    expect(res.body.per_day).toEqual(counted.perDay.map((d) => ({ date: d.date, count: Number(d.count) })));
    expect(res.body.per_action).toEqual(counted.perAction.map((a) => ({ action: a.action, count: Number(a.count) })));
    expect(res.body.top_actors).toEqual(counted.actors.map((a) => ({ user_id: a.user_id, label: a.label, count: Number(a.count) })));
    expect(res.body.per_day).toHaveLength(days);
  });

  it("count what a user would count by hand", async () => {
    const res = await callJsonRoute(statsRoute.GET, "/api/tenants/audit-logs/stats?days=30", { token: superadminToken });
    const perDay = new Map(res.body.per_day.map((d: { date: string; count: number }) => [d.date, d.count]));
    const date = (n: number) => daysAgo(n).toISOString().slice(0, 10);
    expect(perDay.get(date(1))).toBe(3);
    expect(perDay.get(date(3))).toBe(2);
    expect(perDay.get(date(29))).toBe(1);
    // 30 and 45 days ago are outside the last 30 days (today is the 30th).
    expect(res.body.per_action.find((a: { action: string }) => a.action === "test.deleted")).toEqual({ action: "test.deleted", count: 1 });
    // One label per actor, the largest seen (as max(actor_label) over the trail gives).
    expect(res.body.top_actors).toContainEqual({ user_id: 7, label: "zoe@example.test", count: 3 });
    expect(res.body.top_actors).toContainEqual({ user_id: 9, label: "cy@example.test", count: 1 });
  });

  it("are what audit_rollups_rebuild() recounts from the trail", async () => {
    const kept = await rollups();
    expect(kept.actions.length).toBeGreaterThan(0);
    expect(kept.scopes.length).toBeGreaterThan(0);
    await handle.db.execute(sql`select audit_rollups_rebuild()`);
    expect(await rollups()).toEqual(kept);
  });
});
