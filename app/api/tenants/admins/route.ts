import * as contracts from "@/lib/api/platform/agency-contracts";
import { apiRoute } from "@/lib/api/route";
import { createAgency, listAgencies, toAgencyView } from "@/lib/agencies/agencies";

export const dynamic = "force-dynamic";

// GET /api/tenants/admins - agencies visible to the caller
export const GET = apiRoute(contracts.listAgencies, async (ctx, { query }) => {
  const page = await listAgencies(ctx, query);
  return { ...page, data: page.data.map(toAgencyView) };
});

// POST /api/tenants/admins - create an agency (superadmin)
export const POST = apiRoute(contracts.createAgency, async (ctx, { body }) => toAgencyView(await createAgency(ctx, body)));
