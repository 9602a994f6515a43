// list_counts must equal a real count after any mix of inserts, moves and deletes, also concurrently.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, rowsOf } from "@/db/client";
import { createTestDatabase, usingPostgres } from "@/lib/testing/database";
import { createAgency, createOrganizationRow } from "@/lib/testing/factories";
import { countFromListCounts } from "./list-counts";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase({ maxConnections: 8 });
});
afterAll(async () => handle?.close());

async function realCounts() {
  const rows = rowsOf<{ owner: number; status: string; n: number }>(
    await handle.db.execute(sql`select coalesce(agency_id, 0) as owner, status, count(*)::int as n from organizations group by 1, 2`),
  );
  return Object.fromEntries(rows.map((r) => [`${r.owner}:${r.status}`, Number(r.n)]));
}

async function keptCounts() {
  const rows = rowsOf<{ owner: number; status: string; n: string | number }>(
    await handle.db.execute(sql`select owner, status, n from list_counts where list = 'organizations' and n <> 0`),
  );
  return Object.fromEntries(rows.map((r) => [`${r.owner}:${r.status}`, Number(r.n)]));
}

describe("list_counts for organizations", () => {
  it("follows inserts, status changes, agency moves and deletes exactly", async () => {
    const [a, b] = [await createAgency(handle.db), await createAgency(handle.db)];
    const orgs = [];
    for (let i = 0; i < 6; i++) orgs.push(await createOrganizationRow(handle.db, { agencyId: i % 3 === 0 ? null : i % 3 === 1 ? a.id : b.id }));
    await handle.db.execute(sql`update organizations set status = 'suspended' where id = ${orgs[0].id}`);
    await handle.db.execute(sql`update organizations set agency_id = ${b.id}, status = 'cancelled' where id = ${orgs[1].id}`);
    await handle.db.execute(sql`update organizations set name = 'renamed' where id = ${orgs[2].id}`);
    await handle.db.execute(sql`delete from organizations where id = ${orgs[3].id}`);
    expect(await keptCounts()).toEqual(await realCounts());
    expect(await countFromListCounts(handle.db, "organizations", { owners: [a.id] })).toBe(Object.entries(await realCounts()).filter(([k]) => k.startsWith(`${a.id}:`)).reduce((s, [, n]) => s + n, 0));
  });

  it("counts a bulk insert and a bulk delete in one statement each", async () => {
    await handle.db.execute(sql`insert into organizations (name, slug, status) select 'Bulk ' || i, 'bulk-' || i || '-' || md5(random()::text), case when i % 3 = 0 then 'suspended' else 'active' end from generate_series(1, 300) i`);
    expect(await keptCounts()).toEqual(await realCounts());
    await handle.db.execute(sql`delete from organizations where name like 'Bulk %' and status = 'suspended'`);
    expect(await keptCounts()).toEqual(await realCounts());
  });

  it("refuses TRUNCATE, which would make the totals drift", async () => {
    await expect(handle.db.execute(sql`truncate organizations cascade`)).rejects.toThrow();
  });

  // Opposite moves at once lock the two counter rows in one order, so they cannot deadlock.
  it.runIf(usingPostgres())("stays exact under concurrent opposite status changes (PostgreSQL)", async () => {
    const orgs = await Promise.all(Array.from({ length: 20 }, (_, i) => createOrganizationRow(handle.db, { status: i % 2 ? "active" : "suspended" })));
    await Promise.all(
      orgs.map((org) =>
        handle.db.transaction(async (tx) => {
          await tx.execute(sql`update organizations set status = ${org.status === "active" ? "suspended" : "active"} where id = ${org.id}`);
          await tx.execute(sql`update organizations set status = ${org.status} where id = ${org.id}`);
        }),
      ),
    );
    expect(await keptCounts()).toEqual(await realCounts());
  });
});
