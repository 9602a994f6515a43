import * as contracts from "@/lib/api/platform/agency-contracts";
import { apiRoute } from "@/lib/api/route";
import { assignAgencyOwner, toAgencyView } from "@/lib/agencies/agencies";

export const dynamic = "force-dynamic";

// POST /api/tenants/admins/{id}/assign-owner - make an existing user the agency's owner (superadmin)
export const POST = apiRoute(contracts.assignAgencyOwner, async (ctx, { params, body }) =>
  toAgencyView(await assignAgencyOwner(ctx, { id: params.id, user_id: body.user_id })),
);
