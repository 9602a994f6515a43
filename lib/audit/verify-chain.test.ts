import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DatabaseHandle, rowsOf } from "@/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { systemContext, withTransaction } from "@/lib/context";
import { createTestDatabase, usingPostgres } from "@/lib/testing/database";
import { verifyAuditChain } from "./verify-chain";

let handle: DatabaseHandle;
beforeEach(async () => {
  handle = await createTestDatabase();
});
afterEach(async () => handle?.close());

async function write(n: number) {
  for (let i = 0; i < n; i++)
    await recordAudit(systemContext(handle.db), { action: "test.event", targetType: "thing", targetId: i, metadata: { i, note: "ünïcode ✓" } });
}

/** Tampering as someone with the database's keys would: around the append-only triggers. */
async function tamper(statement: ReturnType<typeof sql>) {
  await handle.db.execute(sql`alter table audit_logs disable trigger user`);
  await handle.db.execute(statement);
  await handle.db.execute(sql`alter table audit_logs enable trigger user`);
}

describe("the audit hash chain", () => {
  it("links every row to the one before and verifies a clean trail", async () => {
    await write(12);
    const rows = rowsOf<{ chain_seq: string; prev_hash: string; hash: string }>(
      await handle.db.execute(sql`select chain_seq, prev_hash, hash from audit_logs order by chain_seq`),
    );
    expect(rows.map((r) => Number(r.chain_seq))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, checked: 12, head_seq: 12, problem: null });
  });

  it("takes a rolled-back transaction's links with it", async () => {
    await write(2);
    await expect(
      withTransaction(systemContext(handle.db), async (tx) => {
        await recordAudit(tx, { action: "test.rolled_back" });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    await write(1);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, checked: 3 });
  });

  it("reports the first altered row", async () => {
    await write(5);
    await tamper(sql`update audit_logs set metadata = '{"i": 99}' where chain_seq = 3`);
    expect((await verifyAuditChain(handle.db)).problem).toMatchObject({ kind: "altered", chain_seq: 3 });
  });

  it("reports a removed row, and removed last rows", async () => {
    await write(5);
    await tamper(sql`delete from audit_logs where chain_seq = 2`);
    expect((await verifyAuditChain(handle.db)).problem).toMatchObject({ kind: "removed", chain_seq: 3 });

    await handle.close();
    handle = await createTestDatabase();
    await write(5);
    await tamper(sql`delete from audit_logs where chain_seq = 5`);
    expect((await verifyAuditChain(handle.db)).problem).toMatchObject({ kind: "removed", chain_seq: 5 });
  });

  it("reports a row slipped in around the trigger, and one forged into the sequence", async () => {
    await write(3);
    await tamper(sql`insert into audit_logs (actor_type, action) values ('system', 'forged')`);
    expect((await verifyAuditChain(handle.db)).problem).toMatchObject({ kind: "unchained" });

    await handle.close();
    handle = await createTestDatabase();
    await write(3);
    // A forger who renumbers the last row and links a fake one in its place still breaks a link.
    await tamper(sql`update audit_logs set chain_seq = 4 where chain_seq = 3`);
    await tamper(
      sql`insert into audit_logs (actor_type, action, chain_seq, prev_hash, hash) select 'system', 'forged', 3, hash, hash from audit_logs where chain_seq = 2`,
    );
    const report = await verifyAuditChain(handle.db);
    expect(report.ok).toBe(false);
    expect(report.problem?.chain_seq).toBe(3);
  });

  it.runIf(usingPostgres())("chains rows written by many connections at once without a gap or a fork", async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        withTransaction(systemContext(handle.db), (tx) => recordAudit(tx, { action: "test.concurrent", metadata: { i } })),
      ),
    );
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, checked: 40, head_seq: 40, problem: null });
  });
});
