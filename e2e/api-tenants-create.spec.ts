// POST /api/v1/tenants, black-box: every answer of seed 003 (201, 400, 401, 403, 409) in its documented shape.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { accessToken, bearer, createOrganizationOwner, expectProblem, uniqueSlug, uniqueTag } from "./helpers";

let token: string;
test.beforeAll(async ({ request }) => {
  token = await accessToken(request);
});

test("[TENANTS][CREATE]: a superadmin creates a tenant and gets exactly the seed's body", async ({ request }) => {
  const slug = uniqueSlug("techstart");
  const response = await request.post("/api/v1/tenants", { headers: bearer(token), data: { name: "TechStart Inc", slug } });

  expect(response.status()).toBe(201);
  expect(response.headers()["content-type"]).toContain("application/json");
  const body = await response.json();
  expect(Object.keys(body).sort()).toEqual(["created_at", "id", "name", "slug", "status"]);
  expect(body).toMatchObject({ name: "TechStart Inc", slug, status: "active" });
  expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(new Date(body.created_at).toISOString()).toBe(body.created_at);

  const read = await request.get(`/api/v1/tenants/${body.id}`, { headers: bearer(token) });
  expect(read.status()).toBe(200);
  expect(await read.json()).toMatchObject(body);
});

test("[TENANTS][CREATE]: a body that is not a JSON object is a 400 'Invalid request body format'", async ({ request }) => {
  for (const raw of ["not json", '{"name": "Unclosed", ', "[]", '["a", "b"]', "null", "42", '"a string"']) {
    const response = await request.post("/api/v1/tenants", {
      headers: { ...bearer(token), "content-type": "application/json" },
      data: raw,
    });
    const problem = await expectProblem(response, 400, "Invalid request body format");
    expect(problem.title, raw).toBe("Bad Request");
  }
});

test("[TENANTS][CREATE]: missing or ill-typed fields are a 400 naming each field", async ({ request }) => {
  const slug = uniqueSlug();
  const cases: { data: unknown; fields: string[] }[] = [
    { data: {}, fields: ["name", "slug"] },
    { data: { slug }, fields: ["name"] },
    { data: { name: "No Slug Inc" }, fields: ["slug"] },
    { data: { name: "", slug }, fields: ["name"] },
    { data: { name: "   ", slug }, fields: ["name"] },
    { data: { name: 42, slug }, fields: ["name"] },
    { data: { name: "Slug Number", slug: 12345 }, fields: ["slug"] },
    { data: { name: "x".repeat(256), slug }, fields: ["name"] },
  ];
  for (const { data, fields } of cases) {
    const response = await request.post("/api/v1/tenants", { headers: bearer(token), data });
    const problem = await expectProblem(response, 400);
    expect(problem.title).toBe("Bad Request");
    expect(Object.keys(problem.errors ?? {}).sort(), JSON.stringify(data)).toEqual(fields);
  }

  const missingName = await request.post("/api/v1/tenants", { headers: bearer(token), data: { slug } });
  await expectProblem(missingName, 400, "The name field is required.");

  // None of the refused requests created anything.
  const list = await request.get(`/api/v1/tenants?q=${slug}`, { headers: bearer(token) });
  expect((await list.json()).total).toBe(0);
});

test("[TENANTS][CREATE]: slugs must be 3-63 lowercase letters, digits and single inner hyphens", async ({ request }) => {
  const tag = uniqueTag();
  const refused: [string, RegExp][] = [
    ["ab", /at least 3 characters/],
    ["a", /at least 3 characters/],
    [`${tag}-${"x".repeat(64)}`.slice(0, 64), /not be greater than 63 characters/],
    [`Acme-${tag}`, /format is invalid/],
    [`ACME${tag}`, /format is invalid/],
    [`-acme-${tag}`, /format is invalid/],
    [`acme-${tag}-`, /format is invalid/],
    [`acme--${tag}`, /format is invalid/],
    [`acme.${tag}`, /format is invalid/],
    [`acme.example.com`, /format is invalid/],
    [`acme_${tag}`, /format is invalid/],
    [`acme ${tag}`, /format is invalid/],
    [`acmé-${tag}`, /format is invalid/],
    [`acme/${tag}`, /format is invalid/],
  ];
  for (const [slug, message] of refused) {
    const response = await request.post("/api/v1/tenants", { headers: bearer(token), data: { name: "Slug Rules", slug } });
    const problem = await expectProblem(response, 400, message);
    expect(problem.errors?.slug?.[0], slug).toMatch(message);
  }

  // The edges of the rule are accepted.
  // (A three-character slug has few values: a random one keeps repeated runs on one database apart.)
  const threeChars = Array.from(randomBytes(3), (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");
  for (const slug of [threeChars, `${tag}-b-c-9`, `${tag}${"y".repeat(63 - tag.length)}`]) {
    const response = await request.post("/api/v1/tenants", { headers: bearer(token), data: { name: "Slug Rules", slug } });
    expect(response.status(), `${slug}: ${await response.text()}`).toBe(201);
  }
});

test("[TENANTS][CREATE]: without valid credentials the answer is 401 'Authentication required'", async ({ request }) => {
  const data = { name: "Anonymous Inc", slug: uniqueSlug() };
  const headerSets: Record<string, string>[] = [
    {},
    { authorization: "Bearer not-a-token" },
    { authorization: "JWT not-a-token" },
    { authorization: "Bearer cpt_thisTokenWasNeverIssued0123456789abcdefghij" },
    { authorization: "Basic c3VwZXJhZG1pbjpwYXNzd29yZA==" },
    { authorization: "Bearer" },
    { authorization: `Bearer ${token}x` },
  ];
  for (const headers of headerSets) {
    const response = await request.post("/api/v1/tenants", { headers, data });
    const problem = await expectProblem(response, 401, "Authentication required");
    expect(problem.title).toBe("Unauthorized");
  }
  // Credentials are checked before the body: an anonymous caller learns nothing about validation.
  const badBody = await request.post("/api/v1/tenants", { headers: { "content-type": "application/json" }, data: "not json" });
  await expectProblem(badBody, 401, "Authentication required");

  const list = await request.get(`/api/v1/tenants?q=${data.slug}`, { headers: bearer(token) });
  expect((await list.json()).total).toBe(0);
});

test("[TENANTS][CREATE]: a slug that is taken is a 409 'Tenant slug already exists'", async ({ request }) => {
  const slug = uniqueSlug("taken");
  const first = await request.post("/api/v1/tenants", { headers: bearer(token), data: { name: "First Owner", slug } });
  expect(first.status()).toBe(201);

  const second = await request.post("/api/v1/tenants", { headers: bearer(token), data: { name: "Second Owner", slug } });
  const problem = await expectProblem(second, 409, "Tenant slug already exists");
  expect(problem.title).toBe("Conflict");

  const list = await request.get(`/api/v1/tenants?q=${slug}`, { headers: bearer(token) });
  const page = await list.json();
  expect(page.total).toBe(1);
  expect(page.data[0].name).toBe("First Owner");
});

test("[TENANTS][CREATE]: a user who administers no agency is refused with a 403", async ({ request }) => {
  const owner = await createOrganizationOwner(request, token);
  const ownerToken = await accessToken(request, owner.email, owner.password);
  const slug = uniqueSlug("notmine");

  const refused = await request.post("/api/v1/tenants", { headers: bearer(ownerToken), data: { name: "Not Mine Inc", slug } });
  const problem = await expectProblem(refused, 403, "You are not allowed to create organizations.");
  expect(problem.title).toBe("Forbidden");
  const list = await request.get(`/api/v1/tenants?q=${slug}`, { headers: bearer(token) });
  expect((await list.json()).total).toBe(0);
});
