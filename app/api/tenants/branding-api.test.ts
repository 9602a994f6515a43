// Seed 002's Branding and "Get Current Branding" through their real route handlers: the seed's body,
// the 422s (and that a refused update stores nothing), who may call what, the platform default in the
// settings, and the current branding's resolution and cache headers.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as brandingRoute from "@/app/api/tenants/admins/[id]/branding/route";
import * as currentRoute from "@/app/api/tenants/branding/current/route";
import * as settingsRoute from "@/app/api/tenants/settings/route";
import type { DatabaseHandle } from "@/db/client";
import type { Agency } from "@/db/schema";
import { BUILT_IN_BRANDING } from "@/lib/branding/schemas";
import { installTestDatabase } from "@/lib/testing/database";
import { createAgency } from "@/lib/testing/factories";
import { MATRIX_ROLES, type MatrixCallers, createMatrixCallers } from "@/lib/testing/matrix-callers";
import { callJsonRoute } from "@/lib/testing/route-client";
import { SEED_BRANDING } from "@/lib/testing/seed-002-examples";

const NO_OVERRIDES = Object.fromEntries(Object.keys(SEED_BRANDING).map((k) => [k, null]));

let handle: DatabaseHandle;
let agencyA: Agency;
let orgSlug: string;
let tokens: MatrixCallers["tokens"];

beforeAll(async () => {
  handle = await installTestDatabase();
  let org;
  ({ agencyA, org, tokens } = await createMatrixCallers(handle.db, { memberRole: "member" }));
  orgSlug = org.slug;
});
afterAll(async () => handle?.close());

const path = (id: number | string) => `/api/tenants/admins/${id}/branding`;
const getBranding = (id: number | string, token: string | null) => callJsonRoute(brandingRoute.GET, path(id), { token, params: { id: String(id) } });
const putBranding = (id: number | string, body: unknown, token: string | null) =>
  callJsonRoute(brandingRoute.PUT, path(id), { method: "PUT", token, body, params: { id: String(id) } });

/** GET /api/tenants/branding/current on a given host. */
async function current(token: string | null, host = "localhost:3000") {
  const headers: Record<string, string> = { host };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await currentRoute.GET(new NextRequest(`http://${host}/api/tenants/branding/current`, { headers }), { params: Promise.resolve({}) });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

describe("GET/PUT /api/tenants/admins/{id}/branding", () => {
  it("stores the seed's body and reads it back; the resolved branding is the same, every field being set", async () => {
    const agency = await createAgency(handle.db);
    const saved = await putBranding(agency.id, { branding: SEED_BRANDING }, tokens.superadmin);
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ admin_id: agency.id, branding: SEED_BRANDING, resolved: SEED_BRANDING });
    expect((await getBranding(agency.id, tokens.superadmin)).body).toEqual(saved.body);
  });

  it("keeps what a partial update leaves out; null resets a field to the platform default", async () => {
    const agency = await createAgency(handle.db);
    await putBranding(agency.id, { branding: SEED_BRANDING }, tokens.superadmin);
    const partial = await putBranding(agency.id, { branding: { app_name: "Renamed", primary_color: null, logo_url: null } }, tokens.superadmin);
    expect(partial.status).toBe(200);
    expect(partial.body.branding).toEqual({ ...SEED_BRANDING, app_name: "Renamed", primary_color: null, logo_url: null });
    expect(partial.body.resolved).toEqual({ ...SEED_BRANDING, app_name: "Renamed", primary_color: BUILT_IN_BRANDING.primary_color, logo_url: null });
  });

  it("answers 422 per field, Laravel style, and stores nothing of a refused update", async () => {
    const agency = await createAgency(handle.db);
    await putBranding(agency.id, { branding: { app_name: "Before" } }, tokens.superadmin);
    const refused = await putBranding(
      agency.id,
      {
        branding: {
          app_name: "After",
          logo_url: "java\tscript:alert(1)",
          favicon_url: "data:image/png;base64,AAAA",
          primary_color: "red;}body{background:url(//x)}",
          secondary_color: "#12345g",
          footer_text: "x".repeat(201),
          support_email: "nope",
        },
      },
      tokens.superadmin,
    );
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({
      message: "The logo url field must start with one of the following: https://. (and 5 more errors)",
      errors: {
        "branding.logo_url": ["The logo url field must start with one of the following: https://."],
        "branding.favicon_url": ["The favicon url field must start with one of the following: https://."],
        "branding.primary_color": ["The primary color field must be a hex color such as #4f46e5 or #fff."],
        "branding.secondary_color": ["The secondary color field must be a hex color such as #4f46e5 or #fff."],
        "branding.footer_text": ["The footer text field must not be greater than 200 characters."],
        "branding.support_email": ["The support email field must be a valid email address."],
      },
    });
    expect((await getBranding(agency.id, tokens.superadmin)).body.branding).toEqual({ ...NO_OVERRIDES, app_name: "Before" });

    expect((await putBranding(agency.id, { logo_url: "https://x.example/l.png" }, tokens.superadmin)).body).toEqual({
      message: "The branding field is required.",
      errors: { branding: ["The branding field is required."] },
    });
  });

  it("stores HTML in the footer verbatim, as the text it is", async () => {
    const agency = await createAgency(handle.db);
    const footer = "<script>alert(1)</script> & <b>bold</b>";
    expect((await putBranding(agency.id, { branding: { footer_text: footer } }, tokens.superadmin)).body.resolved.footer_text).toBe(footer);
  });

  const MATRIX: { name: string; call: (token: string | null) => Promise<{ status: number }>; expect: number[] }[] = [
    { name: "GET", call: (token) => getBranding(agencyA.id, token), expect: [401, 403, 200, 404, 200] },
    { name: "PUT", call: (token) => putBranding(agencyA.id, { branding: { footer_text: "Matrix" } }, token), expect: [401, 403, 200, 404, 200] },
  ];
  for (const row of MATRIX) {
    it(`${row.name}: anonymous 401, organization member 403, agency A 200, agency B 404, superadmin 200`, async () => {
      const statuses = [];
      for (const role of MATRIX_ROLES) statuses.push((await row.call(tokens[role])).status);
      expect(statuses).toEqual(row.expect);
    });
  }

  it("answers 404 for an agency that does not exist or an id that names nothing", async () => {
    expect((await getBranding(2_000_000_000, tokens.superadmin)).body).toEqual({ message: "Admin not found" });
    expect((await putBranding("abc", { branding: {} }, tokens.superadmin)).status).toBe(404);
  });
});

describe("the platform's default branding in PUT /api/tenants/settings", () => {
  it("is read and updated with the settings, with the same rules", async () => {
    const settings = (body?: unknown) =>
      body === undefined
        ? callJsonRoute(settingsRoute.GET, "/api/tenants/settings", { token: tokens.superadmin })
        : callJsonRoute(settingsRoute.PUT, "/api/tenants/settings", { method: "PUT", token: tokens.superadmin, body });
    expect((await settings()).body.default_branding).toEqual(NO_OVERRIDES);
    try {
      const saved = await settings({ default_branding: { app_name: "Platform", footer_text: "Platform footer" } });
      expect(saved.status).toBe(200);
      expect(saved.body.default_branding).toEqual({ ...NO_OVERRIDES, app_name: "Platform", footer_text: "Platform footer" });
      expect((await current(null)).body).toEqual({
        branding: { ...BUILT_IN_BRANDING, app_name: "Platform", footer_text: "Platform footer" },
        source: "platform",
        admin_id: null,
      });

      const refused = await settings({ default_max_users: 3, default_branding: { logo_url: "http://platform.example/logo.png" } });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual({ "default_branding.logo_url": ["The logo url field must start with one of the following: https://."] });
      expect((await settings()).body.default_max_users).not.toBe(3);
    } finally {
      await settings({ default_branding: { app_name: null, footer_text: null } });
    }
    expect(
      (
        await callJsonRoute(settingsRoute.PUT, "/api/tenants/settings", {
          method: "PUT",
          token: tokens.agencyA,
          body: { default_branding: { app_name: "Mine" } },
        })
      ).status,
    ).toBe(403);
  });
});

describe("GET /api/tenants/branding/current", () => {
  it("needs no sign-in: a visitor on the console's own host gets the platform's, cacheable per host", async () => {
    const answer = await current(null);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ branding: BUILT_IN_BRANDING, source: "platform", admin_id: null });
    expect(answer.headers.get("cache-control")).toBe("public, max-age=60");
    expect(answer.headers.get("vary")).toBe("Host, Cookie, Authorization");
  });

  it("resolves the signed-in user's agency, or their organization's agency, privately; a superadmin gets the platform's", async () => {
    await putBranding(agencyA.id, { branding: { app_name: "Agency A", primary_color: "#aa0000" } }, tokens.superadmin);
    const asAdmin = await current(tokens.agencyA);
    expect(asAdmin.body).toMatchObject({ source: "user_agency", admin_id: agencyA.id, branding: { app_name: "Agency A", primary_color: "#aa0000" } });
    expect(asAdmin.headers.get("cache-control")).toBe("private, max-age=30");
    expect(asAdmin.headers.get("vary")).toBe("Host, Cookie, Authorization");
    expect((await current(tokens.member)).body).toMatchObject({
      source: "organization_agency",
      admin_id: agencyA.id,
      branding: { app_name: "Agency A" },
    });
    expect((await current(tokens.superadmin)).body).toMatchObject({
      source: "platform",
      admin_id: null,
      branding: { app_name: BUILT_IN_BRANDING.app_name },
    });
  });

  it("puts the host first: an organization's {slug}.{ROOT_DOMAIN} wears its agency's brand, for visitors too", async () => {
    await putBranding(agencyA.id, { branding: { app_name: "Agency A" } }, tokens.superadmin);
    for (const token of [null, tokens.agencyB, tokens.superadmin]) {
      expect((await current(token, `${orgSlug}.localhost:3000`)).body).toMatchObject({
        source: "subdomain",
        admin_id: agencyA.id,
        branding: { app_name: "Agency A" },
      });
    }
  });

  it("refuses a bad credential rather than answering as a visitor", async () => {
    expect((await current("cpt_not-a-real-token")).status).toBe(401);
  });
});
