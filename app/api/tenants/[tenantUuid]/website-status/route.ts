import * as tenants from "@/lib/api/platform/tenant-contracts";
import { apiRoute } from "@/lib/api/route";
import { getWebsite, toWebsiteStatusView } from "@/lib/websites/websites";

export const dynamic = "force-dynamic";

// GET /api/tenants/{tenantUuid}/website-status - the tenant's website build (seed 000)
export const GET = apiRoute(tenants.websiteStatus, async (ctx, { params }) => toWebsiteStatusView(await getWebsite(ctx, { id: params.tenantUuid })));
