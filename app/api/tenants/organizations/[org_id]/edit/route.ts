import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { updateOrganization } from "@/lib/organizations/manage-organization";
import { toOrganizationView } from "@/lib/organizations/views";

export const dynamic = "force-dynamic";

// PUT /api/tenants/organizations/{org_id}/edit - partial update of details, plugins and limits
export const PUT = apiRoute(platform.editOrganization, async (ctx, { params, body }) =>
  toOrganizationView(await updateOrganization(ctx, { ...body, id: params.org_id })),
);
