// Operational surface, black-box: readiness, the OpenAPI document, and request ids on every answer.
import { expect, test } from "@playwright/test";
import { accessToken, bearer, expectProblem, uniqueTag } from "./helpers";
import { onPostgres } from "./support";

test("[HEALTH][READ]: /api/health reports the database as ok", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({ status: "ok", database: { status: "ok", engine: onPostgres ? "postgres" : "pglite" } });
  expect(response.headers()["cache-control"]).toContain("no-store");

  const live = await request.get("/api/health/live");
  expect(live.status()).toBe(200);
  expect(await live.json()).toEqual({ ok: true });
});

test("[OPENAPI][READ]: /api/openapi.json is OpenAPI 3.1 and describes the tenants API", async ({ request }) => {
  const response = await request.get("/api/openapi.json");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  const doc = await response.json();
  expect(doc.openapi).toMatch(/^3\.1\./);
  expect(doc.info.title).toBeTruthy();

  const tenants = doc.paths["/api/v1/tenants"];
  expect(tenants.post).toBeDefined();
  expect(tenants.get).toBeDefined();
  expect(Object.keys(tenants.post.responses)).toEqual(expect.arrayContaining(["201", "400", "401", "409"]));
  expect(tenants.post.requestBody.content["application/json"].schema.required).toEqual(expect.arrayContaining(["name", "slug"]));
  expect(tenants.post.responses["400"].content["application/problem+json"]).toBeDefined();
  expect(doc.paths["/api/v1/tenants/{id}"].get).toBeDefined();
  expect(doc.paths["/api/v1/auth/token"].post).toBeDefined();
});

test("[API][REQUEST-ID]: every answer carries x-request-id, and a sane incoming one is echoed", async ({ request }) => {
  const token = await accessToken(request);
  const calls: [string, () => ReturnType<typeof request.get>][] = [];
  const sent = (id: string) => ({ "x-request-id": id });

  const mine = `e2e-trace.${uniqueTag()}:01`;
  calls.push(
    ["health", () => request.get("/api/health", { headers: sent(mine) })],
    ["list", () => request.get("/api/v1/tenants?limit=1", { headers: { ...bearer(token), ...sent(mine) } })],
    ["401", () => request.get("/api/v1/tenants", { headers: sent(mine) })],
    ["400", () => request.post("/api/v1/tenants", { headers: { ...bearer(token), ...sent(mine) }, data: {} })],
    ["404", () => request.get("/api/v1/tenants/not-an-id", { headers: { ...bearer(token), ...sent(mine) } })],
    ["login page", () => request.get("/login", { headers: sent(mine) })],
    ["unknown page", () => request.get(`/no-such-page-${uniqueTag()}`, { headers: sent(mine) })],
    ["redirect", () => request.get("/organizations", { headers: sent(mine), maxRedirects: 0 })],
  );
  for (const [what, call] of calls) {
    const response = await call();
    expect(response.headers()["x-request-id"], what).toBe(mine);
  }

  // Without one, or with one that is not a sane token, the server makes its own.
  const made = new Set<string>();
  for (const incoming of [undefined, "short", "has spaces in it", "x".repeat(129), 'quote"and<angle>']) {
    const response = await request.get("/api/v1/tenants", { headers: incoming === undefined ? {} : sent(incoming) });
    await expectProblem(response, 401);
    const id = response.headers()["x-request-id"];
    expect(id, String(incoming)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    made.add(id);
  }
  expect(made.size).toBe(5);
});
