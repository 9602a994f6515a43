// The first superadmin: created on start when no superadmin exists (from SUPERADMIN_EMAIL and
// SUPERADMIN_PASSWORD, or superadmin@example.com with a random password printed once).
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record-audit";
import { systemContext } from "@/lib/context";
import type { Db } from "./client";
import { users } from "./schema";

export interface SuperadminSeed {
  created: boolean;
  email: string;
  /** Only when this call generated it; never stored in clear. */
  generatedPassword?: string;
}

const SEED_LOCK_ID = 7_230_002;

export async function ensureSuperadmin(db: Db, wanted: { email?: string; password?: string }): Promise<SuperadminSeed> {
  return db.transaction(async (tx) => {
    // Several instances starting at once: one creates, the others see it.
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_ID})`);
    const [existing] = await tx.select({ email: users.email }).from(users).where(eq(users.isSuperadmin, true)).limit(1);
    if (existing) return { created: false, email: existing.email };

    const email = (wanted.email ?? "superadmin@example.com").toLowerCase();
    const generatedPassword = wanted.password ? undefined : randomBytes(12).toString("base64url");
    const passwordHash = await hashPassword(wanted.password ?? generatedPassword!);
    const [sameEmail] = await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email));
    const [user] = sameEmail
      ? await tx.update(users).set({ isSuperadmin: true, passwordHash, status: "active" }).where(eq(users.id, sameEmail.id)).returning()
      : await tx.insert(users).values({ email, name: "Superadmin", passwordHash, isSuperadmin: true }).returning();
    await recordAudit(systemContext(tx as unknown as Db), { action: "user.superadmin_created", targetType: "user", targetId: user.id, actorType: "system", actorLabel: "system" });
    return { created: true, email, generatedPassword };
  });
}
