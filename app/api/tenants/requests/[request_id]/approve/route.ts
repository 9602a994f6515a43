import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { approveRegistration } from "@/lib/registrations/review-registration";
import { toRegistrationView } from "@/lib/registrations/views";

export const dynamic = "force-dynamic";

// POST /api/tenants/requests/{request_id}/approve - approve, optionally overriding name, slug, limits
export const POST = apiRoute(platform.approveRequest, async (ctx, { params, body }) =>
  toRegistrationView(await approveRegistration(ctx, { ...body, id: params.request_id })),
);
