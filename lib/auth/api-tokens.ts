// Personal API tokens: created by a signed-in user for scripts, shown once, stored as SHA-256.
import { createHash, randomBytes } from "node:crypto";
import { and, count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { apiTokens } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, requireUser, withTransaction } from "@/lib/context";
import { type TokenScope, tokenScopes } from "./principal";
import { InvalidStateError, NotFoundError } from "@/lib/errors";
import type { Page, PageRequest } from "@/lib/pagination";
import { DAY_MS } from "@/lib/time";

const TOKEN_PREFIX = "cpt_";
const PREFIX_SHOWN = TOKEN_PREFIX.length + 8;

export const CreateApiTokenInput = z.object({
  name: z.string().trim().min(1).max(100),
  expires_in_days: z.number().int().min(1).max(3650).nullish(),
  /** Leave empty for a token with all of the user's rights; ["usage"] limits it to usage reporting. */
  scopes: z.array(z.enum(tokenScopes)).max(tokenScopes.length).optional(),
});
export type CreateApiTokenInput = z.infer<typeof CreateApiTokenInput>;

export interface ApiTokenView {
  id: number;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  scopes: TokenScope[];
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function looksLikeApiToken(token: string): boolean {
  return token.startsWith(TOKEN_PREFIX);
}

function toView(row: typeof apiTokens.$inferSelect): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    expires_at: row.expiresAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
    scopes: row.scopes as TokenScope[],
  };
}

export async function createApiToken(ctx: ServiceContext, input: CreateApiTokenInput): Promise<ApiTokenView & { token: string }> {
  const user = requireUser(ctx);
  const token = TOKEN_PREFIX + randomBytes(30).toString("base64url");
  const expiresAt = input.expires_in_days ? new Date(Date.now() + input.expires_in_days * DAY_MS) : null;
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(apiTokens)
      .values({
        userId: user.userId,
        name: input.name,
        prefix: token.slice(0, PREFIX_SHOWN),
        tokenHash: hashApiToken(token),
        expiresAt,
        scopes: [...new Set(input.scopes ?? [])],
      })
      .returning();
    await recordAudit(tx, {
      action: "api_token.created",
      targetType: "api_token",
      targetId: row.id,
      metadata: { name: row.name, prefix: row.prefix, scopes: row.scopes },
    });
    return { ...toView(row), token };
  });
}

export async function listApiTokens(ctx: ServiceContext, page: PageRequest): Promise<Page<ApiTokenView>> {
  const user = requireUser(ctx);
  const mine = eq(apiTokens.userId, user.userId);
  const [rows, [{ total }]] = await Promise.all([
    ctx.db.select().from(apiTokens).where(mine).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id)).limit(page.limit).offset(page.offset),
    ctx.db.select({ total: count() }).from(apiTokens).where(mine),
  ]);
  return { data: rows.map(toView), total, limit: page.limit, offset: page.offset };
}

export async function revokeApiToken(ctx: ServiceContext, input: { id: number }): Promise<ApiTokenView> {
  const user = requireUser(ctx);
  return withTransaction(ctx, async (tx) => {
    // Another user's token answers 404, so ids cannot be probed.
    const [existing] = await tx.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, input.id), eq(apiTokens.userId, user.userId)))
      .for("update");
    if (!existing) throw new NotFoundError("API token not found");
    if (existing.revokedAt) throw new InvalidStateError("This API token is already revoked.");
    const [row] = await tx.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, existing.id)).returning();
    await recordAudit(tx, {
      action: "api_token.revoked",
      targetType: "api_token",
      targetId: row.id,
      metadata: { name: row.name, prefix: row.prefix, scopes: row.scopes },
    });
    return toView(row);
  });
}
