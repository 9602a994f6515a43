import * as contracts from "@/lib/api/platform/credit-contracts";
import { apiRoute } from "@/lib/api/route";
import { addCreditsToOrganization, toLedgerEntryView } from "@/lib/credits/ledger";

export const dynamic = "force-dynamic";

// POST /api/tenants/organizations/{org_id}/credits/add - platform grant or agency transfer
export const POST = apiRoute(contracts.addCredits, async (ctx, { params, body }) =>
  toLedgerEntryView(await addCreditsToOrganization(ctx, { ...body, id: params.org_id })),
);
