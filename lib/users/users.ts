// Users: the superadmin's directory (to find an agency owner) and invitations with a one-time
// set-password link, of which only the SHA-256 is stored.
import { createHash, randomBytes } from "node:crypto";
import { and, count, desc, eq, gt, ilike, isNull, or } from "drizzle-orm";
import { z } from "zod";
import { passwordSetTokens, users, type User } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, requireSuperadmin, withTransaction } from "@/lib/context";
import { ValidationError, uniqueViolation } from "@/lib/errors";
import { PageQuery, type Page } from "@/lib/pagination";
import { Email } from "@/lib/validation";
import { EMAIL_TAKEN, findUserByEmail } from "./find-user-by-email";

export const SET_PASSWORD_LINK_TTL_HOURS = 72;
const LINK_INVALID = "This link is invalid, expired or already used. Ask your administrator for a new one.";

export const ListUsersQuery = PageQuery.extend({ q: z.string().trim().max(100).optional() });
export const CreateUserInput = z.object({
  email: Email,
  name: z.string().trim().min(1).max(255),
  password: z.string().min(8).max(200).optional(),
});
export type CreateUserInput = z.infer<typeof CreateUserInput>;
export const SetPasswordInput = z.object({ token: z.string().min(10).max(200), password: z.string().min(8).max(200) });

export const UserView = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  is_superadmin: z.boolean(),
  status: z.string(),
  created_at: z.string(),
});

export function toUserView(u: User): z.infer<typeof UserView> {
  return { id: u.id, email: u.email, name: u.name, is_superadmin: u.isSuperadmin, status: u.status, created_at: u.createdAt.toISOString() };
}

function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function listUsers(ctx: ServiceContext, query: z.infer<typeof ListUsersQuery>): Promise<Page<User>> {
  requireSuperadmin(ctx);
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = pattern ? or(ilike(users.email, pattern), ilike(users.name, pattern)) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    ctx.db.select().from(users).where(where).orderBy(desc(users.createdAt), desc(users.id)).limit(query.limit).offset(query.offset),
    ctx.db.select({ total: count() }).from(users).where(where),
  ]);
  return { data: rows, total, limit: query.limit, offset: query.offset };
}

/**
 * Creates a user. Without a password, a set-password link is made and returned once (its path:
 * the caller knows its own origin); the user cannot sign in until they set one through it.
 */
export async function createUser(ctx: ServiceContext, input: CreateUserInput): Promise<{ user: User; setPasswordPath: string | null }> {
  requireSuperadmin(ctx);
  const email = input.email.toLowerCase();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    return await withTransaction(ctx, async (tx) => {
      if (await findUserByEmail(tx.db, email)) throw new ValidationError({ email: [EMAIL_TAKEN] });
      const [user] = await tx.db.insert(users).values({ email, name: input.name, passwordHash }).returning();
      let setPasswordPath: string | null = null;
      if (!passwordHash) {
        const token = randomBytes(32).toString("base64url");
        await tx.db.insert(passwordSetTokens).values({
          userId: user.id,
          tokenHash: hashLinkToken(token),
          expiresAt: new Date(Date.now() + SET_PASSWORD_LINK_TTL_HOURS * 3_600_000),
        });
        setPasswordPath = `/set-password?token=${token}`;
      }
      await recordAudit(tx, { action: "user.created", targetType: "user", targetId: user.id, metadata: { email, invited: !passwordHash } });
      return { user, setPasswordPath };
    });
  } catch (err) {
    if (uniqueViolation(err) === "users_email_lower_key") throw new ValidationError({ email: [EMAIL_TAKEN] });
    throw err;
  }
}

/** Public: sets the password through a one-time link; the link is spent in the same transaction. */
export async function setPasswordWithLink(ctx: ServiceContext, input: z.infer<typeof SetPasswordInput>): Promise<{ email: string }> {
  const passwordHash = await hashPassword(input.password);
  return withTransaction(ctx, async (tx) => {
    const [link] = await tx.db
      .select()
      .from(passwordSetTokens)
      .where(
        and(
          eq(passwordSetTokens.tokenHash, hashLinkToken(input.token)),
          isNull(passwordSetTokens.usedAt),
          gt(passwordSetTokens.expiresAt, new Date()),
        ),
      )
      .for("update");
    if (!link) throw new ValidationError({ token: [LINK_INVALID] });
    await tx.db.update(passwordSetTokens).set({ usedAt: new Date() }).where(eq(passwordSetTokens.id, link.id));
    const [user] = await tx.db.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, link.userId)).returning();
    await recordAudit(tx, { action: "user.password_set", targetType: "user", targetId: user.id, actorUserId: user.id, actorLabel: user.email });
    return { email: user.email };
  });
}
