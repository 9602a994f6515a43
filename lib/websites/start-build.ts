// Queuing a website build: with every new organization (createOrganization), and on a rebuild.
import { sql } from "drizzle-orm";
import { websites, type Website } from "@/db/schema";
import type { ServiceContext } from "@/lib/context";
import { QUEUES, enqueueJob } from "@/lib/jobs/queue";

export interface WebsiteBuildJob {
  organization_id: string;
}

/**
 * Queues the organization's first build, or its next one (a rebuild), in the caller's transaction: the
 * job exists exactly when the change does. A job still running the previous build moves on to this one.
 */
export async function startWebsiteBuild(ctx: ServiceContext, organizationId: string): Promise<Website> {
  const fresh = {
    buildingProgress: 0,
    errorMessage: null,
    prompt: null,
    content: null,
    contentBuild: null,
    startedAt: null,
    completedAt: null,
    updatedAt: new Date(),
  };
  const [site] = await ctx.db
    .insert(websites)
    .values({ organizationId })
    .onConflictDoUpdate({ target: websites.organizationId, set: { ...fresh, build: sql`${websites.build} + 1` } })
    .returning();
  await enqueueJob(ctx.db, QUEUES.websiteBuild, { organization_id: organizationId } satisfies WebsiteBuildJob);
  return site;
}
