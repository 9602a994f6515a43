// The route wrapper end to end, without an HTTP server: real route handlers, real NextRequests,
// a fresh database installed as the process database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq, sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import * as tenants from "@/app/api/v1/tenants/route";
import * as tenant from "@/app/api/v1/tenants/[id]/route";
import * as apiTokens from "@/app/api/v1/api-tokens/route";
import * as apiToken from "@/app/api/v1/api-tokens/[id]/route";
import * as authToken from "@/app/api/v1/auth/token/route";
import { type DatabaseHandle, rowsOf } from "@/db/client";
import { organizations, users, type User } from "@/db/schema";
import { authSecret } from "@/lib/config";
import { installTestDatabase, usingPostgres } from "@/lib/testing/database";
import { TEST_PASSWORD, addAgencyMember, createAgency, createUser, unique } from "@/lib/testing/factories";

const ORIGIN = "http://localhost:3000";
const SESSION_COOKIE = "next-auth.session-token";

type Handler = (req: NextRequest, segment: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface Call {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  params?: Record<string, string>;
}

interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function call(handler: Handler, path: string, { method = "GET", headers = {}, body, params = {} }: Call = {}): Promise<Answer> {
  const req = new NextRequest(`${ORIGIN}${path}`, {
    method,
    headers: { host: "localhost:3000", ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  const answer = { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  // Every answer, success or failure, carries the request id for support requests.
  expect(res.headers.get("x-request-id")).toBeTruthy();
  return answer;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function accessTokenFor(user: User): Promise<string> {
  const res = await call(authToken.POST, "/api/v1/auth/token", { method: "POST", body: { email: user.email, password: TEST_PASSWORD } });
  expect(res.status).toBe(200);
  return res.body.access_token;
}

async function sessionCookieFor(user: User): Promise<string> {
  const value = await encode({ token: { sub: String(user.id) }, secret: authSecret() });
  return `${SESSION_COOKIE}=${value}`;
}

async function tenantsWithSlug(slug: string): Promise<number> {
  const [{ n }] = await handle.db.select({ n: count() }).from(organizations).where(eq(organizations.slug, slug));
  return n;
}

async function idempotencyRowsContaining(text: string): Promise<number> {
  const result = await handle.db.execute(sql`select count(*)::int as n from idempotency_keys where strpos(response_body::text, ${text}) > 0`);
  return rowsOf<{ n: number }>(result)[0].n;
}

let handle: DatabaseHandle;
// Hashing is slow: one superadmin and one agency admin serve every test that does not sign in anew.
let admin: User;
let adminToken: string;
let agencyAdmin: User;

beforeAll(async () => {
  handle = await installTestDatabase();
  admin = await createUser(handle.db, { isSuperadmin: true });
  agencyAdmin = await createUser(handle.db);
  await addAgencyMember(handle.db, (await createAgency(handle.db)).id, agencyAdmin.id);
  adminToken = await accessTokenFor(admin);
});
afterAll(async () => handle?.close());

describe("authentication", () => {
  it("refuses a request without credentials with a 401 problem", async () => {
    const res = await call(tenants.GET, "/api/v1/tenants");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body).toEqual({ type: "about:blank", title: "Unauthorized", status: 401, detail: "Authentication required" });
  });

  it("issues an access token for an email and password", async () => {
    const res = await call(authToken.POST, "/api/v1/auth/token", { method: "POST", body: { email: admin.email, password: TEST_PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 3600 });
  });

  it("refuses a wrong password at the token route", async () => {
    const res = await call(authToken.POST, "/api/v1/auth/token", { method: "POST", body: { email: admin.email, password: "wrong password" } });
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe("The email or password is incorrect.");
    expect(res.body).not.toHaveProperty("access_token");
  });

  it("accepts the access token with the Bearer and with the JWT scheme", async () => {
    for (const authorization of [`Bearer ${adminToken}`, `JWT ${adminToken}`, `bearer ${adminToken}`]) {
      const res = await call(tenants.GET, "/api/v1/tenants", { headers: { authorization } });
      expect(res.status, authorization.split(" ")[0]).toBe(200);
      expect(res.body).toMatchObject({ data: expect.any(Array), limit: 50, offset: 0 });
    }
  });

  it("accepts a personal API token, which the token's owner sees in the list", async () => {
    const created = await call(apiTokens.POST, "/api/v1/api-tokens", { method: "POST", headers: bearer(adminToken), body: { name: "ci" } });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^cpt_/);
    const listed = await call(apiTokens.GET, "/api/v1/api-tokens", { headers: bearer(created.body.token) });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((t: { id: number }) => t.id)).toContain(created.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
  });

  it("refuses a revoked personal token", async () => {
    const created = await call(apiTokens.POST, "/api/v1/api-tokens", { method: "POST", headers: bearer(adminToken), body: { name: "revoke me" } });
    const token: string = created.body.token;
    expect((await call(tenants.GET, "/api/v1/tenants", { headers: bearer(token) })).status).toBe(200);

    const revoked = await call(apiToken.DELETE, `/api/v1/api-tokens/${created.body.id}`, {
      method: "DELETE",
      headers: bearer(adminToken),
      params: { id: String(created.body.id) },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).not.toBeNull();

    const res = await call(tenants.GET, "/api/v1/tenants", { headers: bearer(token) });
    expect(res.status).toBe(401);
  });

  it("refuses an access token of a user disabled since it was issued", async () => {
    const user = await createUser(handle.db, { isSuperadmin: true });
    const token = await accessTokenFor(user);
    await handle.db.update(users).set({ status: "disabled" }).where(eq(users.id, user.id));
    expect((await call(tenants.GET, "/api/v1/tenants", { headers: bearer(token) })).status).toBe(401);
  });

  it.each(["Basic YWRtaW46cGFzc3dvcmQ=", "Bearer", "Bearer two words", "Token abc", "Bearer not-a-token"])(
    "answers %j with 401, without falling back to a valid session cookie",
    async (authorization) => {
      const res = await call(tenants.GET, "/api/v1/tenants", { headers: { authorization, cookie: await sessionCookieFor(admin) } });
      expect(res.status).toBe(401);
      expect(res.body.title).toBe("Unauthorized");
    },
  );

  it("accepts the console's session cookie for a read", async () => {
    const res = await call(tenants.GET, "/api/v1/tenants", { headers: { cookie: await sessionCookieFor(admin) } });
    expect(res.status).toBe(200);
  });

  it("refuses a session cookie that was not signed with our secret", async () => {
    const forged = await encode({ token: { sub: String(admin.id) }, secret: "someone-elses-secret-0123456789" });
    const res = await call(tenants.GET, "/api/v1/tenants", { headers: { cookie: `${SESSION_COOKIE}=${forged}` } });
    expect(res.status).toBe(401);
  });
});

describe("cookie-authenticated mutations", () => {
  it("refuses a mutation with the session cookie from another origin, and creates nothing", async () => {
    const slug = unique("csrf");
    const cookie = await sessionCookieFor(admin);
    const attempts: Record<string, string>[] = [{ cookie, origin: "https://evil.example" }, { cookie, "sec-fetch-site": "cross-site" }, { cookie }];
    for (const headers of attempts) {
      const res = await call(tenants.POST, "/api/v1/tenants", { method: "POST", headers, body: { name: "CSRF", slug } });
      expect(res.status).toBe(403);
      expect(res.body.detail).toBe("Cross-origin requests with the session cookie are not allowed.");
    }
    expect(await tenantsWithSlug(slug)).toBe(0);
  });

  it("accepts a mutation with the session cookie from the console's own origin", async () => {
    const slug = unique("console");
    const res = await call(tenants.POST, "/api/v1/tenants", {
      method: "POST",
      headers: { cookie: await sessionCookieFor(admin), origin: ORIGIN },
      body: { name: "From the console", slug },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: "From the console", slug, status: "active" });
    expect(await tenantsWithSlug(slug)).toBe(1);
  });

  it("accepts a bearer-authenticated mutation from any origin (no cookie, no CSRF risk)", async () => {
    const slug = unique("script");
    const res = await call(tenants.POST, "/api/v1/tenants", {
      method: "POST",
      headers: { ...bearer(adminToken), origin: "https://tools.example" },
      body: { name: "From a script", slug },
    });
    expect(res.status).toBe(201);
  });
});

describe("requests and answers", () => {
  it("echoes a sane x-request-id and replaces a hostile one", async () => {
    const kept = await call(tenants.GET, "/api/v1/tenants", { headers: { "x-request-id": "trace-0123456789" } });
    expect(kept.headers.get("x-request-id")).toBe("trace-0123456789");
    const replaced = await call(tenants.GET, "/api/v1/tenants", { headers: { "x-request-id": "<script>alert(1)</script>" } });
    expect(replaced.headers.get("x-request-id")).not.toContain("<");
  });

  it("answers invalid input with a 400 problem carrying the field errors", async () => {
    const res = await call(tenants.POST, "/api/v1/tenants", { method: "POST", headers: bearer(adminToken), body: { name: "", slug: "My Page" } });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body).toEqual({
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      detail: "The name field is required. (and 1 more error)",
      errors: { name: ["The name field is required."], slug: ["The slug field format is invalid."] },
    });
  });

  it("answers a body that is not JSON with a 400", async () => {
    const res = await call(tenants.POST, "/api/v1/tenants", { method: "POST", headers: bearer(adminToken), body: "{not json" });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe("Invalid request body format");
  });

  it("answers a taken slug with a 409", async () => {
    const slug = unique("taken");
    expect((await call(tenants.POST, "/api/v1/tenants", { method: "POST", headers: bearer(adminToken), body: { name: "A", slug } })).status).toBe(
      201,
    );
    const res = await call(tenants.POST, "/api/v1/tenants", { method: "POST", headers: bearer(adminToken), body: { name: "B", slug } });
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe("Tenant slug already exists");
  });

  it("reads one tenant, and answers 404 for an id that is not a uuid or does not exist", async () => {
    const created = await call(tenants.POST, "/api/v1/tenants", {
      method: "POST",
      headers: bearer(adminToken),
      body: { name: "Read me", slug: unique("read") },
    });
    const found = await call(tenant.GET, `/api/v1/tenants/${created.body.id}`, { headers: bearer(adminToken), params: { id: created.body.id } });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: created.body.id, name: "Read me", admin_id: null });

    for (const id of ["not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      const res = await call(tenant.GET, `/api/v1/tenants/${id}`, { headers: bearer(adminToken), params: { id } });
      expect(res.status).toBe(404);
      expect(res.body.detail).toBe("Tenant not found");
    }
  });

  it("hides another agency's tenant behind a 404", async () => {
    const created = await call(tenants.POST, "/api/v1/tenants", {
      method: "POST",
      headers: bearer(adminToken),
      body: { name: "Platform's", slug: unique("hidden") },
    });
    const res = await call(tenant.GET, `/api/v1/tenants/${created.body.id}`, {
      headers: bearer(await accessTokenFor(agencyAdmin)),
      params: { id: created.body.id },
    });
    expect(res.status).toBe(404);
  });
});

describe("Idempotency-Key", () => {
  const post = (key: string, body: unknown, token = adminToken) =>
    call(tenants.POST, "/api/v1/tenants", { method: "POST", headers: { ...bearer(token), "idempotency-key": key }, body });

  it("replays the stored answer for a retry with the same key and body, creating one tenant", async () => {
    const key = unique("key");
    const body = { name: "Once", slug: unique("once") };
    const first = await post(key, body);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();

    const retry = await post(key, body);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await tenantsWithSlug(body.slug)).toBe(1);
  });

  it("replays a service's error answer too", async () => {
    const slug = unique("taken");
    expect((await post(unique("key"), { name: "Owner", slug })).status).toBe(201);
    const key = unique("key");
    const first = await post(key, { name: "Late", slug });
    expect(first.status).toBe(409);
    const retry = await post(key, { name: "Late", slug });
    expect(retry.status).toBe(409);
    expect(retry.headers.get("content-type")).toBe("application/problem+json");
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
  });

  it("stores nothing for input that fails validation, so the key can be used with a corrected body", async () => {
    const key = unique("key");
    expect((await post(key, { name: "", slug: "x" })).status).toBe(400);
    const corrected = await post(key, { name: "Fixed", slug: unique("fixed") });
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get("idempotent-replayed")).toBeNull();
  });

  it("refuses the same key with another body with a 422", async () => {
    const key = unique("key");
    const slug = unique("first");
    expect((await post(key, { name: "First", slug })).status).toBe(201);
    const other = await post(key, { name: "Second", slug: unique("second") });
    expect(other.status).toBe(422);
    expect(other.headers.get("content-type")).toBe("application/problem+json");
    expect(other.body.detail).toBe("This Idempotency-Key was already used with a different request.");
  });

  it("keeps keys apart per principal: another user's same key runs anew", async () => {
    const key = unique("key");
    expect((await post(key, { name: "Admin's", slug: unique("mine") })).status).toBe(201);
    const theirs = await post(key, { name: "Agency's", slug: unique("theirs") }, await accessTokenFor(agencyAdmin));
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
  });

  // A token route's answer is the secret itself: stored responses are sealed with a key derived from
  // the Idempotency-Key, so the table never holds a token in clear text.
  it("never stores a personal token's text when it was created with an Idempotency-Key", async () => {
    const created = await call(apiTokens.POST, "/api/v1/api-tokens", {
      method: "POST",
      headers: { ...bearer(adminToken), "idempotency-key": unique("key") },
      body: { name: "with a key" },
    });
    expect(created.status).toBe(201);
    expect(await idempotencyRowsContaining(created.body.token)).toBe(0);
  });

  it("never stores an access token when one was issued with an Idempotency-Key", async () => {
    const issued = await call(authToken.POST, "/api/v1/auth/token", {
      method: "POST",
      headers: { "idempotency-key": unique("key") },
      body: { email: admin.email, password: TEST_PASSWORD },
    });
    expect(issued.status).toBe(200);
    expect(await idempotencyRowsContaining(issued.body.access_token)).toBe(0);
  });

  // The key's claim is an insert inside the request's transaction: on PostgreSQL the second request's
  // insert waits on the first's until it commits, on PGlite the second transaction waits for the first
  // (one connection). Either way the second finds the answer committed with the tenant, and replays it.
  it(`creates exactly one tenant for two concurrent requests with one key, and the other replays it (${usingPostgres() ? "PostgreSQL" : "PGlite"})`, async () => {
    const key = unique("key");
    const body = { name: "Concurrent", slug: unique("concurrent") };
    const answers = await Promise.all([post(key, body), post(key, body)]);

    expect(await tenantsWithSlug(body.slug)).toBe(1);
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(answers.map((a) => a.headers.get("idempotent-replayed")).sort()).toEqual([null, "true"].sort());
    expect(answers[0].body).toEqual(answers[1].body);
  });
});
