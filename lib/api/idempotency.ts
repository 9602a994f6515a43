// Idempotency-Key handling for mutating requests. The key is claimed with an insert (the primary key
// decides between concurrent requests, on any number of instances), then completed with the response.
import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { ConflictError, IdempotencyKeyReusedError, ValidationError } from "@/lib/errors";
import type { Rendered } from "./dialects";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
// A request still "in progress" after this long died mid-way; its key may be claimed again.
const STALE_IN_PROGRESS_MS = 5 * 60 * 1000;

export type Claim = { kind: "claimed" } | { kind: "replay"; rendered: Rendered };

export function requestFingerprint(method: string, path: string, body: string): string {
  return createHash("sha256").update(`${method}\n${path}\n${body}`).digest("hex");
}

export function validateKey(key: string): void {
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key))
    throw new ValidationError({ "Idempotency-Key": ["The Idempotency-Key header must be 1-255 visible ASCII characters."] });
}

export async function claimIdempotencyKey(db: Db, scope: string, key: string, fingerprint: string): Promise<Claim> {
  validateKey(key);
  // Expired keys, and claims abandoned by a crashed request, make room for a new claim.
  await db
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.scope, scope),
        eq(idempotencyKeys.key, key),
        sql`(${idempotencyKeys.createdAt} < now() - make_interval(secs => ${IDEMPOTENCY_TTL_MS / 1000})
             or (${idempotencyKeys.state} = 'in_progress' and ${idempotencyKeys.createdAt} < now() - make_interval(secs => ${STALE_IN_PROGRESS_MS / 1000})))`,
      ),
    );
  const inserted = await db
    .insert(idempotencyKeys)
    .values({ scope, key, requestHash: fingerprint })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return { kind: "claimed" };

  const [existing] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (!existing) return claimIdempotencyKey(db, scope, key, fingerprint); // removed meanwhile: try again
  if (existing.requestHash !== fingerprint) throw new IdempotencyKeyReusedError();
  if (existing.state === "in_progress")
    throw new ConflictError("A request with this Idempotency-Key is still being processed. Retry later.");
  return {
    kind: "replay",
    rendered: {
      status: existing.responseStatus ?? 200,
      body: existing.responseBody,
      contentType: existing.responseContentType ?? "application/json",
      headers: { "idempotent-replayed": "true" },
    },
  };
}

/** Stores the response for replays; a server error releases the key so that a retry runs again. */
export async function completeIdempotencyKey(db: Db, scope: string, key: string, rendered: Rendered): Promise<void> {
  const where = and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key));
  if (rendered.status >= 500) {
    await db.delete(idempotencyKeys).where(where);
    return;
  }
  await db
    .update(idempotencyKeys)
    .set({ state: "completed", responseStatus: rendered.status, responseBody: rendered.body ?? null, responseContentType: rendered.contentType })
    .where(where);
}

export async function purgeExpiredIdempotencyKeys(db: Db): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(Date.now() - IDEMPOTENCY_TTL_MS)));
}
