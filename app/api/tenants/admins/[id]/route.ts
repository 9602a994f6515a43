import * as contracts from "@/lib/api/platform/agency-contracts";
import { apiRoute } from "@/lib/api/route";
import { getAgency, toAgencyView, updateAgency } from "@/lib/agencies/agencies";

export const dynamic = "force-dynamic";

// GET /api/tenants/admins/{id} - one agency (superadmin, or its own admins)
export const GET = apiRoute(contracts.getAgency, async (ctx, { params }) => toAgencyView(await getAgency(ctx, params)));

// PUT /api/tenants/admins/{id} - partial update (superadmin)
export const PUT = apiRoute(contracts.updateAgency, async (ctx, { params, body }) =>
  toAgencyView(await updateAgency(ctx, { ...body, id: params.id })),
);
