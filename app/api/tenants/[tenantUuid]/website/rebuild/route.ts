import * as tenants from "@/lib/api/platform/tenant-contracts";
import { apiRoute } from "@/lib/api/route";
import { rebuildWebsite, toWebsiteStatusView } from "@/lib/websites/websites";

export const dynamic = "force-dynamic";

// POST /api/tenants/{tenantUuid}/website/rebuild - start the website's next build
export const POST = apiRoute(tenants.rebuildWebsite, async (ctx, { params }) =>
  toWebsiteStatusView(await rebuildWebsite(ctx, { id: params.tenantUuid })),
);
