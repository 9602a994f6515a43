import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { myOrganizationPlugins, toPluginView } from "@/lib/plugins/plugins";

export const dynamic = "force-dynamic";

// GET /api/tenants/my-organization/plugins - the signed-in user's organization's plugins (superadmin: all)
export const GET = apiRoute(platform.myOrganizationPlugins, async (ctx) => ({ data: (await myOrganizationPlugins(ctx)).map(toPluginView) }));
