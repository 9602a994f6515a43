// An Idempotency-Key's request in one transaction (issue 8): the key's claim, the handler's change with its
// audit rows, and the stored answer commit together; a refusal is stored without the refused change, a 5xx
// leaves nothing, a 429 is not stored. Through the route wrapper, with handlers of its own and real routes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, like, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { z } from "zod";
import * as authToken from "@/app/api/v1/auth/token/route";
import * as addCreditsRoute from "@/app/api/tenants/organizations/[org_id]/credits/add/route";
import { type DatabaseHandle, rowsOf } from "@/db/client";
import { type User, auditLogs, creditLedgerEntries, idempotencyKeys, partnerGroups, signInAttempts } from "@/db/schema";
import { defineContract } from "@/lib/api/contract";
import { requestFingerprint } from "@/lib/api/idempotency";
import { Streamed, apiRoute } from "@/lib/api/route";
import { recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, requireUser, withTransaction } from "@/lib/context";
import { ConflictError, RateLimitedError } from "@/lib/errors";
import { installTestDatabase } from "@/lib/testing/database";
import { addAgencyMember, createAgency, createOrganizationRow, createUser, unique } from "@/lib/testing/factories";
import { type RouteHandler, personalTokenFor } from "@/lib/testing/route-client";

let handle: DatabaseHandle;
let superadmin: User;
let token: string;

beforeAll(async () => {
  handle = await installTestDatabase();
  superadmin = await createUser(handle.db, { isSuperadmin: true });
  token = await personalTokenFor(handle.db, superadmin);
});
afterAll(async () => handle?.close());

interface Answer {
  status: number;
  replayed: string | null;
  body: unknown;
}

async function post(
  handler: RouteHandler,
  path: string,
  key: string,
  body: unknown,
  bearer: string | null = token,
  params: Record<string, string> = {},
): Promise<Answer> {
  const headers: Record<string, string> = { host: "localhost:3000", "content-type": "application/json", "idempotency-key": key };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const res = await handler(new NextRequest(`http://localhost:3000${path}`, { method: "POST", headers, body: JSON.stringify(body) }), {
    params: Promise.resolve(params),
  });
  const text = await res.text();
  return { status: res.status, replayed: res.headers.get("idempotent-replayed"), body: text ? JSON.parse(text) : null };
}

/** A mutating test route whose handler gets the tag of its body. */
function route(handler: (ctx: ServiceContext, tag: string) => Promise<unknown>): RouteHandler {
  const contract = defineContract({
    method: "POST",
    path: "/api/tenants/test-idempotency",
    surface: "platform",
    summary: "test",
    tags: ["test"],
    auth: requireUser,
    body: z.object({ tag: z.string() }),
    successStatus: 201,
  });
  return apiRoute(contract, (ctx, { body }) => handler(ctx, body.tag));
}
const send = (handler: RouteHandler, key: string, tag: string) => post(handler, "/api/tenants/test-idempotency", key, { tag });

/** A change with its audit row, as a service makes it: a partner group named after the tag. */
async function createGroup(ctx: ServiceContext, name: string): Promise<void> {
  await withTransaction(ctx, async (tx) => {
    await tx.db.insert(partnerGroups).values({ name });
    await recordAudit(tx, { action: "test.group_created", metadata: { name } });
  });
}

async function groups(prefix: string): Promise<number> {
  const [{ n }] = await handle.db
    .select({ n: count() })
    .from(partnerGroups)
    .where(like(partnerGroups.name, `${prefix}%`));
  return n;
}

async function auditRows(prefix: string): Promise<number> {
  const [{ n }] = await handle.db
    .select({ n: count() })
    .from(auditLogs)
    .where(like(sql`${auditLogs.metadata}->>'name'`, `${prefix}%`));
  return n;
}

async function storedKeys(key: string): Promise<{ state: string; response_status: number | null }[]> {
  return rowsOf(await handle.db.execute(sql`select state, response_status from idempotency_keys where key = ${key}`));
}

describe("an Idempotency-Key's request in one transaction", () => {
  it("commits the change, its audit row and the answer together; the retry replays without running", async () => {
    let runs = 0;
    const handler = route(async (ctx, tag) => {
      runs++;
      await createGroup(ctx, tag);
      return { tag };
    });
    const key = unique("key");
    const tag = unique("g");
    expect(await send(handler, key, tag)).toEqual({ status: 201, replayed: null, body: { tag } });
    expect(await send(handler, key, tag)).toEqual({ status: 201, replayed: "true", body: { tag } });
    expect({ runs, groups: await groups(tag), audit: await auditRows(tag), keys: await storedKeys(key) }).toEqual({
      runs: 1,
      groups: 1,
      audit: 1,
      keys: [{ state: "completed", response_status: 201 }],
    });
  });

  it("stores a refusal without the refused change or its audit row", async () => {
    let runs = 0;
    const handler = route(async (ctx, tag) => {
      runs++;
      await withTransaction(ctx, async (tx) => {
        await createGroup(tx, tag);
        throw new ConflictError("Refused after writing.");
      });
    });
    const key = unique("key");
    const tag = unique("g");
    expect(await send(handler, key, tag)).toEqual({ status: 409, replayed: null, body: { message: "Refused after writing." } });
    expect(await send(handler, key, tag)).toEqual({ status: 409, replayed: "true", body: { message: "Refused after writing." } });
    expect({ runs, groups: await groups(tag), audit: await auditRows(tag) }).toEqual({ runs: 1, groups: 0, audit: 0 });
  });

  it("keeps what the handler completed before a refusal, as it would without a key", async () => {
    const handler = route(async (ctx, tag) => {
      await createGroup(ctx, `${tag}-kept`);
      await withTransaction(ctx, async (tx) => {
        await createGroup(tx, `${tag}-refused`);
        throw new ConflictError("The second is refused.");
      });
    });
    const tag = unique("g");
    expect((await send(handler, unique("key"), tag)).status).toBe(409);
    expect([await groups(`${tag}-kept`), await auditRows(`${tag}-kept`), await groups(`${tag}-refused`), await auditRows(`${tag}-refused`)]).toEqual([
      1, 1, 0, 0,
    ]);
  });

  it("stores the refusal that follows a failed statement, rolling back what the handler wrote", async () => {
    let runs = 0;
    const handler = route(async (ctx, tag) => {
      runs++;
      await recordAudit(ctx, { action: "test.before_failure", metadata: { name: tag } });
      await ctx.db.insert(partnerGroups).values({ name: tag });
      try {
        await ctx.db.insert(partnerGroups).values({ name: tag });
      } catch {
        throw new ConflictError("The name is taken.");
      }
    });
    const key = unique("key");
    const tag = unique("g");
    expect(await send(handler, key, tag)).toEqual({ status: 409, replayed: null, body: { message: "The name is taken." } });
    expect(await send(handler, key, tag)).toEqual({ status: 409, replayed: "true", body: { message: "The name is taken." } });
    expect({ runs, groups: await groups(tag), audit: await auditRows(tag) }).toEqual({ runs: 1, groups: 0, audit: 0 });
  });

  it("rolls back a 5xx whole: no change, no audit row, no stored answer; the retry runs anew", async () => {
    let runs = 0;
    const handler = route(async (ctx, tag) => {
      runs++;
      await createGroup(ctx, `${tag}-${runs}`);
      if (runs === 1) throw new Error("a bug");
      return { tag };
    });
    const key = unique("key");
    const tag = unique("g");
    expect(await send(handler, key, tag)).toEqual({ status: 500, replayed: null, body: { message: "Server Error" } });
    expect([await groups(tag), await auditRows(tag), (await storedKeys(key)).length]).toEqual([0, 0, 0]);
    expect(await send(handler, key, tag)).toEqual({ status: 201, replayed: null, body: { tag } });
    expect([runs, await groups(`${tag}-2`), await auditRows(`${tag}-2`)]).toEqual([2, 1, 1]);
  });

  it("does not store a 429: the retry runs once the limit allows it", async () => {
    let runs = 0;
    const handler = route(async (_ctx, tag) => {
      runs++;
      if (runs === 1) throw new RateLimitedError("Too many requests. Try again later.", 30);
      return { tag };
    });
    const key = unique("key");
    const tag = unique("g");
    expect((await send(handler, key, tag)).status).toBe(429);
    expect(await storedKeys(key)).toEqual([]);
    expect(await send(handler, key, tag)).toEqual({ status: 201, replayed: null, body: { tag } });
  });

  it("answers a streamed answer to a keyed mutation with a 500 and changes nothing (it cannot be stored)", async () => {
    const handler = route(async (ctx, tag) => {
      await createGroup(ctx, tag);
      return new Streamed(new Blob(["a,b\n"]).stream(), "text/csv");
    });
    const tag = unique("g");
    expect((await send(handler, unique("key"), tag)).status).toBe(500);
    expect([await groups(tag), await auditRows(tag)]).toEqual([0, 0]);
  });

  it("answers 409 for a key that an earlier version left in progress, and never runs it", async () => {
    // That version committed the claim before the change: its request may have made it before it died.
    let runs = 0;
    const handler = route(async (_ctx, tag) => {
      runs++;
      return { tag };
    });
    const key = unique("key");
    const tag = unique("g");
    const requestHash = requestFingerprint("POST", "/api/tenants/test-idempotency", JSON.stringify({ tag }));
    await handle.db.insert(idempotencyKeys).values({ scope: `user:${superadmin.id}`, key, requestHash, createdAt: new Date(Date.now() - 3_600_000) });
    expect(await send(handler, key, tag)).toEqual({
      status: 409,
      replayed: null,
      body: { message: "A request with this Idempotency-Key is still being processed. Retry later." },
    });
    expect(runs).toBe(0);
  });

  it("runs anew for a key whose stored answer has expired", async () => {
    const handler = route(async (_ctx, tag) => ({ tag }));
    const key = unique("key");
    const tag = unique("g");
    const requestHash = requestFingerprint("POST", "/api/tenants/test-idempotency", JSON.stringify({ tag }));
    await handle.db.insert(idempotencyKeys).values({
      scope: `user:${superadmin.id}`,
      key,
      requestHash: `${requestHash}-other`,
      state: "completed",
      responseStatus: 201,
      createdAt: new Date(Date.now() - 25 * 3_600_000),
    });
    expect(await send(handler, key, tag)).toEqual({ status: 201, replayed: null, body: { tag } });
    expect(await storedKeys(key)).toEqual([{ state: "completed", response_status: 201 }]);
  });

  it("still counts a failed sign-in sent with a key (the lock-out must see it), and replays its 401", async () => {
    const user = await createUser(handle.db);
    const key = unique("key");
    const wrong = { email: user.email, password: "not the password" };
    const first = await post(authToken.POST, "/api/v1/auth/token", key, wrong, null);
    expect(first).toMatchObject({ status: 401, replayed: null, body: { detail: "The email or password is incorrect." } });
    expect((await post(authToken.POST, "/api/v1/auth/token", key, wrong, null)).replayed).toBe("true");
    const [{ n }] = await handle.db
      .select({ n: count() })
      .from(signInAttempts)
      .where(and(eq(signInAttempts.email, user.email), eq(signInAttempts.succeeded, false)));
    const [{ audited }] = await handle.db
      .select({ audited: count() })
      .from(auditLogs)
      .where(and(eq(auditLogs.action, "auth.sign_in.failed"), eq(auditLogs.actorLabel, user.email)));
    expect([n, audited]).toEqual([1, 1]);
  });

  it("transfers credits once for a retried transfer, with one audit row", async () => {
    const agency = await createAgency(handle.db, { creditBalance: 500 });
    const org = await createOrganizationRow(handle.db, { agencyId: agency.id });
    const adminUser = await createUser(handle.db);
    await addAgencyMember(handle.db, agency.id, adminUser.id);
    const admin = await personalTokenFor(handle.db, adminUser);
    const key = unique("key");
    const transfer = () =>
      post(addCreditsRoute.POST, `/api/tenants/organizations/${org.id}/credits/add`, key, { amount: 40, reason: "once" }, admin, { org_id: org.id });
    const first = await transfer();
    expect(first).toMatchObject({ status: 201, replayed: null, body: { amount: 40, kind: "transfer", balance_after: 40 } });
    expect(await transfer()).toEqual({ ...first, replayed: "true" });
    const [{ entries }] = await handle.db
      .select({ entries: count() })
      .from(creditLedgerEntries)
      .where(eq(creditLedgerEntries.organizationId, org.id));
    const [{ audited }] = await handle.db
      .select({ audited: count() })
      .from(auditLogs)
      .where(and(eq(auditLogs.action, "credits.transferred"), eq(auditLogs.organizationId, org.id)));
    expect([entries, audited]).toEqual([1, 1]);
  });
});
