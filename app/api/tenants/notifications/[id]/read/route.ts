import * as contracts from "@/lib/api/platform/notification-contracts";
import { apiRoute } from "@/lib/api/route";
import { markNotificationRead, toNotificationView } from "@/lib/notifications/notifications";

export const dynamic = "force-dynamic";

// POST /api/tenants/notifications/{id}/read - mark one of the caller's own read
export const POST = apiRoute(contracts.markNotificationRead, async (ctx, { params }) =>
  toNotificationView(await markNotificationRead(ctx, { id: params.id })),
);
