// The website build: seed 000's steps, from the tenant's schema to its synced pages. A build runs in a
// pg-boss job (lib/websites/build-worker.ts) and may be interrupted anywhere (a crash, a deploy): every
// step is idempotent and keeps what it produced with the build it belongs to, so a resumed build skips
// what is done and never writes a page, an image or an audit row twice. Progress only moves forward
// within a build; a rebuild starts the next build, and a job still running the old one moves on to it.
//
// One running build per organization: a job first claims the website's lease (a compare-and-set on the
// row), keeps it alive with a heartbeat while it works, and gives it back only once the current build is
// done. A job that finds the lease held by a live job leaves the work to that one; a lease whose
// heartbeat stopped (its process died) may be taken over.
import { and, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agencies, organizations, plugins, websites, type Website } from "@/db/schema";
import { siteAssets, sitePages } from "@/db/tenant-schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { BUILT_IN_BRANDING, mergeBranding, sanitizeOverrides } from "@/lib/branding/schemas";
import { platformBranding } from "@/lib/branding/agency-branding";
import { config } from "@/lib/config";
import { systemContext, withTransaction } from "@/lib/context";
import { log } from "@/lib/log";
import { agencyOwnerIds, notifyUsers, organizationOwnerIds } from "@/lib/notifications/notify";
import { inTenantSchema, migrateTenantSchema } from "@/lib/tenants/tenant-schema";
import { type SiteBrief, SiteContent, heroImagePrompt, isEmptyContent, pagePath, sitePrompt } from "./content";
import { BuildFailure, type SiteGenerator } from "./generator";
import { STEPS } from "./steps";

export const HERO_ASSET = "hero";

/** The build this job was running was replaced by a newer one, or ended: stop it, maybe go on to the next. */
class Superseded extends Error {}

const leaseMs = () => config().WEBSITE_BUILD_LEASE_SECONDS * 1000;

/**
 * Builds the organization's website until its current build is done, as the job `jobId`. Returns false
 * when another live job holds the lease (that one builds it).
 */
export async function runWebsiteBuilds(db: Db, organizationId: string, jobId: string, generator: SiteGenerator): Promise<boolean> {
  if (!(await claimLease(db, organizationId, jobId))) return false;
  const heartbeat = setInterval(() => void beat(db, organizationId, jobId).catch(() => {}), Math.max(leaseMs() / 3, 250));
  heartbeat.unref();
  try {
    // A rebuild requested while this one ran is built next, by this job, which still holds the lease.
    for (
      let site = await currentSite(db, organizationId);
      site && site.buildingProgress < STEPS.completed;
      site = await currentSite(db, organizationId)
    ) {
      await runBuild(db, site, generator);
      if (await releaseLeaseIfDone(db, organizationId, jobId)) return true;
    }
    await releaseLeaseIfDone(db, organizationId, jobId);
    return true;
  } finally {
    clearInterval(heartbeat);
  }
}

async function currentSite(db: Db, organizationId: string): Promise<Website | undefined> {
  const [site] = await db.select().from(websites).where(eq(websites.organizationId, organizationId));
  return site;
}

/** Takes the lease when it is free, already this job's, or left behind by a job whose heartbeat stopped. */
async function claimLease(db: Db, organizationId: string, jobId: string): Promise<boolean> {
  const claimed = await db
    .update(websites)
    .set({ workerJob: jobId, heartbeatAt: new Date() })
    .where(
      and(
        eq(websites.organizationId, organizationId),
        or(isNull(websites.workerJob), eq(websites.workerJob, jobId), lt(websites.heartbeatAt, new Date(Date.now() - leaseMs()))),
      ),
    )
    .returning({ id: websites.organizationId });
  return claimed.length > 0;
}

async function beat(db: Db, organizationId: string, jobId: string): Promise<void> {
  await db
    .update(websites)
    .set({ heartbeatAt: new Date() })
    .where(and(eq(websites.organizationId, organizationId), eq(websites.workerJob, jobId)));
}

/** Gives the lease back, only when the current build is done: a newer one is this job's to build. */
async function releaseLeaseIfDone(db: Db, organizationId: string, jobId: string): Promise<boolean> {
  const released = await db
    .update(websites)
    .set({ workerJob: null })
    .where(and(eq(websites.organizationId, organizationId), eq(websites.workerJob, jobId), sql`${websites.buildingProgress} >= ${STEPS.completed}`))
    .returning({ id: websites.organizationId });
  return released.length > 0;
}

/** One build, from wherever it stands: each step skips what an earlier run of it already produced. */
async function runBuild(db: Db, site: Website, generator: SiteGenerator): Promise<void> {
  const { organizationId, build } = site;
  try {
    await migrateTenantSchema(db, organizationId);
    await reach(db, site, STEPS.started, { startedAt: site.startedAt ?? new Date(), generator: generator.name });

    const brief = await siteBrief(db, organizationId);
    const prompt = sitePrompt(brief);
    await reach(db, site, STEPS.prompted, { prompt });

    await reach(db, site, STEPS.imageRequested);
    if (!(await heroOfBuild(db, organizationId, build))) {
      const image = await generator.image(brief, heroImagePrompt(brief));
      await storeHero(db, site, image);
    }
    await reach(db, site, STEPS.imageGenerated);

    await reach(db, site, STEPS.textRequested);
    let content = await contentOfBuild(db, site);
    if (!content) {
      content = checkedContent(await generator.text(brief, prompt));
      await saveContent(db, site, content);
    }
    await reach(db, site, STEPS.textGenerated);

    await syncPages(db, site, content);
    await reach(db, site, STEPS.contentSynced);
    await complete(db, site);
  } catch (error) {
    if (error instanceof Superseded) return;
    const failure =
      error instanceof BuildFailure
        ? error
        : new BuildFailure(103, `The website build stopped at an unexpected error (${messageOf(error)}). Rebuild to try again.`);
    if (!(error instanceof BuildFailure)) log.error("website build failed", { organization_id: organizationId, build, error });
    await fail(db, site, failure);
  }
}

/**
 * Moves the build's progress forward to `progress` (never back), with what the step recorded. Throws
 * Superseded when the build was replaced or has ended meanwhile.
 */
async function reach(db: Db, site: Website, progress: number, values: Partial<Website> = {}): Promise<void> {
  const now = new Date();
  const moved = await db
    .update(websites)
    .set({ ...values, buildingProgress: progress, heartbeatAt: now, updatedAt: now })
    .where(and(ofBuild(site), lt(websites.buildingProgress, progress)))
    .returning({ id: websites.organizationId });
  if (moved.length > 0) return;
  const [now_] = await db
    .select({ build: websites.build, progress: websites.buildingProgress })
    .from(websites)
    .where(eq(websites.organizationId, site.organizationId));
  // Already there (a resumed build): go on. Replaced, failed or gone: stop.
  if (!now_ || now_.build !== site.build || now_.progress >= STEPS.completed) throw new Superseded();
}

const ofBuild = (site: Pick<Website, "organizationId" | "build">) =>
  and(eq(websites.organizationId, site.organizationId), eq(websites.build, site.build));

/** The model's answer as SiteContent: 101 when it does not parse, 102 when it parses but is empty. */
function checkedContent(answer: unknown): SiteContent {
  const parsed = SiteContent.safeParse(answer);
  if (!parsed.success)
    throw new BuildFailure(
      101,
      `The text model's answer did not match the site's structure (${parsed.error.issues[0]?.message ?? "unreadable"}). Rebuild to ask again.`,
    );
  if (isEmptyContent(parsed.data))
    throw new BuildFailure(102, "The text model answered with no usable content (no headline or no page with text). Rebuild to ask again.");
  return parsed.data;
}

async function siteBrief(db: Db, organizationId: string): Promise<SiteBrief> {
  const [org] = await db
    .select({ name: organizations.name, enabledPlugins: organizations.enabledPlugins, agencyBranding: agencies.branding })
    .from(organizations)
    .leftJoin(agencies, eq(agencies.id, organizations.agencyId))
    .where(eq(organizations.id, organizationId));
  if (!org) throw new Superseded();
  const enabled = org.enabledPlugins.length
    ? await db
        .select({ key: plugins.key, name: plugins.name })
        .from(plugins)
        .where(inArray(plugins.key, org.enabledPlugins))
        .orderBy(plugins.position)
    : [];
  const brand = mergeBranding(await platformBranding(db), sanitizeOverrides(org.agencyBranding));
  return {
    organizationName: org.name,
    plugins: enabled,
    brand: {
      appName: brand.app_name ?? BUILT_IN_BRANDING.app_name,
      primaryColor: brand.primary_color,
      secondaryColor: brand.secondary_color,
    },
  };
}

async function heroOfBuild(db: Db, organizationId: string, build: number): Promise<boolean> {
  return db.transaction(async (tx) =>
    inTenantSchema(tx as unknown as Db, organizationId, async () => {
      const [hero] = await tx.select({ build: siteAssets.build }).from(siteAssets).where(eq(siteAssets.name, HERO_ASSET));
      return hero?.build === build;
    }),
  );
}

async function storeHero(db: Db, site: Website, image: { contentType: string; data: Buffer }): Promise<void> {
  await db.transaction(async (tx) =>
    inTenantSchema(tx as unknown as Db, site.organizationId, async () => {
      const values = { contentType: image.contentType, data: image.data, build: site.build, updatedAt: new Date() };
      await tx
        .insert(siteAssets)
        .values({ name: HERO_ASSET, ...values })
        .onConflictDoUpdate({ target: siteAssets.name, set: values });
    }),
  );
}

async function contentOfBuild(db: Db, site: Website): Promise<SiteContent | null> {
  const [row] = await db.select({ content: websites.content, contentBuild: websites.contentBuild }).from(websites).where(ofBuild(site));
  if (!row || row.contentBuild !== site.build) return null;
  const parsed = SiteContent.safeParse(row.content);
  return parsed.success ? parsed.data : null;
}

async function saveContent(db: Db, site: Website, content: SiteContent): Promise<void> {
  await db.update(websites).set({ content, contentBuild: site.build, updatedAt: new Date() }).where(ofBuild(site));
}

/** The pages of the content, upserted by path, and the pages of earlier builds that it no longer has removed. */
async function syncPages(db: Db, site: Website, content: SiteContent): Promise<void> {
  const pages = new Map<string, (typeof sitePages)["$inferInsert"]>();
  content.pages.forEach((page, position) => {
    const path = pagePath(page.slug);
    if (path && !pages.has(path))
      pages.set(path, { path, title: page.title.trim() || content.headline, sections: page.sections, position, build: site.build });
  });
  await db.transaction(async (tx) =>
    inTenantSchema(tx as unknown as Db, site.organizationId, async () => {
      for (const page of pages.values()) {
        const { path: _path, ...rest } = page;
        await tx
          .insert(sitePages)
          .values(page)
          .onConflictDoUpdate({ target: sitePages.path, set: { ...rest, updatedAt: new Date() } });
      }
      await tx.delete(sitePages).where(lt(sitePages.build, site.build));
    }),
  );
}

/** 100, its audit row, once: only the run whose update moves the build there writes them. */
async function complete(db: Db, site: Website): Promise<void> {
  const ctx = systemContext(db, `website-build:${site.organizationId}:${site.build}`);
  await withTransaction(ctx, async (tx) => {
    const now = new Date();
    const [done] = await tx.db
      .update(websites)
      .set({ buildingProgress: STEPS.completed, completedAt: now, errorMessage: null, heartbeatAt: now, updatedAt: now })
      .where(and(ofBuild(site), lt(websites.buildingProgress, STEPS.completed)))
      .returning();
    if (!done) return;
    await recordAudit(tx, {
      action: "website.built",
      targetType: "website",
      targetId: site.organizationId,
      organizationId: site.organizationId,
      actorType: "system",
      actorLabel: "website build",
      metadata: { build: site.build, generator: done.generator },
    });
  });
}

/** 101-103 with its words, its audit row, and the owners and the agency told: once, as complete. */
async function fail(db: Db, site: Website, failure: BuildFailure): Promise<void> {
  const ctx = systemContext(db, `website-build:${site.organizationId}:${site.build}`);
  await withTransaction(ctx, async (tx) => {
    const now = new Date();
    const [failed] = await tx.db
      .update(websites)
      .set({ buildingProgress: failure.code, errorMessage: failure.message, heartbeatAt: now, updatedAt: now })
      .where(and(ofBuild(site), lt(websites.buildingProgress, STEPS.completed)))
      .returning();
    if (!failed) return;
    const [org] = await tx.db
      .select({ name: organizations.name, agencyId: organizations.agencyId })
      .from(organizations)
      .where(eq(organizations.id, site.organizationId));
    await recordAudit(tx, {
      action: "website.build_failed",
      targetType: "website",
      targetId: site.organizationId,
      organizationId: site.organizationId,
      agencyId: org?.agencyId ?? null,
      actorType: "system",
      actorLabel: "website build",
      metadata: { build: site.build, code: failure.code, error: failure.message },
    });
    const told = [...(await organizationOwnerIds(tx, site.organizationId)), ...(org?.agencyId ? await agencyOwnerIds(tx, org.agencyId) : [])];
    await notifyUsers(tx, [...new Set(told)], {
      type: "website.build_failed",
      title: `The website of ${org?.name ?? "an organization"} could not be built`,
      body: failure.message,
      link: `/organizations/${site.organizationId}`,
    });
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Builds whose job stopped showing signs of life while it held the lease: their process died. */
export async function abandonedBuilds(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: websites.organizationId })
    .from(websites)
    .where(
      and(lt(websites.buildingProgress, STEPS.completed), isNotNull(websites.workerJob), lt(websites.heartbeatAt, new Date(Date.now() - leaseMs()))),
    )
    .limit(500);
  return rows.map((r) => r.id);
}
