// Which agency a request's host belongs to: an agency's verified console domain, an organization's
// verified custom domain, or an organization's {slug}.{ROOT_DOMAIN}. Branding and routing read it;
// it grants nothing (authorization stays in the services).
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { domains, organizations } from "@/db/schema";
import { config } from "@/lib/config";
import { normalizeHost, subdomainSlug } from "./host-names";

interface HostAgency {
  agencyId: number;
  via: "console_domain" | "custom_domain" | "subdomain";
  /** The organization whose host it is (custom domain or subdomain). */
  organizationId?: string;
}

/** True when the name is the platform's root domain or under it (those hosts are the platform's to route). */
export function isUnderRootDomain(name: string, rootDomain = config().ROOT_DOMAIN): boolean {
  const root = normalizeHost(rootDomain);
  return root !== null && (name === root || name.endsWith(`.${root}`));
}

/** One query at most: a subdomain of ROOT_DOMAIN by slug, anything else by its verified domain claim. */
export async function agencyForHost(db: Db, host: string, rootDomain = config().ROOT_DOMAIN): Promise<HostAgency | null> {
  const name = normalizeHost(host);
  if (!name) return null;

  if (isUnderRootDomain(name, rootDomain)) {
    const slug = subdomainSlug(name, rootDomain);
    if (!slug) return null;
    const [org] = await db.select({ id: organizations.id, agencyId: organizations.agencyId }).from(organizations).where(eq(organizations.slug, slug));
    return org?.agencyId != null ? { agencyId: org.agencyId, via: "subdomain", organizationId: org.id } : null;
  }

  const [claim] = await db
    .select({ kind: domains.kind, agencyId: domains.agencyId, organizationId: domains.organizationId, orgAgencyId: organizations.agencyId })
    .from(domains)
    .leftJoin(organizations, eq(organizations.id, domains.organizationId))
    .where(and(eq(domains.domain, name), eq(domains.status, "verified")));
  if (!claim) return null;
  if (claim.kind === "console_domain") return claim.agencyId != null ? { agencyId: claim.agencyId, via: "console_domain" } : null;
  return claim.orgAgencyId != null && claim.organizationId
    ? { agencyId: claim.orgAgencyId, via: "custom_domain", organizationId: claim.organizationId }
    : null;
}
