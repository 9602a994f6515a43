import * as contracts from "@/lib/api/platform/notification-contracts";
import { apiRoute } from "@/lib/api/route";
import { markAllNotificationsRead } from "@/lib/notifications/notifications";

export const dynamic = "force-dynamic";

// POST /api/tenants/notifications/read-all - mark all of the caller's unread read
export const POST = apiRoute(contracts.markAllNotificationsRead, (ctx) => markAllNotificationsRead(ctx));
