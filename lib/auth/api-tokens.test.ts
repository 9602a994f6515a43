import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { apiTokens, auditLogs, users, type User } from "@/db/schema";
import { anonymous } from "@/lib/auth/principal";
import { InvalidStateError, NotFoundError, UnauthorizedError } from "@/lib/errors";
import { createTestDatabase } from "@/lib/testing/database";
import { contextFor, createUser, principalOf } from "@/lib/testing/factories";
import { createApiToken, listApiTokens, revokeApiToken } from "./api-tokens";
import { principalForBearer } from "./resolve-principal";
import { DAY_MS } from "@/lib/time";

let handle: DatabaseHandle;
let owner: User;
let other: User;
beforeAll(async () => {
  handle = await createTestDatabase();
  [owner, other] = [await createUser(handle.db), await createUser(handle.db)];
});
afterAll(async () => handle?.close());

async function ctxOf(user: User) {
  return contextFor(handle.db, await principalOf(handle.db, user));
}

async function rowOf(id: number) {
  const [row] = await handle.db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("createApiToken", () => {
  it("shows the token text once and stores only its SHA-256", async () => {
    const created = await createApiToken(await ctxOf(owner), { name: "deploy script" });
    expect(created.token).toMatch(/^cpt_[A-Za-z0-9_-]{40}$/);
    expect(created.prefix).toBe(created.token.slice(0, 12));
    expect(created).toMatchObject({ name: "deploy script", last_used_at: null, expires_at: null, revoked_at: null });

    const row = await rowOf(created.id);
    expect(row.tokenHash).toBe(sha256(created.token));
    expect(row.userId).toBe(owner.id);
    expect(JSON.stringify(row)).not.toContain(created.token);

    // The audit row names the token by its prefix, never by its text.
    const [audit] = await handle.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, "api_token.created"), eq(auditLogs.targetId, String(created.id))));
    expect(audit).toMatchObject({ actorUserId: owner.id, metadata: { name: "deploy script", prefix: created.prefix } });
    expect(JSON.stringify(audit)).not.toContain(created.token);
  });

  it("makes a different token every time", async () => {
    const ctx = await ctxOf(owner);
    const [a, b] = [await createApiToken(ctx, { name: "a" }), await createApiToken(ctx, { name: "b" })];
    expect(a.token).not.toBe(b.token);
  });

  it("sets the expiry from expires_in_days", async () => {
    const before = Date.now();
    const created = await createApiToken(await ctxOf(owner), { name: "month", expires_in_days: 30 });
    const expiresAt = new Date(created.expires_at!).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * DAY_MS);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 30 * DAY_MS);
  });

  it("refuses an anonymous caller", async () => {
    await expect(createApiToken(contextFor(handle.db, anonymous), { name: "x" })).rejects.toThrow(UnauthorizedError);
  });
});

describe("listApiTokens", () => {
  it("lists only the caller's own tokens, newest first, without their text", async () => {
    const lister = await createUser(handle.db);
    const ctx = await ctxOf(lister);
    const first = await createApiToken(ctx, { name: "first" });
    const second = await createApiToken(ctx, { name: "second" });
    await createApiToken(await ctxOf(other), { name: "not yours" });

    const page = await listApiTokens(ctx, { limit: 50, offset: 0 });
    expect(page.total).toBe(2);
    expect(page.data.map((t) => t.id)).toEqual([second.id, first.id]);
    expect(JSON.stringify(page)).not.toContain(first.token);
    expect(page.data[0]).not.toHaveProperty("token");
    expect(page.data[0]).not.toHaveProperty("tokenHash");
  });
});

describe("revokeApiToken", () => {
  it("revokes the caller's token and audits it", async () => {
    const ctx = await ctxOf(owner);
    const created = await createApiToken(ctx, { name: "to revoke" });
    const revoked = await revokeApiToken(ctx, { id: created.id });
    expect(revoked.revoked_at).not.toBeNull();
    expect((await rowOf(created.id)).revokedAt).not.toBeNull();
    const audits = await handle.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, "api_token.revoked"), eq(auditLogs.targetId, String(created.id))));
    expect(audits).toHaveLength(1);
  });

  it("answers NotFoundError for another user's token and leaves it working", async () => {
    const theirs = await createApiToken(await ctxOf(other), { name: "theirs" });
    await expect(revokeApiToken(await ctxOf(owner), { id: theirs.id })).rejects.toThrow(NotFoundError);
    expect((await rowOf(theirs.id)).revokedAt).toBeNull();
    expect(await principalForBearer(handle.db, theirs.token)).toMatchObject({ userId: other.id });
  });

  it("answers NotFoundError for a token that does not exist", async () => {
    await expect(revokeApiToken(await ctxOf(owner), { id: 2_000_000_000 })).rejects.toThrow(NotFoundError);
  });

  it("answers InvalidStateError when the token is already revoked", async () => {
    const ctx = await ctxOf(owner);
    const created = await createApiToken(ctx, { name: "twice" });
    await revokeApiToken(ctx, { id: created.id });
    await expect(revokeApiToken(ctx, { id: created.id })).rejects.toThrow(InvalidStateError);
  });
});

describe("principalForBearer with a personal token", () => {
  it("resolves a valid token to its owner, marked as a token principal", async () => {
    const created = await createApiToken(await ctxOf(owner), { name: "resolve" });
    const principal = await principalForBearer(handle.db, created.token);
    expect(principal).toMatchObject({ kind: "user", userId: owner.id, email: owner.email, via: "api_token", tokenId: created.id });
  });

  it("records when a token was last used", async () => {
    const created = await createApiToken(await ctxOf(owner), { name: "used" });
    expect((await rowOf(created.id)).lastUsedAt).toBeNull();
    const before = Date.now();
    await principalForBearer(handle.db, created.token);
    const lastUsedAt = (await rowOf(created.id)).lastUsedAt;
    expect(lastUsedAt).not.toBeNull();
    // Database and process clocks may differ by a little; a day-old value would not be "now".
    expect(Math.abs(lastUsedAt!.getTime() - before)).toBeLessThan(60_000);
  });

  it("no longer resolves an expired token", async () => {
    const created = await createApiToken(await ctxOf(owner), { name: "expiring", expires_in_days: 1 });
    expect(await principalForBearer(handle.db, created.token)).not.toBeNull();
    await handle.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, created.id));
    expect(await principalForBearer(handle.db, created.token)).toBeNull();
  });

  it("no longer resolves a revoked token", async () => {
    const ctx = await ctxOf(owner);
    const created = await createApiToken(ctx, { name: "revoked" });
    await revokeApiToken(ctx, { id: created.id });
    expect(await principalForBearer(handle.db, created.token)).toBeNull();
  });

  it("does not resolve a disabled user's token", async () => {
    const user = await createUser(handle.db);
    const created = await createApiToken(await ctxOf(user), { name: "disabled" });
    await handle.db.update(users).set({ status: "disabled" }).where(eq(users.id, user.id));
    expect(await principalForBearer(handle.db, created.token)).toBeNull();
  });

  it("does not resolve a made-up or altered token", async () => {
    const created = await createApiToken(await ctxOf(owner), { name: "altered" });
    const altered = created.token.slice(0, -1) + (created.token.endsWith("A") ? "B" : "A");
    expect(await principalForBearer(handle.db, altered)).toBeNull();
    expect(await principalForBearer(handle.db, "cpt_made-up")).toBeNull();
    // Its stored hash is not a credential either.
    expect(await principalForBearer(handle.db, sha256(created.token))).toBeNull();
  });
});
