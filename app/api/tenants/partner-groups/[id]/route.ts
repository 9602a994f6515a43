import * as contracts from "@/lib/api/platform/agency-contracts";
import { apiRoute } from "@/lib/api/route";
import { deletePartnerGroup, toPartnerGroupView, updatePartnerGroup } from "@/lib/agencies/partner-groups";

export const dynamic = "force-dynamic";

// PUT /api/tenants/partner-groups/{id} - partial update (superadmin)
export const PUT = apiRoute(contracts.updatePartnerGroup, async (ctx, { params, body }) =>
  toPartnerGroupView(await updatePartnerGroup(ctx, { ...body, id: params.id })),
);

// DELETE /api/tenants/partner-groups/{id} - delete an unused partner group (superadmin)
export const DELETE = apiRoute(contracts.deletePartnerGroup, async (ctx, { params }) => {
  await deletePartnerGroup(ctx, params);
  return { message: "Partner group deleted." };
});
