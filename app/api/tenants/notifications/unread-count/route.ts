import * as contracts from "@/lib/api/platform/notification-contracts";
import { apiRoute } from "@/lib/api/route";
import { unreadNotificationCount } from "@/lib/notifications/notifications";

export const dynamic = "force-dynamic";

// GET /api/tenants/notifications/unread-count - the bell's badge
export const GET = apiRoute(contracts.unreadNotificationCount, async (ctx) => ({ count: await unreadNotificationCount(ctx) }));
