// The first superadmin: created on start when no superadmin exists (from SUPERADMIN_EMAIL and
// SUPERADMIN_PASSWORD, or superadmin@example.com with a random password printed once).
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, withTransaction } from "@/lib/context";
import { findUserByEmail } from "./find-user-by-email";

export interface FirstSuperadmin {
  created: boolean;
  email: string;
  /** Only when this call generated it; never stored in clear. */
  generatedPassword?: string;
}

const FIRST_SUPERADMIN_LOCK_ID = 7_230_002;

/** Runs with a system context (no principal): it is the platform's own start-up step. */
export async function ensureFirstSuperadmin(ctx: ServiceContext, wanted: { email?: string; password?: string }): Promise<FirstSuperadmin> {
  return withTransaction(ctx, async (tx) => {
    // Several instances starting at once: one creates, the others see it.
    await tx.db.execute(sql`select pg_advisory_xact_lock(${FIRST_SUPERADMIN_LOCK_ID})`);
    const [existing] = await tx.db.select({ email: users.email }).from(users).where(eq(users.isSuperadmin, true)).limit(1);
    if (existing) return { created: false, email: existing.email };

    const email = (wanted.email ?? "superadmin@example.com").toLowerCase();
    const generatedPassword = wanted.password ? undefined : randomBytes(12).toString("base64url");
    const passwordHash = await hashPassword(wanted.password ?? generatedPassword!);
    const sameEmail = await findUserByEmail(tx.db, email);
    const [user] = sameEmail
      ? await tx.db
          .update(users)
          .set({ isSuperadmin: true, passwordHash, status: "active", updatedAt: new Date() })
          .where(eq(users.id, sameEmail.id))
          .returning()
      : await tx.db.insert(users).values({ email, name: "Superadmin", passwordHash, isSuperadmin: true }).returning();
    await recordAudit(tx, { action: "user.superadmin_created", targetType: "user", targetId: user.id, actorType: "system", actorLabel: "system" });
    return { created: true, email, generatedPassword };
  });
}
