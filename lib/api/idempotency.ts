// Idempotency-Key handling for mutating requests, exactly once through a crash: the key's claim, the
// request's change and its stored answer are written by one transaction (runIdempotently in route.ts), so
// no crash leaves one without the others. The claim is an insert on the key's primary key, which decides
// between concurrent requests on any number of instances: a second request with the key waits for the
// first's transaction to end, then replays what it committed (or, if it rolled back, runs itself).
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { ConflictError, IdempotencyKeyReusedError, ValidationError } from "@/lib/errors";
import { authSecret } from "@/lib/config";
import { DAY_MS } from "@/lib/time";
import type { Rendered } from "./dialects";

export const IDEMPOTENCY_TTL_MS = DAY_MS;

/** A keyed request: whose key (the principal's scope), the key, and the request's keyed fingerprint. */
export interface KeyedRequest {
  scope: string;
  key: string;
  fingerprint: string;
}

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

const byKey = (request: KeyedRequest) => and(eq(idempotencyKeys.scope, request.scope), eq(idempotencyKeys.key, request.key));

/**
 * Claims the key inside the request's transaction, or finds the answer stored for it. The row stays
 * invisible to others until that transaction commits, with the answer in it; an expired row is taken over.
 */
export async function claimIdempotencyKey(tx: Db, request: KeyedRequest): Promise<Claim> {
  const { scope, key, fingerprint } = request;
  const [claimed] = await tx
    .insert(idempotencyKeys)
    .values({ scope, key, requestHash: fingerprint })
    .onConflictDoUpdate({
      target: [idempotencyKeys.scope, idempotencyKeys.key],
      set: {
        requestHash: fingerprint,
        state: "in_progress",
        responseStatus: null,
        responseBody: null,
        responseContentType: null,
        createdAt: sql`now()`,
      },
      setWhere: sql`${idempotencyKeys.createdAt} < now() - make_interval(secs => ${IDEMPOTENCY_TTL_MS / 1000})`,
    })
    .returning({ key: idempotencyKeys.key });
  if (claimed) return { kind: "claimed" };

  // The conflicting row is committed, and now locked by this transaction (ON CONFLICT DO UPDATE locks it
  // even when it updates nothing), so it is there to read.
  const [existing] = await tx.select().from(idempotencyKeys).where(byKey(request));
  if (existing.requestHash !== fingerprint) throw new IdempotencyKeyReusedError();
  // Committed without an answer: only a version that stored the answer apart from the change did that. Its
  // request may have made its change before it died, so the key is never run again; it expires.
  if (existing.state === "in_progress") throw new ConflictError("A request with this Idempotency-Key is still being processed. Retry later.");
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

/** Stores the answer for replays, in the transaction that claimed the key and made the change. */
export async function storeIdempotentAnswer(tx: Db, request: KeyedRequest, rendered: Rendered): Promise<void> {
  const { scope, key } = request;
  await tx
    .update(idempotencyKeys)
    .set({
      state: "completed",
      responseStatus: rendered.status,
      responseBody: seal(scope, key, rendered.body),
      responseContentType: rendered.contentType,
    })
    .where(byKey(request));
}

/** Gives the key up within the claiming transaction: the answer is not for replaying (a 429: retry later). */
export async function releaseIdempotencyKey(tx: Db, request: KeyedRequest): Promise<void> {
  await tx.delete(idempotencyKeys).where(byKey(request));
}

export async function purgeExpiredIdempotencyKeys(db: Db): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(Date.now() - IDEMPOTENCY_TTL_MS)));
}
