// A tenant's public site, read from its own schema: which page a visitor asked for, or why there is
// none (a suspended tenant is temporarily unavailable, a cancelled or unknown one does not exist, one
// still being built is coming soon). Sites are public: nothing here reads a principal.
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agencies, organizations, websites } from "@/db/schema";
import { type SitePage, siteAssets, sitePages } from "@/db/tenant-schema";
import { platformBranding } from "@/lib/branding/agency-branding";
import { type Branding, mergeBranding, sanitizeOverrides } from "@/lib/branding/schemas";
import { inTenantSchema } from "@/lib/tenants/tenant-schema";
import { HERO_ASSET } from "./build";
import { STEPS } from "./steps";
import type { SiteContent } from "./content";

export interface SiteFrame {
  organizationName: string;
  slug: string;
  branding: Branding;
}

export type SiteAnswer =
  | { kind: "page"; frame: SiteFrame; page: SitePage; pages: Pick<SitePage, "path" | "title">[]; tagline: string | null; heroVersion: number }
  | { kind: "missing_page"; frame: SiteFrame; pages: Pick<SitePage, "path" | "title">[] }
  | { kind: "building"; frame: SiteFrame }
  | { kind: "unavailable"; frame: SiteFrame }
  | { kind: "not_found" };

async function siteOrganization(db: Db, slug: string) {
  const [row] = await db
    .select({ org: organizations, site: websites, agencyBranding: agencies.branding })
    .from(organizations)
    .leftJoin(websites, eq(websites.organizationId, organizations.id))
    .leftJoin(agencies, eq(agencies.id, organizations.agencyId))
    .where(eq(organizations.slug, slug));
  return row;
}

/** The page at `path` of the site at {slug}, or why there is none. */
export async function siteForSlug(db: Db, slug: string, path: string): Promise<SiteAnswer> {
  const row = await siteOrganization(db, slug);
  if (!row || row.org.status === "cancelled") return { kind: "not_found" };
  const frame: SiteFrame = {
    organizationName: row.org.name,
    slug: row.org.slug,
    branding: mergeBranding(await platformBranding(db), sanitizeOverrides(row.agencyBranding)),
  };
  if (row.org.status === "suspended") return { kind: "unavailable", frame };
  const site = row.site;
  // A rebuild keeps serving the last built pages until the new ones are synced.
  const builtBefore = site && (site.buildingProgress >= STEPS.contentSynced || site.build > 1);
  if (!site || !builtBefore) return { kind: "building", frame };
  const orgId = row.org.id;
  const pages = await db.transaction(async (tx) =>
    inTenantSchema(tx as unknown as Db, orgId, () => tx.select().from(sitePages).orderBy(asc(sitePages.position))),
  );
  if (pages.length === 0) return { kind: "building", frame };
  const nav = pages.map((p) => ({ path: p.path, title: p.title }));
  const page = pages.find((p) => p.path === path);
  if (!page) return { kind: "missing_page", frame, pages: nav };
  const content = site.content as SiteContent | null;
  return { kind: "page", frame, page, pages: nav, tagline: content?.tagline ?? null, heroVersion: site.build };
}

/** The site's hero image, or null (unknown, cancelled or suspended tenant, no image yet). */
export async function siteHero(db: Db, slug: string): Promise<{ contentType: string; data: Buffer; build: number } | null> {
  const row = await siteOrganization(db, slug);
  if (!row || (row.org.status !== "active" && row.org.status !== "provisioning")) return null;
  if (!row.site || (row.site.buildingProgress < STEPS.imageGenerated && row.site.build === 1)) return null;
  const orgId = row.org.id;
  return db.transaction(async (tx) =>
    inTenantSchema(tx as unknown as Db, orgId, async () => {
      const [hero] = await tx.select().from(siteAssets).where(eq(siteAssets.name, HERO_ASSET));
      return hero ? { contentType: hero.contentType, data: hero.data, build: hero.build } : null;
    }),
  );
}
