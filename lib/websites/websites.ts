// An organization's website: its build queued with every new organization and again on request, and
// its status as seed 000's website-status shows it.
import { eq } from "drizzle-orm";
import { websites, type Website } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, requireUser, withTransaction } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { lockManagedOrganization } from "@/lib/organizations/manage-organization";
import { findVisibleOrganization } from "@/lib/organizations/scope";
import { startWebsiteBuild } from "./start-build";
import { STEPS, processStatus } from "./steps";

/** seed 000's words for a tenant or website the caller cannot see. */
export const NO_QUERY_RESULTS = "No query results";

/** seed 000's website-status. */
export function toWebsiteStatusView(site: Website) {
  return {
    tenant_id: site.organizationId,
    success: site.buildingProgress === STEPS.completed,
    building_progress: site.buildingProgress,
    error_message: site.errorMessage,
    prompt: { process_status: processStatus(site.buildingProgress) },
  };
}

/** The website of an organization the caller may see; 404 in seed 000's words otherwise. */
export async function getWebsite(ctx: ServiceContext, input: { id: string }): Promise<Website> {
  const user = requireUser(ctx);
  const org = await findVisibleOrganization(ctx.db, user, input.id);
  const [site] = org ? await ctx.db.select().from(websites).where(eq(websites.organizationId, org.id)) : [];
  if (!site) throw new NotFoundError(NO_QUERY_RESULTS);
  return site;
}

/** Starts the website's next build, after a failure or to regenerate it: for those who manage the organization. */
export async function rebuildWebsite(ctx: ServiceContext, input: { id: string }): Promise<Website> {
  return withTransaction(ctx, async (tx) => {
    const org = await lockManagedOrganization(tx, input.id);
    const [before] = await tx.db
      .select({ build: websites.build, progress: websites.buildingProgress })
      .from(websites)
      .where(eq(websites.organizationId, org.id));
    const site = await startWebsiteBuild(tx, org.id);
    await recordAudit(tx, {
      action: "website.rebuild_requested",
      targetType: "website",
      targetId: org.id,
      organizationId: org.id,
      agencyId: org.agencyId,
      metadata: { build: site.build, previous_progress: before?.progress ?? null },
    });
    return site;
  });
}
