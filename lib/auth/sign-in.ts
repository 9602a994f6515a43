// Checks an email and password, with a lock-out against guessing: more than MAX_FAILURES failed
// attempts for one email or one client ip within the window lock further attempts until it passes.
import { and, eq, gt, or, sql } from "drizzle-orm";
import { signInAttempts, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, withTransaction } from "@/lib/context";
import { RateLimitedError, UnauthorizedError } from "@/lib/errors";
import { findUserByEmail } from "@/lib/users/find-user-by-email";
import { verifyPassword } from "./password";

export const MAX_FAILURES = 10;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;

export const INVALID_CREDENTIALS = "The email or password is incorrect.";

export interface Credentials {
  email: string;
  password: string;
}

/** Returns the user, or throws UnauthorizedError / RateLimitedError. Every attempt is recorded and audited. */
export async function verifySignIn(ctx: ServiceContext, credentials: Credentials): Promise<User> {
  const email = credentials.email.trim().toLowerCase();
  const ip = ctx.ip ?? "unknown";

  const retryAfter = await lockoutRetryAfterSeconds(ctx, email, ip);
  if (retryAfter > 0) {
    throw new RateLimitedError(
      `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfter / 60)} minute${retryAfter > 60 ? "s" : ""}.`,
      retryAfter,
    );
  }

  const user = await findUserByEmail(ctx.db, email);
  const passwordOk = await verifyPassword(credentials.password, user?.passwordHash);
  const succeeded = Boolean(user && passwordOk && user.status === "active");

  // Recorded before answering: the failure must be committed even though we then throw.
  await withTransaction(ctx, async (tx) => {
    await tx.db.insert(signInAttempts).values({ email, ip, succeeded });
    await recordAudit(tx, {
      action: succeeded ? "auth.sign_in.succeeded" : "auth.sign_in.failed",
      targetType: "user",
      targetId: user?.id ?? null,
      actorUserId: user?.id ?? null,
      actorLabel: email,
      metadata: succeeded ? {} : { reason: !user ? "unknown_email" : user.status !== "active" ? "user_disabled" : "wrong_password" },
    });
  });

  if (!succeeded || !user) throw new UnauthorizedError(INVALID_CREDENTIALS);
  return user;
}

async function lockoutRetryAfterSeconds(ctx: ServiceContext, email: string, ip: string): Promise<number> {
  const since = new Date(Date.now() - LOCKOUT_WINDOW_MS);
  const counts = await ctx.db
    .select({
      byEmail: sql<number>`count(*) filter (where ${signInAttempts.email} = ${email})`.mapWith(Number),
      byIp: sql<number>`count(*) filter (where ${signInAttempts.ip} = ${ip})`.mapWith(Number),
      oldestEmail: sql<string | null>`min(${signInAttempts.attemptedAt}) filter (where ${signInAttempts.email} = ${email})`,
      oldestIp: sql<string | null>`min(${signInAttempts.attemptedAt}) filter (where ${signInAttempts.ip} = ${ip})`,
    })
    .from(signInAttempts)
    .where(
      and(eq(signInAttempts.succeeded, false), gt(signInAttempts.attemptedAt, since), or(eq(signInAttempts.email, email), eq(signInAttempts.ip, ip))),
    );
  const row = counts[0];
  if (!row) return 0;
  // The lock lifts when the oldest failure that keeps the count at the limit leaves the window;
  // approximated by the oldest failure in the window, which is never too early.
  const lockedUntil = (oldest: string | null) => (oldest ? new Date(oldest).getTime() + LOCKOUT_WINDOW_MS : 0);
  let until = 0;
  if (row.byEmail >= MAX_FAILURES) until = Math.max(until, lockedUntil(row.oldestEmail));
  if (row.byIp >= MAX_FAILURES) until = Math.max(until, lockedUntil(row.oldestIp));
  return until > Date.now() ? Math.ceil((until - Date.now()) / 1000) : 0;
}
