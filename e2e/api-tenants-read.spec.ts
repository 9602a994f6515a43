// GET /api/v1/tenants and GET /api/v1/tenants/{id}, black-box: paging, the status filter, search, 404s.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { accessToken, bearer, createOrganizationOwner, createTenant, expectProblem, uniqueTag, type TenantV1 } from "./helpers";

let token: string;
test.beforeAll(async ({ request }) => {
  token = await accessToken(request);
});

/** Three tenants sharing a unique tag in their names and slugs, oldest first. */
async function seedThree(request: Parameters<typeof createTenant>[0]) {
  const tag = uniqueTag();
  const tenants: TenantV1[] = [];
  for (const n of [1, 2, 3]) tenants.push(await createTenant(request, token, { name: `Paging ${tag} Co ${n}`, slug: `pg-${tag}-${n}` }));
  return { tag, tenants };
}

test("[TENANTS][LIST]: limit and offset page through the tenants, newest first", async ({ request }) => {
  const { tag, tenants } = await seedThree(request);
  const newestFirst = tenants.map((t) => t.id).reverse();

  const first = await request.get(`/api/v1/tenants?q=${tag}&limit=2&offset=0`, { headers: bearer(token) });
  expect(first.status()).toBe(200);
  const firstPage = await first.json();
  expect(firstPage).toMatchObject({ total: 3, limit: 2, offset: 0 });
  const second = await (await request.get(`/api/v1/tenants?q=${tag}&limit=2&offset=2`, { headers: bearer(token) })).json();
  expect(second).toMatchObject({ total: 3, limit: 2, offset: 2 });
  expect([...firstPage.data, ...second.data].map((t: TenantV1) => t.id)).toEqual(newestFirst);

  const beyond = await (await request.get(`/api/v1/tenants?q=${tag}&offset=10`, { headers: bearer(token) })).json();
  expect(beyond).toMatchObject({ data: [], total: 3, offset: 10 });

  // Each item is the tenant's detail view.
  expect(Object.keys(firstPage.data[0]).sort()).toEqual(["admin_id", "created_at", "custom_domain", "id", "name", "slug", "status", "updated_at"]);
  expect(firstPage.data[0]).toMatchObject({ ...tenants[2], admin_id: null, custom_domain: null });
});

test("[TENANTS][LIST]: the limit defaults to 50 and is capped at 200; bad paging values are a 400", async ({ request }) => {
  const byDefault = await (await request.get("/api/v1/tenants", { headers: bearer(token) })).json();
  expect(byDefault).toMatchObject({ limit: 50, offset: 0 });
  expect(byDefault.data.length).toBeLessThanOrEqual(50);

  const capped = await (await request.get("/api/v1/tenants?limit=500", { headers: bearer(token) })).json();
  expect(capped.limit).toBe(200);
  expect(capped.data.length).toBeLessThanOrEqual(200);

  for (const query of ["limit=0", "limit=-1", "limit=abc", "limit=1.5", "offset=-1", "offset=x"]) {
    const response = await request.get(`/api/v1/tenants?${query}`, { headers: bearer(token) });
    const problem = await expectProblem(response, 400);
    expect(Object.keys(problem.errors ?? {}), query).toEqual([query.split("=")[0]]);
  }
});

test("[TENANTS][LIST]: the status filter keeps only tenants in that status", async ({ request }) => {
  const { tag } = await seedThree(request);

  const active = await (await request.get(`/api/v1/tenants?q=${tag}&status=active`, { headers: bearer(token) })).json();
  expect(active.total).toBe(3);
  expect(active.data.every((t: TenantV1) => t.status === "active")).toBe(true);

  for (const status of ["suspended", "provisioning", "cancelled"]) {
    const none = await (await request.get(`/api/v1/tenants?q=${tag}&status=${status}`, { headers: bearer(token) })).json();
    expect(none, status).toMatchObject({ data: [], total: 0 });
  }

  const bogus = await request.get(`/api/v1/tenants?status=bogus`, { headers: bearer(token) });
  const problem = await expectProblem(bogus, 400);
  expect(problem.errors?.status).toBeDefined();
});

test("[TENANTS][LIST]: q searches names and slugs, case-insensitively and literally", async ({ request }) => {
  const { tag, tenants } = await seedThree(request);
  const get = async (q: string) => (await request.get(`/api/v1/tenants?q=${encodeURIComponent(q)}`, { headers: bearer(token) })).json();

  expect((await get(`Paging ${tag} Co 2`)).data.map((t: TenantV1) => t.id)).toEqual([tenants[1].id]);
  expect((await get(`PAGING ${tag.toUpperCase()} CO 2`)).data.map((t: TenantV1) => t.id)).toEqual([tenants[1].id]);
  expect((await get(`pg-${tag}-3`)).data.map((t: TenantV1) => t.id)).toEqual([tenants[2].id]);
  expect((await get(tag)).total).toBe(3);
  // LIKE wildcards are searched for as text, not as patterns.
  expect((await get(`${tag}%`)).total).toBe(0);
  expect((await get(`pg_${tag}`)).total).toBe(0);
  expect((await get(`no-such-tenant-${uniqueTag()}`)).total).toBe(0);
});

test("[TENANTS][GET]: one tenant by id; unknown and malformed ids are a 404 problem", async ({ request }) => {
  const tenant = await createTenant(request, token);

  const found = await request.get(`/api/v1/tenants/${tenant.id}`, { headers: bearer(token) });
  expect(found.status()).toBe(200);
  const body = await found.json();
  expect(body).toMatchObject({ ...tenant, admin_id: null, custom_domain: null });
  expect(typeof body.updated_at).toBe("string");

  for (const id of [randomUUID(), "not-a-uuid", "123", `${tenant.id}x`, tenant.slug]) {
    const response = await request.get(`/api/v1/tenants/${id}`, { headers: bearer(token) });
    const problem = await expectProblem(response, 404, "Tenant not found");
    expect(problem.title, id).toBe("Not Found");
  }

  // Credentials come first: an anonymous caller cannot probe which ids exist.
  await expectProblem(await request.get(`/api/v1/tenants/${tenant.id}`), 401, "Authentication required");
  await expectProblem(await request.get(`/api/v1/tenants/${randomUUID()}`), 401, "Authentication required");
  await expectProblem(await request.get("/api/v1/tenants"), 401, "Authentication required");
});

test("[TENANTS][GET]: a member sees only their own organization; others' ids are a 404, not a 403", async ({ request }) => {
  const elsewhere = await createTenant(request, token);
  const owner = await createOrganizationOwner(request, token);
  const ownerToken = await accessToken(request, owner.email, owner.password);

  const mine = await (await request.get("/api/v1/tenants", { headers: bearer(ownerToken) })).json();
  expect(mine.total).toBe(1);
  expect(mine.data[0]).toMatchObject({ slug: owner.slug, status: "active" });
  expect((await request.get(`/api/v1/tenants/${mine.data[0].id}`, { headers: bearer(ownerToken) })).status()).toBe(200);

  await expectProblem(await request.get(`/api/v1/tenants/${elsewhere.id}`, { headers: bearer(ownerToken) }), 404, "Tenant not found");
  const searched = await (await request.get(`/api/v1/tenants?q=${elsewhere.slug}`, { headers: bearer(ownerToken) })).json();
  expect(searched.total).toBe(0);
});
