import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { DatabaseHandle, Db } from "@/db/client";
import { auditLogs } from "@/db/schema";
import { systemContext, withTransaction } from "@/lib/context";
import { createTestDatabase } from "@/lib/testing/database";
import { contextFor, createUser, principalOf, unique } from "@/lib/testing/factories";
import { recordAudit } from "./record-audit";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle?.close());

async function rowsWithAction(action: string) {
  return handle.db.select().from(auditLogs).where(eq(auditLogs.action, action));
}

async function writeOne() {
  const action = unique("test.append_only");
  await recordAudit(systemContext(handle.db), { action, actorType: "system", metadata: { n: 1 } });
  const [row] = await rowsWithAction(action);
  return row;
}

describe("recordAudit", () => {
  it("writes the principal, the request's id, ip and user agent with the entry", async () => {
    const user = await createUser(handle.db);
    const ctx = contextFor(handle.db, await principalOf(handle.db, user), { ip: "192.0.2.9", userAgent: "curl/8" });
    const action = unique("test.written");
    await recordAudit(ctx, { action, targetType: "organization", targetId: 42, metadata: { reason: "test" } });
    const [row] = await rowsWithAction(action);
    expect(row).toMatchObject({
      actorType: "user",
      actorUserId: user.id,
      actorLabel: user.email,
      targetType: "organization",
      targetId: "42",
      metadata: { reason: "test" },
      ip: "192.0.2.9",
      userAgent: "curl/8",
      requestId: ctx.requestId,
    });
  });
});

/** The database's message for a refused statement (drizzle wraps the driver's error in `cause`). */
async function refusal(statement: ReturnType<typeof sql>): Promise<string> {
  const err = await handle.db.execute(statement).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "the statement should have been refused").not.toBeNull();
  return [String(err), String((err as { cause?: unknown }).cause)].join(" ");
}

describe("the audit trail is append-only in the database itself", () => {
  it("refuses UPDATE", async () => {
    const row = await writeOne();
    expect(await refusal(sql`update audit_logs set action = 'tampered' where id = ${row.id}`)).toContain(
      "audit_logs is append-only: UPDATE is not allowed",
    );
    expect(await refusal(sql`update audit_logs set metadata = '{}'::jsonb`)).toContain("append-only");
    const [after] = await handle.db.select().from(auditLogs).where(eq(auditLogs.id, row.id));
    expect(after).toEqual(row);
  });

  it("refuses DELETE", async () => {
    const row = await writeOne();
    expect(await refusal(sql`delete from audit_logs where id = ${row.id}`)).toContain("audit_logs is append-only: DELETE is not allowed");
    expect(await refusal(sql`delete from audit_logs`)).toContain("append-only");
    expect(await handle.db.select().from(auditLogs).where(eq(auditLogs.id, row.id))).toHaveLength(1);
  });

  it("refuses TRUNCATE", async () => {
    const row = await writeOne();
    expect(await refusal(sql`truncate audit_logs`)).toContain("audit_logs is append-only: TRUNCATE is not allowed");
    expect(await handle.db.select().from(auditLogs).where(eq(auditLogs.id, row.id))).toHaveLength(1);
  });
});

describe("audit rows and transactions", () => {
  it("keeps a row written in a transaction that commits", async () => {
    const action = unique("test.committed");
    await withTransaction(systemContext(handle.db), (tx) => recordAudit(tx, { action, actorType: "system" }));
    expect(await rowsWithAction(action)).toHaveLength(1);
  });

  it("has no row written in a transaction that rolls back", async () => {
    const action = unique("test.rolled_back");
    const failure = new Error("the change failed after its audit row was written");
    await expect(
      withTransaction(systemContext(handle.db), async (tx) => {
        await recordAudit(tx, { action, actorType: "system" });
        // Inside the transaction the row waits for the commit (it takes the chain's lock last)...
        expect(tx.pendingAudit).toHaveLength(1);
        expect(await tx.db.select().from(auditLogs).where(eq(auditLogs.action, action))).toHaveLength(0);
        throw failure;
      }),
    ).rejects.toBe(failure);
    // ...and once it rolled back, it never was.
    expect(await rowsWithAction(action)).toHaveLength(0);
  });

  it("joins the caller's open transaction, so it rolls back with it", async () => {
    const action = unique("test.nested");
    await expect(
      handle.db.transaction(async (tx) => {
        const ctx = { ...systemContext(tx as unknown as Db), inTransaction: true };
        await withTransaction(ctx, (inner) => recordAudit(inner, { action, actorType: "system" }));
        throw new Error("outer change failed");
      }),
    ).rejects.toThrow("outer change failed");
    expect(await rowsWithAction(action)).toHaveLength(0);
  });
});
