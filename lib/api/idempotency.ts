// Idempotency-Key handling for mutating requests. The key is claimed with an insert (the primary key
// decides between concurrent requests, on any number of instances), then completed with the response.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { ConflictError, IdempotencyKeyReusedError, ValidationError } from "@/lib/errors";
import { authSecret } from "@/lib/config";
import type { Rendered } from "./dialects";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
// A request still "in progress" after this long died mid-way; its key may be claimed again.
const STALE_IN_PROGRESS_MS = 5 * 60 * 1000;

export type Claim = { kind: "claimed" } | { kind: "replay"; rendered: Rendered };

/** Keyed, so that a stored fingerprint of a body with a password in it reveals nothing. */
export function requestFingerprint(method: string, path: string, body: string): string {
  return createHmac("sha256", authSecret()).update(`${method}\n${path}\n${body}`).digest("hex");
}

// Stored responses may hold secrets (a new API token, an access token). They are encrypted with a key
// derived from the Idempotency-Key itself, which only the client knows: the database alone cannot
// read them, and the client's retry can.
type SealedBody = { v: 1; iv: string; tag: string; data: string };

function sealingKey(scope: string, key: string): Buffer {
  return createHmac("sha256", authSecret()).update(`idempotency:${scope}:${key}`).digest();
}

function seal(scope: string, key: string, body: unknown): SealedBody {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(scope, key), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(body ?? null), "utf8"), cipher.final()]);
  return { v: 1, iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), data: data.toString("base64") };
}

function unseal(scope: string, key: string, sealed: SealedBody): unknown {
  const decipher = createDecipheriv("aes-256-gcm", sealingKey(scope, key), Buffer.from(sealed.iv, "base64"));
  decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
  const text = Buffer.concat([decipher.update(Buffer.from(sealed.data, "base64")), decipher.final()]).toString("utf8");
  return JSON.parse(text);
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
      body: unseal(scope, key, existing.responseBody as SealedBody),
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
    .set({ state: "completed", responseStatus: rendered.status, responseBody: seal(scope, key, rendered.body), responseContentType: rendered.contentType })
    .where(where);
}

export async function purgeExpiredIdempotencyKeys(db: Db): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(Date.now() - IDEMPOTENCY_TTL_MS)));
}
