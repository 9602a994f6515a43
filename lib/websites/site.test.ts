// A tenant's site as a visitor gets it (siteResponse, what app/sites/[slug] answers): its pages from
// the tenant's schema in the agency's colours, its hero image, and the plain answers for a site that is
// coming soon, suspended, cancelled or unknown.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { agencies, organizations } from "@/db/schema";
import { createOrganization } from "@/lib/organizations/organizations";
import { installTestDatabase } from "@/lib/testing/database";
import { contextAs, createAgency, createUser, unique } from "@/lib/testing/factories";
import { runWebsiteBuilds } from "./build";
import { offlineGenerator } from "./offline-generator";
import { siteResponse } from "./site-response";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await installTestDatabase();
});
afterAll(async () => handle?.close());

async function builtSite(name: string, agencyId: number | null = null) {
  const ctx = await contextAs(handle.db, await createUser(handle.db, { isSuperadmin: true }));
  const org = await createOrganization(ctx, { name, slug: unique("site"), admin_id: agencyId });
  await runWebsiteBuilds(handle.db, org.id, "test-job", offlineGenerator);
  return org;
}

async function visit(slug: string, target = "", host = "localhost:3000") {
  const [path, query = ""] = target.split("?");
  const res = await siteResponse({ slug, path: path.split("/").filter(Boolean), host, search: new URLSearchParams(query) });
  return {
    status: res.status,
    headers: res.headers,
    body: res.headers.get("content-type")?.startsWith("text/") ? await res.text() : Buffer.from(await res.arrayBuffer()),
  };
}

describe("a tenant's site", () => {
  it("serves its home page from its schema, in its agency's colours, with its hero image and its pages linked", async () => {
    const agency = await createAgency(handle.db);
    await handle.db
      .update(agencies)
      .set({ branding: { primary_color: "#0e7490", secondary_color: "#1e1b4b", footer_text: "Hosted by Acme Web" } })
      .where(eq(agencies.id, agency.id));
    const org = await builtSite("Harbor <Bakery> & Co", agency.id);
    const home = await visit(org.slug);
    expect(home.status).toBe(200);
    expect(home.headers.get("cache-control")).toBe("public, max-age=60, stale-while-revalidate=600");
    expect(home.headers.get("vary")).toBe("Host");
    const html = home.body as string;
    expect(html).toContain("Welcome to Harbor &#60;Bakery&#62; &#38; Co");
    expect(html).not.toContain("<Bakery>");
    expect(html).toContain("#0e7490");
    expect(html).toContain("Hosted by Acme Web");
    expect(html).toContain(`href="/sites/${org.slug}/about"`);
    expect(html).toMatch(new RegExp(`src="/sites/${org.slug}/_hero\\?v=1"`));

    const hero = await visit(org.slug, "_hero?v=1");
    expect(hero.status).toBe(200);
    expect(hero.headers.get("content-type")).toBe("image/svg+xml");
    expect(hero.headers.get("cache-control")).toContain("immutable");
    expect(hero.body.toString()).toContain("#0e7490");
  });

  it("links its pages at the root of its own host", async () => {
    const org = await builtSite("Own Host");
    const about = await visit(org.slug, "about", `${org.slug}.localhost:3000`);
    expect(about.status).toBe(200);
    expect(about.body).toContain("About Own Host");
    expect(about.body).toContain('href="/contact"');
  });

  it("answers 404 in its own frame for a page it does not have", async () => {
    const org = await builtSite("Few Pages");
    const missing = await visit(org.slug, "pricing");
    expect(missing.status).toBe(404);
    expect(missing.body).toContain("Page not found");
  });

  it("is coming soon (503) until its first build has synced its pages", async () => {
    const ctx = await contextAs(handle.db, await createUser(handle.db, { isSuperadmin: true }));
    const org = await createOrganization(ctx, { name: "Not Yet", slug: unique("soon") });
    const soon = await visit(org.slug);
    expect(soon.status).toBe(503);
    expect(soon.headers.get("retry-after")).toBe("30");
    expect(soon.body).toContain("Not Yet is coming soon");
    expect((await visit(org.slug, "_hero")).status).toBe(404);
  });

  it("is temporarily unavailable (503, not cached) while suspended, and back once reactivated", async () => {
    const org = await builtSite("Paused Studio");
    await handle.db.update(organizations).set({ status: "suspended" }).where(eq(organizations.id, org.id));
    const paused = await visit(org.slug);
    expect(paused.status).toBe(503);
    expect(paused.headers.get("cache-control")).toBe("no-store");
    expect(paused.body).toContain("Temporarily unavailable");
    expect(paused.body).not.toContain("Welcome to Paused Studio");
    expect((await visit(org.slug, "_hero")).status).toBe(404);
    await handle.db.update(organizations).set({ status: "active" }).where(eq(organizations.id, org.id));
    expect((await visit(org.slug)).status).toBe(200);
  });

  it("is not found (404) once cancelled, and for a slug nobody has", async () => {
    const org = await builtSite("Gone Gallery");
    await handle.db.update(organizations).set({ status: "cancelled" }).where(eq(organizations.id, org.id));
    const gone = await visit(org.slug);
    expect(gone.status).toBe(404);
    expect(gone.body).toContain("Site not found");
    expect((await visit(unique("nobody"))).status).toBe(404);
  });
});
