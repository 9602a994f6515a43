import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { listRegistrations } from "@/lib/registrations/queries";
import { toRegistrationView } from "@/lib/registrations/views";

export const dynamic = "force-dynamic";

// GET /api/tenants/requests?status= - registration requests, newest first (superadmin)
export const GET = apiRoute(platform.listRequests, async (ctx, { query }) => {
  const page = await listRegistrations(ctx, query);
  return { ...page, data: page.data.map(toRegistrationView) };
});
