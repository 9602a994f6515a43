import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { setOrganizationStatus } from "@/lib/organizations/manage-organization";
import { toOrganizationView } from "@/lib/organizations/views";

export const dynamic = "force-dynamic";

// PUT /api/tenants/organizations/{org_id}/status - suspend, reactivate or cancel
export const PUT = apiRoute(platform.setOrganizationStatus, async (ctx, { params, body }) =>
  toOrganizationView(await setOrganizationStatus(ctx, { ...body, id: params.org_id })),
);
