import * as contracts from "@/lib/api/platform/agency-contracts";
import { apiRoute } from "@/lib/api/route";
import { createPartnerGroup, listPartnerGroups, toPartnerGroupView } from "@/lib/agencies/partner-groups";

export const dynamic = "force-dynamic";

// GET /api/tenants/partner-groups - every partner group with its agency count (superadmin)
export const GET = apiRoute(contracts.listPartnerGroups, async (ctx) => ({ data: (await listPartnerGroups(ctx)).map(toPartnerGroupView) }));

// POST /api/tenants/partner-groups - create a partner group (superadmin)
export const POST = apiRoute(contracts.createPartnerGroup, async (ctx, { body }) => toPartnerGroupView(await createPartnerGroup(ctx, body)));
