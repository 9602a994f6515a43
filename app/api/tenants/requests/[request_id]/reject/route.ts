import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { rejectRegistration } from "@/lib/registrations/review-registration";
import { toRegistrationView } from "@/lib/registrations/views";

export const dynamic = "force-dynamic";

// POST /api/tenants/requests/{request_id}/reject - reject with a reason
export const POST = apiRoute(platform.rejectRequest, async (ctx, { params, body }) =>
  toRegistrationView(await rejectRegistration(ctx, { id: params.request_id, reason: body.reason })),
);
