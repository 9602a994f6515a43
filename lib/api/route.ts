// The one route wrapper: request meta, principal, the route's guard, validation, idempotency, one
// service call, and the surface's rendering of the result or the error. Route files stay a few lines long.
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { lockedOutReason } from "@/lib/auth/principal";
import { flushAudit } from "@/lib/audit/record-audit";
import type { ServiceContext } from "@/lib/context";
import { ForbiddenError, MalformedRequestError, NotFoundError, ServiceError, UnauthorizedError } from "@/lib/errors";
import { log } from "@/lib/log";
import { parseInput } from "@/lib/validation";
import { authenticate, isSameOriginRequest } from "./authenticate";
import type { RouteContract } from "./contract";
import { type Dialect, type Rendered, dialects } from "./dialects";
import { type KeyedRequest, claimIdempotencyKey, releaseIdempotencyKey, requestFingerprint, storeIdempotentAnswer, validateKey } from "./idempotency";
import { REQUEST_ID_HEADER, requestMeta } from "./request-meta";

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
}

/** The request is passed for what only the surface knows (its own origin for links); services never see it. */
type Handler<P, Q, B> = (ctx: ServiceContext, input: RouteInput<P, Q, B>, req: NextRequest) => Promise<unknown>;
type NextHandler = (req: NextRequest, segment: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** A handler's answer with response headers of its own (Cache-Control and Vary of a cacheable read). */
export class WithHeaders {
  constructor(
    readonly body: unknown,
    readonly headers: Record<string, string>,
  ) {}
}

/**
 * A handler's answer streamed as it is produced (an export), in a content type of its own. The
 * handler checks everything that can fail before returning it, so errors still get the dialect.
 */
export class Streamed {
  constructor(
    readonly stream: ReadableStream<Uint8Array>,
    readonly contentType: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function apiRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  contract: RouteContract<P, Q, B, R>,
  handler: Handler<P, Q, B>,
): NextHandler {
  const dialect = dialects[contract.surface];
  return async (req, segment) => {
    const started = performance.now();
    const meta = requestMeta(req.headers);
    let rendered: Rendered;
    try {
      rendered = await handle(req, segment, contract, dialect, handler, meta);
    } catch (err) {
      if (!(err instanceof ServiceError))
        log.error("unhandled error", { request_id: meta.requestId, method: req.method, path: req.nextUrl.pathname, error: err });
      rendered = dialect.error(err, contract.failureDetail);
    }
    log.info("request", {
      request_id: meta.requestId,
      method: req.method,
      path: req.nextUrl.pathname,
      status: rendered.status,
      ms: Math.round(performance.now() - started),
    });
    return toResponse(rendered, meta.requestId);
  };
}

async function handle<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  req: NextRequest,
  segment: { params: Promise<Record<string, string | string[]>> },
  contract: RouteContract<P, Q, B, R>,
  dialect: Dialect,
  handler: Handler<P, Q, B>,
  meta: ReturnType<typeof requestMeta>,
): Promise<Rendered> {
  const db = await getDb();
  const principal = await authenticate(req, db);
  if (contract.auth !== "public" && principal.kind === "anonymous") throw new UnauthorizedError();
  const lockedOut = principal.kind === "user" ? lockedOutReason(principal) : null;
  if (lockedOut) throw new ForbiddenError(lockedOut);
  const scopes = principal.kind === "user" ? (principal.tokenScopes ?? []) : [];
  if (scopes.length > 0 && !scopes.some((s) => contract.tokenScopes?.includes(s)))
    throw new ForbiddenError(`This API token is limited to ${scopes.join(", ")} and cannot be used here.`);
  const mutating = MUTATING.has(req.method);
  if (mutating && principal.kind === "user" && principal.via === "session" && !isSameOriginRequest(req))
    throw new ForbiddenError("Cross-origin requests with the session cookie are not allowed.");
  const ctx: ServiceContext = { principal, db, requestId: meta.requestId, ip: meta.ip, userAgent: meta.userAgent };
  // Who may use the route at all, before its input is judged: a refused caller learns nothing of it.
  if (contract.auth !== "public") contract.auth(ctx);

  const params = await parseParams(contract.params, await segment.params, contract.notFound);
  const query = contract.query ? parseInput(contract.query, Object.fromEntries(req.nextUrl.searchParams)) : undefined;
  const rawBody = contract.body ? await req.text() : "";
  const body = contract.body ? parseInput(contract.body, parseBody(rawBody, req.headers.get("content-type"))) : undefined;

  const input = { params, query, body } as RouteInput<P, Q, B>;
  const run = async (runCtx: ServiceContext) => {
    const result = await handler(runCtx, input, req);
    if (result instanceof Streamed)
      return { status: contract.successStatus ?? 200, body: result.stream, contentType: result.contentType, headers: result.headers };
    if (!(result instanceof WithHeaders)) return dialect.success(result, contract.successStatus ?? 200);
    const rendered = dialect.success(result.body, contract.successStatus ?? 200);
    return { ...rendered, headers: { ...rendered.headers, ...result.headers } };
  };

  const key = req.headers.get("idempotency-key");
  if (!mutating || key === null) return run(ctx);
  validateKey(key);
  const keyed = { scope: scopeOf(ctx, meta.ip), key, fingerprint: requestFingerprint(req.method, req.nextUrl.pathname, rawBody) };
  return runIdempotently(ctx, keyed, run, (err) => dialect.error(err, contract.failureDetail));
}

type Run = (ctx: ServiceContext) => Promise<Rendered>;
type RenderError = (err: unknown) => Rendered;

/**
 * A mutating request with an Idempotency-Key, exactly once through crashes: the key's claim, the handler's
 * change (its services nest in this transaction, their audit rows written just before the commit) and the
 * stored answer commit together or not at all. A concurrent request with the key waits on the claim until
 * this transaction ends, then replays its answer. A 5xx rolls everything back: nothing changed, nothing
 * stored, the retry runs anew. A 429 is not stored either: its retry must run once the window has passed.
 */
async function runIdempotently(ctx: ServiceContext, keyed: KeyedRequest, run: Run, renderError: RenderError): Promise<Rendered> {
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const claim = await claimIdempotencyKey(db, keyed);
    if (claim.kind === "replay") return claim.rendered;
    const request: ServiceContext = { ...ctx, db, pendingAudit: [] };
    const rendered = await answerBehindSavepoint(request, run, renderError);
    if (rendered.status === 429) await releaseIdempotencyKey(db, keyed);
    else await storeIdempotentAnswer(db, keyed, rendered);
    await flushAudit(request);
    return rendered;
  });
}

/**
 * The handler's answer, run behind a savepoint of the request's transaction. Its services nest in that
 * transaction (each withTransaction a savepoint) rather than join it, so a refusal (a ServiceError) behaves
 * as it would without a key: what the refused service call did is undone by its own savepoint, what the
 * handler meant to keep with the refusal stays (a failed sign-in counted, a rate limit's hit, a domain
 * check's outcome), and the refusal is the stored answer. Any other error rolls the savepoint back and
 * propagates, taking the whole transaction with it. A streamed answer cannot be stored: an error too.
 */
async function answerBehindSavepoint(ctx: ServiceContext, run: Run, renderError: RenderError): Promise<Rendered> {
  let refusal: ServiceError | undefined;
  try {
    return await ctx.db.transaction(async (sp) => {
      try {
        const rendered = await run({ ...ctx, db: sp as unknown as Db });
        if (rendered.body instanceof ReadableStream) {
          await rendered.body.cancel();
          throw new Error("A streamed answer cannot be stored for an Idempotency-Key replay");
        }
        return rendered;
      } catch (err) {
        if (!(err instanceof ServiceError)) throw err;
        refusal = err;
        return renderError(err);
      }
    });
  } catch (err) {
    if (!refusal) throw err;
    // The refusal followed a failed statement of the handler's own (a unique violation turned into a 409),
    // which left the savepoint to be rolled back rather than released: its audit rows go with it.
    ctx.pendingAudit?.splice(0);
    return renderError(refusal);
  }
}

function scopeOf(ctx: ServiceContext, ip: string | null): string {
  const p = ctx.principal;
  return p.kind === "user" ? `user:${p.userId}` : `ip:${ip ?? "unknown"}`;
}

/** A path parameter that does not parse names nothing: 404, not a validation error. */
async function parseParams(schema: z.ZodType | undefined, raw: Record<string, string | string[]>, notFound?: string) {
  if (!schema) return undefined;
  const result = schema.safeParse(raw);
  if (!result.success) throw new NotFoundError(notFound);
  return result.data;
}

function parseBody(raw: string, contentType: string | null): unknown {
  if (contentType?.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  if (raw.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new MalformedRequestError();
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new MalformedRequestError();
  return value;
}

function toResponse(rendered: Rendered, requestId: string): Response {
  const headers = new Headers({
    "content-type": rendered.contentType,
    [REQUEST_ID_HEADER]: requestId,
    "cache-control": "no-store",
    ...rendered.headers,
  });
  if (rendered.body instanceof ReadableStream) return new Response(rendered.body, { status: rendered.status, headers });
  const payload = rendered.status === 204 || rendered.body === undefined ? null : JSON.stringify(rendered.body);
  return new Response(payload, { status: rendered.status, headers });
}
