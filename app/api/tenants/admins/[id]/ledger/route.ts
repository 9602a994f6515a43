import * as contracts from "@/lib/api/platform/credit-contracts";
import { apiRoute } from "@/lib/api/route";
import { agencyLedger, toLedgerEntryView } from "@/lib/credits/ledger";

export const dynamic = "force-dynamic";

// GET /api/tenants/admins/{id}/ledger - an agency's credit ledger
export const GET = apiRoute(contracts.agencyLedger, async (ctx, { params, query }) => {
  const page = await agencyLedger(ctx, { ...query, id: params.id });
  return { ...page, data: page.data.map(toLedgerEntryView) };
});
