// The website build against a fresh database: every organization gets a build with its creation, the
// build creates the tenant's schema and fills it through seed 000's steps, a resumed build repeats
// nothing, failures end on 101-103 with words and a notification, and one job at a time builds a site.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type DatabaseHandle, type Db, rowsOf } from "@/db/client";
import { auditLogs, notifications, tenantSchemas, websites } from "@/db/schema";
import { siteAssets, sitePages } from "@/db/tenant-schema";
import { createOrganization, listOrganizations, websiteBuildCounts } from "@/lib/organizations/organizations";
import { inTenantSchema, latestTenantVersion, tenantSchemaName } from "@/lib/tenants/tenant-schema";
import { installTestDatabase } from "@/lib/testing/database";
import {
  addAgencyMember,
  addOrganizationMember,
  contextAs,
  contextFor,
  createAgencyAdmin,
  createAgency,
  createOrganizationRow,
  createUser,
  unique,
} from "@/lib/testing/factories";
import { HERO_ASSET, runWebsiteBuilds } from "./build";
import { sweepWebsites } from "./build-worker";
import type { SiteContent } from "./content";
import type { SiteGenerator } from "./generator";
import { offlineGenerator } from "./offline-generator";
import { startWebsiteBuild } from "./start-build";

let handle: DatabaseHandle;
let db: Db;

beforeAll(async () => {
  handle = await installTestDatabase();
  db = handle.db;
});
afterAll(async () => handle?.close());

async function website(id: string) {
  const [site] = await db.select().from(websites).where(eq(websites.organizationId, id));
  return site;
}

async function pagesOf(id: string) {
  return db.transaction(async (tx) => inTenantSchema(tx as unknown as Db, id, () => tx.select().from(sitePages).orderBy(sitePages.position)));
}

async function heroOf(id: string) {
  return db.transaction(async (tx) =>
    inTenantSchema(tx as unknown as Db, id, async () => (await tx.select().from(siteAssets).where(eq(siteAssets.name, HERO_ASSET)))[0]),
  );
}

async function audited(id: string, action: string) {
  return db
    .select()
    .from(auditLogs)
    .where(sql`${auditLogs.targetId} = ${id} and ${auditLogs.action} = ${action}`);
}

/** A generator that counts its calls and answers what it is given. */
function counting(text?: () => unknown) {
  const calls = { text: 0, image: 0 };
  const generator: SiteGenerator = {
    name: "offline",
    async text(brief, prompt) {
      calls.text++;
      return text ? text() : offlineGenerator.text(brief, prompt);
    },
    async image(brief, prompt) {
      calls.image++;
      return offlineGenerator.image(brief, prompt);
    },
  };
  return { generator, calls };
}

async function newOrganization(name = "Harbor Bakery") {
  const ctx = await contextAs(db, await createUser(db, { isSuperadmin: true }));
  return createOrganization(ctx, { name, slug: unique("site") });
}

describe("an organization's website build", () => {
  it("is queued with the organization, in the same transaction", async () => {
    const org = await newOrganization();
    expect(await website(org.id)).toMatchObject({ build: 1, buildingProgress: 0, errorMessage: null });
    const [job] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from pgboss.job where name = 'website-build' and data->>'organization_id' = ${org.id}`),
    );
    expect(job.n).toBe(1);
  });

  it("creates the tenant's schema and builds the site through the steps to 100", async () => {
    const org = await newOrganization("Nordic Dental Group");
    expect(await runWebsiteBuilds(db, org.id, "job-1", offlineGenerator)).toBe(true);

    const site = await website(org.id);
    expect(site).toMatchObject({ buildingProgress: 100, errorMessage: null, generator: "offline", workerJob: null });
    expect(site.prompt).toContain("Nordic Dental Group");
    const [schema] = await db.select().from(tenantSchemas).where(eq(tenantSchemas.organizationId, org.id));
    expect(schema).toMatchObject({ schemaName: tenantSchemaName(org.id), version: latestTenantVersion() });

    const pages = await pagesOf(org.id);
    expect(pages.map((p) => p.path)).toEqual(["/", "/about", "/contact"]);
    expect(pages[0].sections[0].heading).toBe("Welcome to Nordic Dental Group");
    const hero = await heroOf(org.id);
    expect(hero.contentType).toBe("image/svg+xml");
    expect(hero.data.toString("utf8")).toContain("<svg");
    expect(await audited(org.id, "website.built")).toHaveLength(1);
  });

  it("repeats nothing when run again: no second image, text, page or audit row", async () => {
    const org = await newOrganization();
    const first = counting();
    await runWebsiteBuilds(db, org.id, "job-a", first.generator);
    const again = counting();
    await runWebsiteBuilds(db, org.id, "job-b", again.generator);
    expect(again.calls).toEqual({ text: 0, image: 0 });
    expect(await pagesOf(org.id)).toHaveLength(3);
    expect(await audited(org.id, "website.built")).toHaveLength(1);
  });

  it("resumes a build whose process died mid-step, asking the generator only for what is missing", async () => {
    const org = await newOrganization();
    // A first job that never comes back from the text model, as a process killed there never does.
    const dead = counting(() => new Promise(() => {}));
    void runWebsiteBuilds(db, org.id, "job-1", { ...dead.generator, text: () => new Promise(() => {}) });
    await vi.waitFor(async () => expect((await website(org.id)).buildingProgress).toBe(40));
    expect(dead.calls.image).toBe(1);

    // Its lease is still held: another job leaves the build alone while the heartbeat is fresh.
    const resumed = counting();
    expect(await runWebsiteBuilds(db, org.id, "job-2", resumed.generator)).toBe(false);
    await db
      .update(websites)
      .set({ heartbeatAt: new Date(Date.now() - 3_600_000) })
      .where(eq(websites.organizationId, org.id));
    expect(await runWebsiteBuilds(db, org.id, "job-2", resumed.generator)).toBe(true);
    expect(resumed.calls).toEqual({ text: 1, image: 0 });
    expect(await website(org.id)).toMatchObject({ buildingProgress: 100, workerJob: null });
    expect(await pagesOf(org.id)).toHaveLength(3);
    expect(await audited(org.id, "website.built")).toHaveLength(1);
  });

  it.each([
    [101, "an answer of the wrong shape", () => ({ headline: 7 })],
    [102, "an answer with nothing in it", () => ({ headline: "", tagline: "", pages: [] }) satisfies SiteContent],
    [
      103,
      "an endpoint that keeps failing",
      () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:9");
      },
    ],
  ] as const)("ends on %i for %s, says why, tells the owners and the agency once", async (code, _what, text) => {
    const agency = await createAgency(db);
    const agencyOwner = await createUser(db);
    await addAgencyMember(db, agency.id, agencyOwner.id, "owner");
    const org = await createOrganizationRow(db, { agencyId: agency.id });
    const owner = await createUser(db);
    await addOrganizationMember(db, org.id, owner.id, "owner");
    await sweepWebsites(db);

    const failing = counting(text);
    await runWebsiteBuilds(db, org.id, "job-f", failing.generator);
    await runWebsiteBuilds(db, org.id, "job-g", failing.generator);
    const site = await website(org.id);
    expect(site.buildingProgress).toBe(code);
    expect(site.errorMessage).toMatch(/rebuild/i);
    expect(failing.calls.text).toBe(1);
    expect(await audited(org.id, "website.build_failed")).toHaveLength(1);
    const told = await db.select({ userId: notifications.userId }).from(notifications).where(eq(notifications.type, "website.build_failed"));
    expect(told.map((n) => n.userId)).toEqual(expect.arrayContaining([owner.id, agencyOwner.id]));
    expect(told.filter((n) => n.userId === owner.id)).toHaveLength(1);
  });

  it("builds the next build on a rebuild, replacing the pages the new content no longer has", async () => {
    const org = await newOrganization();
    await runWebsiteBuilds(db, org.id, "job-1", offlineGenerator);
    await db.transaction(async (tx) =>
      startWebsiteBuild(
        { principal: { kind: "anonymous" }, db: tx as unknown as Db, requestId: "t", ip: null, userAgent: null, inTransaction: true },
        org.id,
      ),
    );
    expect(await website(org.id)).toMatchObject({ build: 2, buildingProgress: 0 });
    const onePage = counting(() => ({
      headline: "Fresh",
      tagline: "New",
      pages: [{ slug: "", title: "Home", sections: [{ heading: "Hi", paragraphs: ["Again"] }] }],
    }));
    await runWebsiteBuilds(db, org.id, "job-2", onePage.generator);
    expect(await website(org.id)).toMatchObject({ build: 2, buildingProgress: 100 });
    expect((await pagesOf(org.id)).map((p) => [p.path, p.build])).toEqual([["/", 2]]);
    expect((await heroOf(org.id)).build).toBe(2);
    expect(onePage.calls).toEqual({ text: 1, image: 1 });
  });
});

describe("the website sweep", () => {
  it("gives an organization that predates websites its website and its build", async () => {
    const org = await createOrganizationRow(db, { name: "Old Timer" });
    expect(await website(org.id)).toBeUndefined();
    const { created } = await sweepWebsites(db);
    expect(created).toBeGreaterThanOrEqual(1);
    expect(await website(org.id)).toMatchObject({ build: 1, buildingProgress: 0 });
    expect((await sweepWebsites(db)).created).toBe(0);
  });

  it("queues a job for a build whose job died holding the lease, once per lease period", async () => {
    const org = await newOrganization();
    await db
      .update(websites)
      .set({ buildingProgress: 20, workerJob: "dead-job", heartbeatAt: new Date(Date.now() - 3_600_000) })
      .where(eq(websites.organizationId, org.id));
    const jobs = async () =>
      rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from pgboss.job where name = 'website-build' and data->>'organization_id' = ${org.id}`),
      )[0].n;
    const before = await jobs();
    expect((await sweepWebsites(db)).resumed).toBeGreaterThanOrEqual(1);
    expect(await jobs()).toBe(before + 1);
    await sweepWebsites(db);
    expect(await jobs()).toBe(before + 1);
  });
});

describe("the organizations list by website build state", () => {
  it("finds an agency's building and failed sites, and counts them", async () => {
    const { agency, principal } = await createAgencyAdmin(db);
    const context = contextFor(db, principal);
    const [built, failing, waiting] = [
      await createOrganizationRow(db, { agencyId: agency.id }),
      await createOrganizationRow(db, { agencyId: agency.id }),
      await createOrganizationRow(db, { agencyId: agency.id }),
    ];
    await sweepWebsites(db);
    await runWebsiteBuilds(db, built.id, "job-1", offlineGenerator);
    await runWebsiteBuilds(db, failing.id, "job-2", counting(() => ({ headline: 1 })).generator);
    const ids = async (website: "building" | "failed") => (await listOrganizations(context, { limit: 50, offset: 0, website })).data.map((o) => o.id);
    expect(await ids("failed")).toEqual([failing.id]);
    expect(await ids("building")).toEqual([waiting.id]);
    expect((await listOrganizations(context, { limit: 50, offset: 0, website: "failed" })).total).toBe(1);
    expect(await websiteBuildCounts(context)).toEqual({ building: 1, failed: 1 });
  });
});
