import * as contracts from "@/lib/api/platform/agency-contracts";
import { apiRoute } from "@/lib/api/route";
import { reactivateAgency, toAgencyView } from "@/lib/agencies/agencies";

export const dynamic = "force-dynamic";

// POST /api/tenants/admins/{id}/reactivate - reactivate a suspended agency (superadmin)
export const POST = apiRoute(contracts.reactivateAgency, async (ctx, { params }) => toAgencyView(await reactivateAgency(ctx, params)));
