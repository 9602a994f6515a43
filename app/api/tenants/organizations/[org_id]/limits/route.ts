import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { updateOrganizationLimits } from "@/lib/organizations/manage-organization";
import { toOrganizationView } from "@/lib/organizations/views";

export const dynamic = "force-dynamic";

// PUT /api/tenants/organizations/{org_id}/limits - update limits (null: unlimited)
export const PUT = apiRoute(platform.setOrganizationLimits, async (ctx, { params, body }) =>
  toOrganizationView(await updateOrganizationLimits(ctx, { ...body, id: params.org_id })),
);
