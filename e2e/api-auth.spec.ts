// Every way to authenticate to REST v1, and the ways that must not work: forged or revoked tokens,
// a session cookie used cross-origin, a forged x-middleware-subrequest header, password guessing.
import { expect, test } from "@playwright/test";
import { accessToken, bearer, createOrganizationOwner, createTenant, expectProblem, freshClientIp, signIn, uniqueSlug, uniqueTag } from "./helpers";
import { SUPERADMIN_EMAIL, SUPERADMIN_PASSWORD, baseURL } from "./support";

test("[AUTH][ACCESS-TOKEN]: an access token from /api/v1/auth/token works with the Bearer and JWT schemes", async ({ request }) => {
  const issued = await request.post("/api/v1/auth/token", { data: { email: SUPERADMIN_EMAIL, password: SUPERADMIN_PASSWORD } });
  expect(issued.status()).toBe(200);
  const body = await issued.json();
  expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
  expect(body.access_token.split(".")).toHaveLength(3);

  // The email is matched case-insensitively.
  const shouting = await request.post("/api/v1/auth/token", { data: { email: SUPERADMIN_EMAIL.toUpperCase(), password: SUPERADMIN_PASSWORD } });
  expect(shouting.status()).toBe(200);

  for (const scheme of ["Bearer", "JWT", "bearer", "jwt"]) {
    const slug = uniqueSlug("scheme");
    const created = await request.post("/api/v1/tenants", {
      headers: { authorization: `${scheme} ${body.access_token}` },
      data: { name: `Via ${scheme}`, slug },
    });
    expect(created.status(), scheme).toBe(201);
    const listed = await request.get(`/api/v1/tenants?q=${slug}`, { headers: { authorization: `${scheme} ${body.access_token}` } });
    expect(listed.status(), scheme).toBe(200);
    expect((await listed.json()).total).toBe(1);
  }
});

test("[AUTH][ACCESS-TOKEN]: tampered and unsigned tokens are refused", async ({ request }) => {
  const token = await accessToken(request);
  const [header, payload, signature] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

  const forgeries = {
    "another subject": `${header}.${b64({ ...claims, sub: "999999" })}.${signature}`,
    "a later expiry": `${header}.${b64({ ...claims, exp: claims.exp + 86_400 })}.${signature}`,
    "alg none": `${b64({ alg: "none", typ: "JWT" })}.${payload}.`,
    "no signature": `${header}.${payload}.`,
    "a flipped signature": `${header}.${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`,
  };
  for (const [what, forged] of Object.entries(forgeries)) {
    const response = await request.get("/api/v1/tenants", { headers: bearer(forged) });
    const problem = await expectProblem(response, 401, "Authentication required");
    expect(problem.status, what).toBe(401);
  }
});

test("[AUTH][API-TOKEN]: a personal token (cpt_...) authenticates until it is revoked", async ({ request }) => {
  const jwt = await accessToken(request);
  const name = `script ${uniqueTag()}`;
  const created = await request.post("/api/v1/api-tokens", { headers: bearer(jwt), data: { name } });
  expect(created.status()).toBe(201);
  const token = await created.json();
  expect(token.token).toMatch(/^cpt_/);
  expect(token).toMatchObject({ name, revoked_at: null, prefix: token.token.slice(0, 12) });

  const tenant = await createTenant(request, token.token);
  const read = await request.get(`/api/v1/tenants/${tenant.id}`, { headers: bearer(token.token) });
  expect(read.status()).toBe(200);

  // The list never shows the token's text again.
  const list = await (await request.get("/api/v1/api-tokens?limit=200", { headers: bearer(jwt) })).json();
  const listed = list.data.find((t: { id: number }) => t.id === token.id);
  expect(listed).toMatchObject({ name, prefix: token.prefix });
  expect(listed.last_used_at).not.toBeNull();
  expect(JSON.stringify(list)).not.toContain(token.token);

  const revoked = await request.delete(`/api/v1/api-tokens/${token.id}`, { headers: bearer(jwt) });
  expect(revoked.status()).toBe(200);
  expect((await revoked.json()).revoked_at).not.toBeNull();

  await expectProblem(await request.get("/api/v1/tenants", { headers: bearer(token.token) }), 401, "Authentication required");
  await expectProblem(
    await request.post("/api/v1/tenants", { headers: bearer(token.token), data: { name: "After Revoke", slug: uniqueSlug() } }),
    401,
    "Authentication required",
  );
  // Revoking twice is a conflict, an unknown id a 404.
  await expectProblem(await request.delete(`/api/v1/api-tokens/${token.id}`, { headers: bearer(jwt) }), 409);
  await expectProblem(await request.delete("/api/v1/api-tokens/999999999", { headers: bearer(jwt) }), 404, "API token not found");
});

test("[AUTH][SESSION]: the console's session cookie reads the API and writes only from the console's origin", async ({ page }) => {
  await signIn(page);
  // page.request shares the signed-in browser context's cookies.
  const api = page.request;
  const slug = uniqueSlug("cookie");

  const listed = await api.get("/api/v1/tenants?limit=1");
  expect(listed.status()).toBe(200);

  const sameOrigin = await api.post("/api/v1/tenants", { headers: { origin: baseURL }, data: { name: "Cookie Co", slug } });
  expect(sameOrigin.status(), await sameOrigin.text()).toBe(201);
  const tenant = await sameOrigin.json();
  expect((await api.get(`/api/v1/tenants/${tenant.id}`)).status()).toBe(200);

  // Cross-site request forgery: another origin, or no origin at all, is refused with the cookie.
  const refusedSlugs: string[] = [];
  const crossSite: Record<string, string>[] = [
    { origin: "http://evil.example" },
    { origin: "http://localhost:1" },
    { origin: "null" },
    {},
    { "sec-fetch-site": "cross-site" },
  ];
  for (const headers of crossSite) {
    const forgedSlug = uniqueSlug("csrf");
    refusedSlugs.push(forgedSlug);
    const response = await api.post("/api/v1/tenants", { headers, data: { name: "Forged Co", slug: forgedSlug } });
    await expectProblem(response, 403);
  }
  await expectProblem(await api.delete("/api/v1/api-tokens/1", { headers: { origin: "http://evil.example" } }), 403);
  for (const forgedSlug of refusedSlugs) expect((await (await api.get(`/api/v1/tenants?q=${forgedSlug}`)).json()).total).toBe(0);

  // A bad Authorization header never falls back to the cookie.
  await expectProblem(await api.get("/api/v1/tenants", { headers: { authorization: "Bearer nope" } }), 401, "Authentication required");
});

test("[AUTH][PROXY]: a forged x-middleware-subrequest header bypasses nothing", async ({ request }) => {
  const token = await accessToken(request);
  const secret = await createTenant(request, token, { name: `Hidden ${uniqueTag()}` });

  for (const value of [
    "proxy",
    "middleware",
    "src/middleware",
    "proxy:proxy:proxy:proxy:proxy",
    "middleware:middleware:middleware:middleware:middleware",
    "src/proxy:src/proxy:src/proxy:src/proxy:src/proxy",
  ]) {
    const headers = { "x-middleware-subrequest": value };
    for (const path of ["/organizations", `/organizations/${secret.id}`, "/tokens"]) {
      const response = await request.get(path, { headers, maxRedirects: 0 });
      expect([303, 307, 308], `${path} with ${value}`).toContain(response.status());
      expect(response.headers().location, `${path} with ${value}`).toMatch(/\/login(\?|$)/);
      expect(await response.text()).not.toContain(secret.name);
    }
    await expectProblem(await request.get("/api/v1/tenants", { headers }), 401, "Authentication required");
    await expectProblem(await request.get(`/api/v1/tenants/${secret.id}`, { headers }), 401, "Authentication required");
    await expectProblem(
      await request.post("/api/v1/tenants", { headers, data: { name: "Bypass", slug: uniqueSlug() } }),
      401,
      "Authentication required",
    );
  }
});

test("[AUTH][ACCESS-TOKEN]: a wrong password or unknown email is a 401 problem, a bad body a 400", async ({ request }) => {
  // Its own user and client ip, so these failures count against no other spec (see playwright.config.ts).
  const owner = await createOrganizationOwner(request, await accessToken(request));
  const headers = { "x-forwarded-for": freshClientIp() };
  const wrong = await request.post("/api/v1/auth/token", { headers, data: { email: owner.email, password: "not-the-password" } });
  const problem = await expectProblem(wrong, 401, "The email or password is incorrect.");
  expect(problem.title).toBe("Unauthorized");

  const unknown = await request.post("/api/v1/auth/token", {
    headers,
    data: { email: `nobody-${uniqueTag()}@e2e.example.com`, password: "whatever" },
  });
  expect(await expectProblem(unknown, 401)).toEqual(problem);

  await expectProblem(await request.post("/api/v1/auth/token", { headers, data: { email: owner.email } }), 400);
  await expectProblem(
    await request.post("/api/v1/auth/token", { headers: { ...headers, "content-type": "application/json" }, data: "{" }),
    400,
    "Invalid request body format",
  );
});

test("[AUTH][LOCK-OUT]: ten failures from one client ip lock that ip, even for the right password", async ({ request }) => {
  const ip = freshClientIp();
  for (let attempt = 1; attempt <= 10; attempt++) {
    const response = await request.post("/api/v1/auth/token", {
      headers: { "x-forwarded-for": ip },
      data: { email: `guess-${attempt}-${uniqueTag()}@e2e.example.com`, password: "guess" },
    });
    await expectProblem(response, 401, "The email or password is incorrect.");
  }

  const locked = await request.post("/api/v1/auth/token", {
    headers: { "x-forwarded-for": ip },
    data: { email: SUPERADMIN_EMAIL, password: SUPERADMIN_PASSWORD },
  });
  const problem = await expectProblem(locked, 429, /^Too many failed sign-in attempts\. Try again in \d+ minutes?\.$/);
  expect(problem.title).toBe("Too Many Requests");
  expect(Number(locked.headers()["retry-after"])).toBeGreaterThan(0);

  // The lock is the ip's: the same account signs in from elsewhere.
  const elsewhere = await request.post("/api/v1/auth/token", {
    headers: { "x-forwarded-for": freshClientIp() },
    data: { email: SUPERADMIN_EMAIL, password: SUPERADMIN_PASSWORD },
  });
  expect(elsewhere.status()).toBe(200);
});
