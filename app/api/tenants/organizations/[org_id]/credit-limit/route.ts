import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { setOrganizationCreditLimit } from "@/lib/organizations/manage-organization";
import { toOrganizationView } from "@/lib/organizations/views";

export const dynamic = "force-dynamic";

// PUT /api/tenants/organizations/{org_id}/credit-limit - monthly credit consumption limit
export const PUT = apiRoute(platform.setOrganizationCreditLimit, async (ctx, { params, body }) =>
  toOrganizationView(await setOrganizationCreditLimit(ctx, { id: params.org_id, credit_limit: body.credit_limit })),
);
