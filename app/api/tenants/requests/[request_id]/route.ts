import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { getRegistration } from "@/lib/registrations/queries";
import { toRegistrationView } from "@/lib/registrations/views";

export const dynamic = "force-dynamic";

// GET /api/tenants/requests/{request_id} - one registration request (superadmin)
export const GET = apiRoute(platform.getRequest, async (ctx, { params }) =>
  toRegistrationView(await getRegistration(ctx, { id: params.request_id })),
);
