import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { addOrganizationMember } from "@/lib/organizations/members";

export const dynamic = "force-dynamic";

// POST /api/tenants/organizations/{org_id}/members - add an existing user as owner or member (superadmin)
export const POST = apiRoute(platform.addOrganizationMember, async (ctx, { params, body }) =>
  addOrganizationMember(ctx, { id: params.org_id, ...body }),
);
