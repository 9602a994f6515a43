import * as contracts from "@/lib/api/platform/notification-contracts";
import { apiRoute } from "@/lib/api/route";
import { listNotifications, toNotificationView } from "@/lib/notifications/notifications";

export const dynamic = "force-dynamic";

// GET /api/tenants/notifications?unread_only=&limit=&offset= - the caller's own, newest first
export const GET = apiRoute(contracts.listNotifications, async (ctx, { query }) => {
  const page = await listNotifications(ctx, query);
  return { ...page, data: page.data.map(toNotificationView) };
});
