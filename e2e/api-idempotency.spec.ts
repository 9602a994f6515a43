// Idempotency-Key on POST /api/v1/tenants, black-box: replays, key reuse with another body, and two
// requests racing with one key.
import { expect, test } from "@playwright/test";
import { accessToken, bearer, expectProblem, uniqueSlug, uniqueTag } from "./helpers";

let token: string;
test.beforeAll(async ({ request }) => {
  token = await accessToken(request);
});

async function tenantsWithSlug(request: Parameters<typeof accessToken>[0], slug: string): Promise<number> {
  const page = await (await request.get(`/api/v1/tenants?q=${slug}`, { headers: bearer(token) })).json();
  return page.total;
}

test("[API][IDEMPOTENCY]: the same key and body replay the first response without a second tenant", async ({ request }) => {
  const key = `e2e-${uniqueTag()}`;
  const data = { name: "Replay Co", slug: uniqueSlug("replay") };

  const first = await request.post("/api/v1/tenants", { headers: { ...bearer(token), "idempotency-key": key }, data });
  expect(first.status()).toBe(201);
  expect(first.headers()["idempotent-replayed"]).toBeUndefined();
  const created = await first.json();

  for (let i = 0; i < 2; i++) {
    const again = await request.post("/api/v1/tenants", { headers: { ...bearer(token), "idempotency-key": key }, data });
    expect(again.status()).toBe(201);
    expect(again.headers()["idempotent-replayed"]).toBe("true");
    expect(again.headers()["content-type"]).toContain("application/json");
    expect(await again.json()).toEqual(created);
  }
  expect(await tenantsWithSlug(request, data.slug)).toBe(1);

  // Without the key the same body is a new request, refused because the slug is now taken.
  await expectProblem(await request.post("/api/v1/tenants", { headers: bearer(token), data }), 409, "Tenant slug already exists");
});

test("[API][IDEMPOTENCY]: a refusal by the service is replayed too", async ({ request }) => {
  const slug = uniqueSlug("refused");
  expect((await request.post("/api/v1/tenants", { headers: bearer(token), data: { name: "Holder", slug } })).status()).toBe(201);

  const key = `e2e-${uniqueTag()}`;
  const data = { name: "Latecomer", slug };
  const first = await request.post("/api/v1/tenants", { headers: { ...bearer(token), "idempotency-key": key }, data });
  const problem = await expectProblem(first, 409, "Tenant slug already exists");

  const again = await request.post("/api/v1/tenants", { headers: { ...bearer(token), "idempotency-key": key }, data });
  expect(await expectProblem(again, 409)).toEqual(problem);
  expect(again.headers()["idempotent-replayed"]).toBe("true");
});

test("[API][IDEMPOTENCY]: a body refused by validation does not use up the key", async ({ request }) => {
  // As with Stripe: nothing ran, so nothing is recorded, and the corrected request may use the key.
  const key = `e2e-${uniqueTag()}`;
  const slug = uniqueSlug("fixed");
  const invalid = await request.post("/api/v1/tenants", {
    headers: { ...bearer(token), "idempotency-key": key },
    data: { name: "Fixed Co", slug: "Not A Slug" },
  });
  await expectProblem(invalid, 400);

  const corrected = await request.post("/api/v1/tenants", {
    headers: { ...bearer(token), "idempotency-key": key },
    data: { name: "Fixed Co", slug },
  });
  expect(corrected.status(), await corrected.text()).toBe(201);
  expect(corrected.headers()["idempotent-replayed"]).toBeUndefined();
});

test("[API][IDEMPOTENCY]: the same key with another body is a 422", async ({ request }) => {
  const key = `e2e-${uniqueTag()}`;
  const first = { name: "Key Owner", slug: uniqueSlug("keyown") };
  const other = { name: "Key Thief", slug: uniqueSlug("keythief") };

  expect((await request.post("/api/v1/tenants", { headers: { ...bearer(token), "idempotency-key": key }, data: first })).status()).toBe(201);
  const reused = await request.post("/api/v1/tenants", { headers: { ...bearer(token), "idempotency-key": key }, data: other });
  const problem = await expectProblem(reused, 422, "This Idempotency-Key was already used with a different request.");
  expect(problem.title).toBe("Unprocessable Content");
  expect(await tenantsWithSlug(request, other.slug)).toBe(0);
});

test("[API][IDEMPOTENCY]: a key longer than 255 characters is a 400", async ({ request }) => {
  const data = { name: "Long Key Co", slug: uniqueSlug("longkey") };
  const response = await request.post("/api/v1/tenants", { headers: { ...bearer(token), "idempotency-key": "k".repeat(256) }, data });
  const problem = await expectProblem(response, 400);
  expect(problem.errors?.["Idempotency-Key"]).toBeDefined();
  expect(await tenantsWithSlug(request, data.slug)).toBe(0);
});

test("[API][IDEMPOTENCY]: two concurrent requests with one key create one tenant", async ({ request }) => {
  const key = `e2e-${uniqueTag()}`;
  const data = { name: "Race Co", slug: uniqueSlug("race") };
  const send = () => request.post("/api/v1/tenants", { headers: { ...bearer(token), "idempotency-key": key }, data });

  const responses = await Promise.all([send(), send()]);

  // The key is claimed by an insert in the request's own transaction, so exactly one request runs; the
  // other's claim waits for that transaction to commit, then finds the answer stored with the tenant and
  // replays it. What must never happen is two 201s that each created a tenant.
  const fresh = responses.filter((r) => r.headers()["idempotent-replayed"] === undefined);
  expect(fresh, "exactly one request ran").toHaveLength(1);
  expect(fresh[0].status()).toBe(201);
  const created = await fresh[0].json();
  const [other] = responses.filter((r) => r !== fresh[0]);
  expect(other.status()).toBe(201);
  expect(other.headers()["idempotent-replayed"]).toBe("true");
  expect(await other.json()).toEqual(created);
  expect(await tenantsWithSlug(request, data.slug)).toBe(1);

  // Once the first has finished, a retry with the key replays it.
  const retry = await send();
  expect(retry.status()).toBe(201);
  expect(retry.headers()["idempotent-replayed"]).toBe("true");
  expect(await retry.json()).toEqual(created);
});
