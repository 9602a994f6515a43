import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { auditLogs, users } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { systemContext } from "@/lib/context";
import { createTestDatabase } from "@/lib/testing/database";
import { createUser } from "@/lib/testing/factories";
import { ensureFirstSuperadmin } from "./first-superadmin";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle?.close());

/**
 * ensureFirstSuperadmin acts only while no superadmin exists: each test starts from that state by
 * demoting the superadmins earlier tests made (one migrated database is cheaper than three).
 */
async function databaseWithoutSuperadmin() {
  await handle.db.update(users).set({ isSuperadmin: false }).where(eq(users.isSuperadmin, true));
  return handle.db;
}

describe("ensureFirstSuperadmin", () => {
  it("creates one superadmin with a generated password that signs in, then creates nothing more", async () => {
    const db = await databaseWithoutSuperadmin();
    const seeded = await ensureFirstSuperadmin(systemContext(db), {});
    expect(seeded).toMatchObject({ created: true, email: "superadmin@example.com" });
    expect(seeded.generatedPassword).toMatch(/^[A-Za-z0-9_-]{16,}$/);

    const [admin] = await db.select().from(users).where(eq(users.isSuperadmin, true));
    expect(admin).toMatchObject({ email: "superadmin@example.com", status: "active" });
    expect(admin.passwordHash).not.toContain(seeded.generatedPassword);
    expect(await verifyPassword(seeded.generatedPassword!, admin.passwordHash)).toBe(true);
    expect(await verifyPassword("not the password", admin.passwordHash)).toBe(false);

    const audits = await db
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.targetId, String(admin.id)));
    expect(audits).toEqual([expect.objectContaining({ action: "user.superadmin_created", actorType: "system", targetType: "user" })]);

    // A restart: the superadmin exists, so nothing is created and no password is generated.
    const again = await ensureFirstSuperadmin(systemContext(db), {});
    expect(again).toEqual({ created: false, email: "superadmin@example.com" });
    expect(await db.select().from(users).where(eq(users.isSuperadmin, true))).toHaveLength(1);
    expect(
      await db
        .select()
        .from(auditLogs)
        .where(eq(auditLogs.targetId, String(admin.id))),
    ).toHaveLength(1);
  });

  it("honors a given email and password, and does not replace the superadmin when they change", async () => {
    const db = await databaseWithoutSuperadmin();
    const seeded = await ensureFirstSuperadmin(systemContext(db), { email: "Root@Example.Test", password: "a given password" });
    expect(seeded).toEqual({ created: true, email: "root@example.test", generatedPassword: undefined });

    const [admin] = await db.select().from(users).where(eq(users.isSuperadmin, true));
    expect(admin.email).toBe("root@example.test");
    expect(await verifyPassword("a given password", admin.passwordHash)).toBe(true);

    const later = await ensureFirstSuperadmin(systemContext(db), { email: "other@example.test", password: "another password" });
    expect(later).toEqual({ created: false, email: "root@example.test" });
    expect(await db.select().from(users).where(eq(users.isSuperadmin, true))).toHaveLength(1);
  });

  it("promotes an existing user with the given email instead of creating a second account", async () => {
    const db = await databaseWithoutSuperadmin();
    const existing = await createUser(db, { email: "ops@example.test", status: "disabled" });
    const seeded = await ensureFirstSuperadmin(systemContext(db), { email: "OPS@example.test", password: "the ops password" });
    expect(seeded.created).toBe(true);

    const matching = await db.select().from(users).where(eq(users.email, "ops@example.test"));
    expect(matching).toHaveLength(1);
    expect(matching[0]).toMatchObject({ id: existing.id, isSuperadmin: true, status: "active" });
    expect(await verifyPassword("the ops password", matching[0].passwordHash)).toBe(true);
  });
});
