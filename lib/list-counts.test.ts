// list_counts must equal a real count after any mix of inserts, moves and deletes, also concurrently.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase, rowsOf } from "@/db/client";
import { createTestDatabase, usingPostgres } from "@/lib/testing/database";
import { createAgency, createOrganizationRow, superadminContext, unique } from "@/lib/testing/factories";
import { countRegistrationsByStatus } from "@/lib/registrations/queries";
import { blockedOrDone } from "@/lib/testing/locks";
import { countFromListCounts } from "./list-counts";

let handle: DatabaseHandle & { url?: string };
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
    await handle.db.execute(
      sql`select owner, status, sum(n) as n from list_counts where list = 'organizations' group by owner, status having sum(n) <> 0`,
    ),
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
    expect(await countFromListCounts(handle.db, "organizations", { owners: [a.id] })).toBe(
      Object.entries(await realCounts())
        .filter(([k]) => k.startsWith(`${a.id}:`))
        .reduce((s, [, n]) => s + n, 0),
    );
  });

  it("counts a bulk insert and a bulk delete in one statement each", async () => {
    await handle.db.execute(
      sql`insert into organizations (name, slug, status) select 'Bulk ' || i, 'bulk-' || i || '-' || md5(random()::text), case when i % 3 = 0 then 'suspended' else 'active' end from generate_series(1, 300) i`,
    );
    expect(await keptCounts()).toEqual(await realCounts());
    await handle.db.execute(sql`delete from organizations where name like 'Bulk %' and status = 'suspended'`);
    expect(await keptCounts()).toEqual(await realCounts());
  });

  it("refuses TRUNCATE, which would make the totals drift", async () => {
    await expect(handle.db.execute(sql`truncate organizations cascade`)).rejects.toThrow();
  });

  // Opposite moves at once lock the two counter rows in one order, so they cannot deadlock.
  it.runIf(usingPostgres())("stays exact under concurrent opposite status changes (PostgreSQL)", async () => {
    const orgs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => createOrganizationRow(handle.db, { status: i % 2 ? "active" : "suspended" })),
    );
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

  // Each connection adds to its own shard of the counter (migration 0022): before, every creation held
  // the one (list, owner, status) row from its insert to its commit, and creations ran one at a time.
  it.runIf(usingPostgres())("lets creations on two connections proceed at once (PostgreSQL)", async () => {
    const connections = await twoConnectionsOnDifferentShards();
    try {
      const [first, second] = connections;
      let commitFirst!: () => void;
      const firstMayCommit = new Promise<void>((resolve) => (commitFirst = resolve));
      let firstInserted!: () => void;
      const firstHasInserted = new Promise<void>((resolve) => (firstInserted = resolve));
      const firstTransaction = first.db.transaction(async (tx) => {
        await tx.execute(sql`insert into organizations (name, slug, status) values ('Held open', ${`held-${Date.now()}`}, 'active')`);
        firstInserted();
        await firstMayCommit;
      });
      await firstHasInserted;
      const secondInsert = second.db.execute(
        sql`insert into organizations (name, slug, status) values ('Alongside', ${`alongside-${Date.now()}`}, 'active')`,
      );
      expect(await blockedOrDone(handle.db, secondInsert)).toBe("done");
      commitFirst();
      await firstTransaction;
      expect(await keptCounts()).toEqual(await realCounts());
    } finally {
      await Promise.all(connections.map((c) => c.close()));
    }
  });
});

describe("list_counts for registration requests", () => {
  // The console's status tabs and the navigation's pending badge read these counts: each status's count
  // is the sum of its shards, whichever connections the requests were made on.
  it.runIf(usingPostgres())("counts requests by status made on two connections, on two shards (PostgreSQL)", async () => {
    const connections = await twoConnectionsOnDifferentShards();
    try {
      for (const [i, connection] of connections.entries()) {
        for (const status of ["pending_approval", "pending_approval", "rejected"]) {
          const slug = unique(`shard${i}`);
          await connection.db.execute(sql`
            insert into registration_requests (email, password_hash, company_name, contact_name, desired_org_name, desired_org_slug, status)
            values (${`${slug}@example.test`}, 'x', 'Shard Co', 'S', 'Shard', ${slug}, ${status})`);
        }
      }
      const real = rowsOf<{ status: string; n: number }>(
        await handle.db.execute(sql`select status, count(*)::int as n from registration_requests group by status`),
      );
      const counts = await countRegistrationsByStatus(await superadminContext(handle.db));
      expect(counts).toEqual({ pending_approval: 0, approved: 0, rejected: 0, active: 0, ...Object.fromEntries(real.map((r) => [r.status, r.n])) });
      expect(counts.pending_approval).toBe(4);
    } finally {
      await Promise.all(connections.map((c) => c.close()));
    }
  });
});

/** Two single-connection handles whose backends write to different list_counts shards. */
async function twoConnectionsOnDifferentShards(): Promise<DatabaseHandle[]> {
  const opened: DatabaseHandle[] = [];
  const shards = new Map<number, DatabaseHandle>();
  while (shards.size < 2) {
    const connection = await openDatabase({ url: handle.url!, maxConnections: 1 });
    opened.push(connection);
    const [{ shard }] = rowsOf<{ shard: number }>(await connection.db.execute(sql`select list_counts_shard() as shard`));
    if (!shards.has(Number(shard))) shards.set(Number(shard), connection);
  }
  const chosen = [...shards.values()];
  await Promise.all(opened.filter((c) => !chosen.includes(c)).map((c) => c.close()));
  return chosen;
}
