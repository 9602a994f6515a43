import * as contracts from "@/lib/api/platform/agency-contracts";
import { apiRoute } from "@/lib/api/route";
import { suspendAgency, toAgencyView } from "@/lib/agencies/agencies";

export const dynamic = "force-dynamic";

// POST /api/tenants/admins/{id}/suspend - suspend with a reason (superadmin)
export const POST = apiRoute(contracts.suspendAgency, async (ctx, { params, body }) =>
  toAgencyView(await suspendAgency(ctx, { id: params.id, reason: body.reason })),
);
