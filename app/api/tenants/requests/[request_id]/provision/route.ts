import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { toOrganizationView } from "@/lib/organizations/views";
import { provisionRegistration } from "@/lib/registrations/review-registration";
import { toRegistrationView } from "@/lib/registrations/views";

export const dynamic = "force-dynamic";

// POST /api/tenants/requests/{request_id}/provision - create the owner and the organization (idempotent)
export const POST = apiRoute(platform.provisionRequest, async (ctx, { params }) => {
  const { request, organization } = await provisionRegistration(ctx, { id: params.request_id });
  return { ...toRegistrationView(request), organization: toOrganizationView(organization) };
});
