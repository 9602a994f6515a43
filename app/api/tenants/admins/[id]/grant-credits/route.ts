import * as contracts from "@/lib/api/platform/credit-contracts";
import { apiRoute } from "@/lib/api/route";
import { grantCreditsToAgency, toLedgerEntryView } from "@/lib/credits/ledger";

export const dynamic = "force-dynamic";

// POST /api/tenants/admins/{id}/grant-credits - grant credits to an agency (superadmin)
export const POST = apiRoute(contracts.grantCredits, async (ctx, { params, body }) =>
  toLedgerEntryView(await grantCreditsToAgency(ctx, { ...body, id: params.id })),
);
