import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { getPlatformSettings, toSettingsView, updatePlatformSettings } from "@/lib/settings/settings";

export const dynamic = "force-dynamic";

// GET /api/tenants/settings - platform settings (superadmin)
export const GET = apiRoute(platform.getSettings, async (ctx) => toSettingsView(await getPlatformSettings(ctx)));

// PUT /api/tenants/settings - partial update (superadmin)
export const PUT = apiRoute(platform.updateSettings, async (ctx, { body }) => toSettingsView(await updatePlatformSettings(ctx, body)));
