import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { getOrganization } from "@/lib/organizations/organizations";
import { toOrganizationView } from "@/lib/organizations/views";

export const dynamic = "force-dynamic";

// GET /api/tenants/organizations/{org_id}/detail - one organization
export const GET = apiRoute(platform.organizationDetail, async (ctx, { params }) =>
  toOrganizationView(await getOrganization(ctx, { id: params.org_id })),
);
