import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { listAvailablePlugins, toPluginView } from "@/lib/plugins/plugins";

export const dynamic = "force-dynamic";

// GET /api/tenants/available-plugins - the plugin catalog
export const GET = apiRoute(platform.availablePlugins, async (ctx) => ({ data: (await listAvailablePlugins(ctx)).map(toPluginView) }));
