import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { organizationPlugins, toPluginView } from "@/lib/plugins/plugins";

export const dynamic = "force-dynamic";

// GET /api/tenants/organizations/{org_id}/plugins - plugins enabled for an organization
export const GET = apiRoute(platform.organizationPlugins, async (ctx, { params }) => ({
  data: (await organizationPlugins(ctx, { id: params.org_id })).map(toPluginView),
}));
