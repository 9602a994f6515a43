// Which branding a request wears: the host's agency (console domain, custom domain, {slug}.{ROOT_DOMAIN}),
// else the signed-in user's agency or their organization's agency, else the platform default. Branding
// is public (every sign-in page shows it): the resolution grants nothing and reads no one's tenant data.
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agencies, organizationMembers, organizations, platformSettings } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { agencyForHost } from "@/lib/domains/resolve-host";
import { BUILT_IN_BRANDING, type Branding, type BrandingSource, mergeBranding, sanitizeOverrides } from "./schemas";

export interface ResolvedBranding {
  branding: Branding;
  source: BrandingSource;
  /** The agency whose branding it is; null for the platform's. */
  agencyId: number | null;
}

export async function resolveBranding(db: Db, input: { host: string | null; principal: Principal }): Promise<ResolvedBranding> {
  const found = await brandingAgency(db, input);
  // One query for both levels: the platform default always sits under the agency's own values.
  const [row] = await db
    .select({ platform: platformSettings.defaultBranding, agency: agencies.branding })
    .from(platformSettings)
    .leftJoin(agencies, found ? eq(agencies.id, found.agencyId) : sql`false`)
    .where(eq(platformSettings.id, 1));
  const platform = mergeBranding(BUILT_IN_BRANDING, sanitizeOverrides(row?.platform));
  // An agency deleted between the two queries: the platform's brand, said as such.
  if (!found || row?.agency == null) return { branding: platform, source: "platform", agencyId: null };
  return { branding: mergeBranding(platform, sanitizeOverrides(row.agency)), source: found.source, agencyId: found.agencyId };
}

async function brandingAgency(
  db: Db,
  { host, principal }: { host: string | null; principal: Principal },
): Promise<{ agencyId: number; source: BrandingSource } | null> {
  const byHost = host ? await agencyForHost(db, host) : null;
  if (byHost) return { agencyId: byHost.agencyId, source: byHost.via };
  if (principal.kind !== "user" || principal.isSuperadmin) return null;
  // The first agency the user joined (the principal lists memberships in that order).
  if (principal.agencies.length > 0) return { agencyId: principal.agencies[0].id, source: "user_agency" };
  if (principal.organizations.length === 0) return null;
  const [org] = await db
    .select({ agencyId: organizations.agencyId })
    .from(organizationMembers)
    .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
    .where(and(eq(organizationMembers.userId, principal.userId), isNotNull(organizations.agencyId)))
    .orderBy(asc(organizationMembers.createdAt), asc(organizations.id))
    .limit(1);
  return org?.agencyId != null ? { agencyId: org.agencyId, source: "organization_agency" } : null;
}
